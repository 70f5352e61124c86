package dev.shadowtx.core.marker;

/**
 * Looks for one kind of shadow marker on an inbound message.
 */
@FunctionalInterface
public interface MarkerDetector {

    /**
     * Inspect a message.
     * @param carrier the message
     * @return what was found; {@link Detection#LIVE} when nothing
     */
    Detection detect(MarkerCarrier carrier);

    /**
     * Whether {@link #detect} may find a marker on a message, asked through a probe before any
     * carrier is made, so that an unmarked message is decided live without an object per message.
     * {@code false} is a promise: {@link #detect} of a carrier over the same message returns
     * {@link Detection#LIVE}. {@code true} only means that {@link #detect} must be asked.
     * @param probe reads the message
     * @param message the message
     * @param <M> the type of message
     * @return {@code false} only when the message is surely live for this detector; the default
     * answers {@code true}, which is always safe
     */
    default <M> boolean mayDetect(HeaderProbe<M> probe, M message) {
        return true;
    }
}
