package dev.shadowtx.core.marker;

import java.util.List;

/**
 * Asks every configured detector and keeps the marker that isolates most: a message is live only
 * when no detector finds a marker, so a {@code X-Shadow: false} header cannot cancel a host suffix.
 */
public final class CompositeMarkerDetector implements MarkerDetector {

    private final MarkerDetector[] detectors;

    /**
     * Create a composite of the given detectors, asked in order.
     * @param detectors the detectors; may be empty (then every message is live)
     */
    public CompositeMarkerDetector(List<? extends MarkerDetector> detectors) {
        this.detectors = detectors.toArray(new MarkerDetector[0]);
    }

    @Override
    public Detection detect(MarkerCarrier carrier) {
        Detection result = Detection.LIVE;
        for (MarkerDetector detector : this.detectors) {
            result = result.or(detector.detect(carrier));
        }
        return result;
    }
}
