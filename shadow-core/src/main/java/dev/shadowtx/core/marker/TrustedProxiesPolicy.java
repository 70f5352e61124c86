package dev.shadowtx.core.marker;

import java.util.List;

/**
 * Trusts markers only from TCP peers inside configured CIDR ranges. The peer is what the carrier
 * reports as {@link MarkerCarrier#remoteAddress()}: for the web carriers, the peer that opened the
 * connection as the web server saw it, whatever forwarded-header handling is on; a carrier that
 * cannot tell it reports {@code null}, which no range contains.
 */
public final class TrustedProxiesPolicy implements TrustPolicy {

    private final List<Cidr> ranges;

    /**
     * Create a policy for the given ranges.
     * @param ranges trusted ranges; must not be empty
     */
    public TrustedProxiesPolicy(List<Cidr> ranges) {
        if (ranges.isEmpty()) {
            throw new IllegalArgumentException("At least one trusted range is required");
        }
        this.ranges = List.copyOf(ranges);
    }

    @Override
    public TrustDecision evaluate(Detection detection, MarkerCarrier carrier) {
        String peer = carrier.remoteAddress();
        for (Cidr range : this.ranges) {
            if (range.contains(peer)) {
                return TrustDecision.TRUSTED;
            }
        }
        return TrustDecision.reject(RejectionReason.UNTRUSTED_PEER);
    }

    /**
     * Return the trusted ranges.
     * @return the ranges
     */
    public List<Cidr> getRanges() {
        return this.ranges;
    }
}
