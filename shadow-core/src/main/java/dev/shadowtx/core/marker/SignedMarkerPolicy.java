package dev.shadowtx.core.marker;

import dev.shadowtx.core.context.ShadowMode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * Trusts a marker only when it comes with a valid {@link MarkerSignature} made with the shared
 * secret for this very request (mode, method, path and query, body digest header), dated no
 * older than the clock skew and no further ahead than the (smaller) future skew, and never seen
 * before: each accepted signature is remembered in a {@link SignatureReplayCache} until it would
 * be too old anyway. When the signature covers a body digest header, the body itself must have
 * that digest ({@link MarkerCarrier#bodyDigest()}). Signatures in the legacy format (mode and time only) are refused unless
 * explicitly accepted; they are not checked for replay, since the legacy format is meant to be
 * reused within its second.
 */
public final class SignedMarkerPolicy implements TrustPolicy {

    /**
     * Largest clock skew accepted: a signature stays replayable-checked in memory that long.
     */
    public static final Duration MAX_CLOCK_SKEW = Duration.ofMinutes(5);

    /**
     * Most body bytes read by default to compare a body with its signed digest: 1 MiB.
     */
    public static final long DEFAULT_BODY_DIGEST_MAX_SIZE = 1024 * 1024;

    private final MarkerSignature signature;

    private final String signatureHeader;

    private final long maxSkewSeconds;

    private final long maxFutureSkewSeconds;

    private final SignatureReplayCache replayCache;

    private final boolean acceptLegacy;

    private final Clock clock;

    private final long bodyDigestMaxSize;

    /**
     * Create a policy that reads at most {@link #DEFAULT_BODY_DIGEST_MAX_SIZE} of a body to
     * compare it with its signed digest.
     * @param signature the codec holding the shared secret
     * @param signatureHeader the header that carries the signature
     * @param maxClockSkew the oldest timestamp accepted; at most {@link #MAX_CLOCK_SKEW}
     * @param maxFutureSkew how far ahead of this clock a timestamp may be; at most {@code maxClockSkew}
     * @param replayCache where accepted signatures are remembered
     * @param acceptLegacy whether signatures in the legacy format are accepted
     * @param clock the clock to compare timestamps with
     */
    public SignedMarkerPolicy(
            MarkerSignature signature,
            String signatureHeader,
            Duration maxClockSkew,
            Duration maxFutureSkew,
            SignatureReplayCache replayCache,
            boolean acceptLegacy,
            Clock clock) {
        this(
                signature,
                signatureHeader,
                maxClockSkew,
                maxFutureSkew,
                replayCache,
                acceptLegacy,
                clock,
                DEFAULT_BODY_DIGEST_MAX_SIZE);
    }

    /**
     * Create a policy.
     * @param signature the codec holding the shared secret
     * @param signatureHeader the header that carries the signature
     * @param maxClockSkew the oldest timestamp accepted; at most {@link #MAX_CLOCK_SKEW}
     * @param maxFutureSkew how far ahead of this clock a timestamp may be; at most {@code maxClockSkew}
     * @param replayCache where accepted signatures are remembered
     * @param acceptLegacy whether signatures in the legacy format are accepted
     * @param clock the clock to compare timestamps with
     * @param bodyDigestMaxSize most body bytes read to compare a body with its signed digest
     */
    public SignedMarkerPolicy(
            MarkerSignature signature,
            String signatureHeader,
            Duration maxClockSkew,
            Duration maxFutureSkew,
            SignatureReplayCache replayCache,
            boolean acceptLegacy,
            Clock clock,
            long bodyDigestMaxSize) {
        if (maxClockSkew.isNegative() || maxClockSkew.compareTo(MAX_CLOCK_SKEW) > 0) {
            throw new IllegalArgumentException("The maximum clock skew must be between 0 and " + MAX_CLOCK_SKEW);
        }
        if (maxFutureSkew.isNegative() || maxFutureSkew.compareTo(maxClockSkew) > 0) {
            throw new IllegalArgumentException("The maximum future skew must be between 0 and the maximum clock skew");
        }
        this.signature = signature;
        this.signatureHeader = signatureHeader;
        this.maxSkewSeconds = maxClockSkew.toSeconds();
        this.maxFutureSkewSeconds = maxFutureSkew.toSeconds();
        this.replayCache = replayCache;
        this.acceptLegacy = acceptLegacy;
        this.clock = clock;
        if (bodyDigestMaxSize < 0) {
            throw new IllegalArgumentException("The body digest maximum size must not be negative");
        }
        this.bodyDigestMaxSize = bodyDigestMaxSize;
    }

    @Override
    public TrustDecision evaluate(Detection detection, MarkerCarrier carrier) {
        String value = carrier.firstHeader(this.signatureHeader);
        if (value == null || value.isBlank()) {
            return TrustDecision.reject(RejectionReason.MISSING_SIGNATURE);
        }
        MarkerSignature.Parsed parsed = MarkerSignature.parse(value);
        ShadowMode mode = detection.mode();
        if (parsed == null || mode == null) {
            return TrustDecision.reject(RejectionReason.BAD_SIGNATURE);
        }
        boolean legacy = parsed.version() == 1;
        if (legacy && !this.acceptLegacy) {
            return TrustDecision.reject(RejectionReason.LEGACY_SIGNATURE);
        }
        String bodyDigest = carrier.firstHeader(MarkerSignature.BODY_DIGEST_HEADER);
        if (!this.signature.matches(mode, parsed, carrier.method(), carrier.target(), bodyDigest)) {
            return TrustDecision.reject(RejectionReason.BAD_SIGNATURE);
        }
        long now = this.clock.instant().getEpochSecond();
        long age = now - parsed.epochSecond();
        if (age > this.maxSkewSeconds || -age > this.maxFutureSkewSeconds) {
            return TrustDecision.reject(RejectionReason.EXPIRED_SIGNATURE);
        }
        if (bodyDigest != null) {
            RejectionReason bodyMismatch = checkBody(bodyDigest, carrier);
            if (bodyMismatch != null) {
                return TrustDecision.reject(bodyMismatch);
            }
        }
        if (legacy) {
            return TrustDecision.TRUSTED;
        }
        return switch (this.replayCache.record(parsed.signature(), parsed.epochSecond() + this.maxSkewSeconds, now)) {
            case FIRST_SEEN -> TrustDecision.TRUSTED;
            case REPLAYED -> TrustDecision.reject(RejectionReason.REPLAYED_SIGNATURE);
            case FULL -> TrustDecision.reject(RejectionReason.REPLAY_CACHE_FULL);
        };
    }

    /**
     * Compare the body with the signed digest header. A carrier that has no body to read (a
     * record) leaves the header covered by the signature only.
     */
    private static @Nullable RejectionReason checkBody(String signedDigest, MarkerCarrier carrier) {
        String actual = carrier.bodyDigest();
        if (actual == null) {
            return null;
        }
        if (MarkerCarrier.BODY_TOO_LARGE.equals(actual)) {
            return RejectionReason.BODY_TOO_LARGE;
        }
        boolean matches = MessageDigest.isEqual(
                actual.getBytes(StandardCharsets.US_ASCII), signedDigest.strip().getBytes(StandardCharsets.US_ASCII));
        return matches ? null : RejectionReason.BODY_DIGEST_MISMATCH;
    }

    @Override
    public long bodyDigestMaxSize() {
        return this.bodyDigestMaxSize;
    }

    /**
     * Return the cache of accepted signatures.
     * @return the cache
     */
    public SignatureReplayCache getReplayCache() {
        return this.replayCache;
    }
}
