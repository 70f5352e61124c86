package dev.shadowtx.kafka;

import dev.shadowtx.core.context.MarkerSource;
import dev.shadowtx.core.context.ShadowContext;
import dev.shadowtx.core.context.ShadowContextHolder;
import dev.shadowtx.core.context.ShadowMode;
import dev.shadowtx.core.marker.BaggageDetector;
import dev.shadowtx.core.marker.CompositeMarkerDetector;
import dev.shadowtx.core.marker.Detection;
import dev.shadowtx.core.marker.HeaderDetector;
import dev.shadowtx.core.marker.MarkerCarrier;
import dev.shadowtx.core.marker.MarkerDetector;
import dev.shadowtx.core.marker.MarkerNames;
import dev.shadowtx.core.metrics.ShadowRecorder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.jspecify.annotations.Nullable;

/**
 * The shadow marker as it travels on Kafka records: written as the {@code X-Shadow} header (name
 * configurable) on every record sent in shadow, and read back, together with a W3C
 * {@code baggage} header, from every consumed record. Both directions share one instance, so the
 * producer and the consumer of a chain always agree on the header.
 * <p>
 * Header names are matched ignoring case, because records also come from non-Java producers and
 * from bridges that lower-case HTTP headers. Reading is fail-safe like everywhere else in
 * shadowtx: a marker value that is present but not understood isolates as shadow.
 */
public final class KafkaMarkers {

    private final String headerName;

    private final MarkerDetector detector;

    /**
     * Create markers with the application's marker names.
     * @param names the marker header and baggage key, as configured under
     * {@code shadow.detection.*}
     */
    public KafkaMarkers(MarkerNames names) {
        this(names.header(), names.baggageKey());
    }

    /**
     * Create markers with the given header name and baggage key.
     * @param headerName the marker header name
     * @param baggageKey the baggage key, or {@code null} / blank to ignore baggage
     */
    public KafkaMarkers(String headerName, @Nullable String baggageKey) {
        List<MarkerDetector> detectors = new ArrayList<>(2);
        detectors.add(new HeaderDetector(headerName, MarkerSource.MESSAGE));
        if (baggageKey != null && !baggageKey.isBlank()) {
            detectors.add(new BaggageDetector(baggageKey));
        }
        this.headerName = headerName;
        this.detector = new CompositeMarkerDetector(detectors);
    }

    /**
     * Create markers with the default header and baggage key.
     * @return the markers
     */
    public static KafkaMarkers defaults() {
        return new KafkaMarkers(MarkerNames.DEFAULTS);
    }

    /**
     * Return the name of the marker header.
     * @return the header name
     */
    public String headerName() {
        return this.headerName;
    }

    /**
     * Read the marker of a record.
     * @param headers the record's headers
     * @return what was found; {@link Detection#LIVE} when the record carries no marker
     */
    public Detection detect(Headers headers) {
        return this.detector.detect(new HeadersCarrier(headers));
    }

    /**
     * Return the context a record's headers carry, reporting a marker that was not understood.
     * @param headers the record's headers
     * @param recorder where to report a malformed marker
     * @return the context, or {@code null} for a live record
     */
    public @Nullable ShadowContext contextOf(Headers headers, ShadowRecorder recorder) {
        Detection detection = detect(headers);
        if (!detection.isMarked()) {
            return null;
        }
        ShadowContext context = detection.toContext();
        if (detection.malformed()) {
            recorder.markerMalformed(context.source());
        }
        return context;
    }

    /**
     * Run work in the context a record's headers carry: shadow or synthetic for a marked record,
     * live (no context at all) otherwise, restoring the caller's context afterwards. For poll
     * loops of the application's own over a shadow-aware consumer, which shadowtx cannot bind.
     * @param headers the record's headers
     * @param work what processes the record
     */
    public void runInContext(Headers headers, Runnable work) {
        Detection detection = detect(headers);
        try (ShadowContextHolder.Scope scope =
                ShadowContextHolder.bind(detection.isMarked() ? detection.toContext() : null)) {
            work.run();
        }
    }

    /**
     * Write the marker for a mode, replacing any marker header already present.
     * @param headers the headers to write to
     * @param mode the mode of the unit of work that sends the record
     */
    public void write(Headers headers, ShadowMode mode) {
        List<String> present = new ArrayList<>(1);
        for (Header header : headers) {
            if (header.key().equalsIgnoreCase(this.headerName)) {
                present.add(header.key());
            }
        }
        present.forEach(headers::remove);
        headers.add(this.headerName, mode.markerValue().getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Read-only view of record headers for the detectors.
     */
    private static final class HeadersCarrier implements MarkerCarrier {

        private final Headers headers;

        HeadersCarrier(Headers headers) {
            this.headers = headers;
        }

        @Override
        public @Nullable String host() {
            return null;
        }

        @Override
        public @Nullable String firstHeader(String name) {
            for (Header header : this.headers) {
                if (header.key().equalsIgnoreCase(name)) {
                    return decode(header);
                }
            }
            return null;
        }

        @Override
        public Iterable<String> headers(String name) {
            List<String> values = new ArrayList<>(1);
            for (Header header : this.headers) {
                if (header.key().equalsIgnoreCase(name)) {
                    values.add(decode(header));
                }
            }
            return values;
        }

        private static String decode(Header header) {
            byte[] value = header.value();
            return (value != null) ? new String(value, StandardCharsets.UTF_8) : "";
        }
    }
}
