package dev.shadowtx.core.marker;

import dev.shadowtx.core.context.ShadowMode;
import java.time.Clock;
import java.time.Duration;

/**
 * Trusts a marker only when it comes with a valid {@link MarkerSignature} made with the shared
 * secret, for the same mode, within the accepted clock skew (in either direction).
 */
public final class SignedMarkerPolicy implements TrustPolicy {

    private final MarkerSignature signature;

    private final String signatureHeader;

    private final long maxSkewSeconds;

    private final Clock clock;

    /**
     * Create a policy.
     * @param signature the codec holding the shared secret
     * @param signatureHeader the header that carries the signature
     * @param maxClockSkew the oldest (and most future) timestamp accepted
     * @param clock the clock to compare timestamps with
     */
    public SignedMarkerPolicy(MarkerSignature signature, String signatureHeader, Duration maxClockSkew, Clock clock) {
        if (maxClockSkew.isNegative()) {
            throw new IllegalArgumentException("The maximum clock skew must not be negative");
        }
        this.signature = signature;
        this.signatureHeader = signatureHeader;
        this.maxSkewSeconds = maxClockSkew.toSeconds();
        this.clock = clock;
    }

    @Override
    public TrustDecision evaluate(Detection detection, MarkerCarrier carrier) {
        String value = carrier.firstHeader(this.signatureHeader);
        if (value == null || value.isBlank()) {
            return TrustDecision.reject(RejectionReason.MISSING_SIGNATURE);
        }
        MarkerSignature.Parsed parsed = MarkerSignature.parse(value);
        ShadowMode mode = detection.mode();
        if (parsed == null || mode == null || !this.signature.matches(mode, parsed)) {
            return TrustDecision.reject(RejectionReason.BAD_SIGNATURE);
        }
        long age = this.clock.instant().getEpochSecond() - parsed.epochSecond();
        if (Math.abs(age) > this.maxSkewSeconds) {
            return TrustDecision.reject(RejectionReason.EXPIRED_SIGNATURE);
        }
        return TrustDecision.TRUSTED;
    }
}
