package dev.shadowtx.core.marker;

/**
 * Decides whether the sender of a marked message may mark traffic. A refused marker is never
 * treated as live: the message is rejected as a whole.
 */
@FunctionalInterface
public interface TrustPolicy {

    /**
     * Accept any marker.
     */
    TrustPolicy ANY = (detection, carrier) -> TrustDecision.TRUSTED;

    /**
     * Judge a marked message.
     * @param detection what the detectors found; always marked
     * @param carrier the message, for the peer address and signature headers
     * @return the decision
     */
    TrustDecision evaluate(Detection detection, MarkerCarrier carrier);

    /**
     * Return how much of a request body this policy reads to compare it with a signed body
     * digest header ({@link MarkerCarrier#bodyDigest()}); a larger body is refused.
     * @return the most bytes read, or a negative number when this policy compares no body
     */
    default long bodyDigestMaxSize() {
        return -1;
    }
}
