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
}
