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
}
