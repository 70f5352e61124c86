package dev.shadowtx.core.marker;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Asks every configured detector and keeps the marker that isolates most: a message is live only
 * when no detector finds a marker, so a {@code X-Shadow: false} header cannot cancel a host suffix.
 */
public final class CompositeMarkerDetector implements MarkerDetector {

    /**
     * The first three detectors, each asked from a call site of its own: the JIT then sees one
     * detector type per call site and can inline them.
     */
    private final @Nullable MarkerDetector first;

    private final @Nullable MarkerDetector second;

    private final @Nullable MarkerDetector third;

    /**
     * The detectors after the third, asked in a loop.
     */
    private final MarkerDetector[] rest;

    /**
     * When every detector is one of the built-in ones, whose questions to a probe are a header's
     * presence or a fragment of the host: the headers they ask about, so that a probe answers them
     * all in one pass; {@code null} when a detector asks something else.
     */
    private final String @Nullable [] probeHeaders;

    /**
     * The host fragment the built-in detectors ask about, or {@code null} when none does.
     */
    private final @Nullable String probeHost;

    /**
     * Create a composite of the given detectors, asked in order.
     * @param detectors the detectors; may be empty (then every message is live)
     */
    public CompositeMarkerDetector(List<? extends MarkerDetector> detectors) {
        MarkerDetector[] all = detectors.toArray(new MarkerDetector[0]);
        this.first = (all.length > 0) ? all[0] : null;
        this.second = (all.length > 1) ? all[1] : null;
        this.third = (all.length > 2) ? all[2] : null;
        this.rest = (all.length > 3) ? Arrays.copyOfRange(all, 3, all.length) : new MarkerDetector[0];
        List<String> headers = new ArrayList<>();
        String host = null;
        boolean builtIn = true;
        for (MarkerDetector detector : all) {
            if (detector instanceof HeaderDetector header) {
                headers.add(header.getHeaderName());
            } else if (detector instanceof BaggageDetector) {
                headers.add(BaggageDetector.BAGGAGE_HEADER);
            } else if (detector instanceof HostSuffixDetector) {
                host = HostSuffixDetector.SUFFIX;
            } else {
                builtIn = false;
            }
        }
        this.probeHeaders = builtIn ? headers.toArray(new String[0]) : null;
        this.probeHost = host;
    }

    @Override
    public Detection detect(MarkerCarrier carrier) {
        Detection result = Detection.LIVE;
        MarkerDetector detector = this.first;
        if (detector == null) {
            return result;
        }
        result = result.or(detector.detect(carrier));
        detector = this.second;
        if (detector == null) {
            return result;
        }
        result = result.or(detector.detect(carrier));
        detector = this.third;
        if (detector == null) {
            return result;
        }
        result = result.or(detector.detect(carrier));
        for (MarkerDetector next : this.rest) {
            result = result.or(next.detect(carrier));
        }
        return result;
    }

    /**
     * Whether any detector may find a marker: {@code false} only when every detector promises
     * that the message is live for it.
     */
    @Override
    public <M> boolean mayDetect(HeaderProbe<M> probe, M message) {
        String[] headers = this.probeHeaders;
        if (headers != null) {
            return probe.hasAnyHeaderOrHost(message, headers, this.probeHost);
        }
        MarkerDetector detector = this.first;
        if (detector == null) {
            return false;
        }
        if (detector.mayDetect(probe, message)) {
            return true;
        }
        detector = this.second;
        if (detector == null) {
            return false;
        }
        if (detector.mayDetect(probe, message)) {
            return true;
        }
        detector = this.third;
        if (detector == null) {
            return false;
        }
        if (detector.mayDetect(probe, message)) {
            return true;
        }
        for (MarkerDetector next : this.rest) {
            if (next.mayDetect(probe, message)) {
                return true;
            }
        }
        return false;
    }
}
