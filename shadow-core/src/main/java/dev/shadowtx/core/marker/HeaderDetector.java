package dev.shadowtx.core.marker;

import dev.shadowtx.core.context.MarkerSource;

/**
 * Detects the explicit marker header ({@code X-Shadow} by default): {@code shadow} or
 * {@code true} isolate as shadow, {@code synthetic} as synthetic, {@code false} is live, and any
 * other value, an empty one included, isolates as shadow and is reported as malformed. When the
 * header is repeated, the value that isolates most wins.
 */
public final class HeaderDetector implements MarkerDetector {

    private final String headerName;

    private final MarkerSource source;

    /**
     * Create a detector for an inbound request header.
     * @param headerName the header name
     */
    public HeaderDetector(String headerName) {
        this(headerName, MarkerSource.HEADER);
    }

    /**
     * Create a detector that reports the given source, for example for message headers.
     * @param headerName the header name
     * @param source the source to report
     */
    public HeaderDetector(String headerName, MarkerSource source) {
        if (headerName.isBlank()) {
            throw new IllegalArgumentException("Marker header name must not be blank");
        }
        this.headerName = headerName;
        this.source = source;
    }

    @Override
    public Detection detect(MarkerCarrier carrier) {
        if (!carrier.hasHeader(this.headerName)) {
            return Detection.LIVE;
        }
        MarkerValue result = null;
        for (String value : carrier.headers(this.headerName)) {
            result = MarkerValue.strongest(result, MarkerValue.parse(value));
        }
        return (result != null) ? Detection.of(result, this.source) : Detection.LIVE;
    }

    @Override
    public <M> boolean mayDetect(HeaderProbe<M> probe, M message) {
        return probe.hasHeader(message, this.headerName);
    }

    /**
     * Return the header this detector reads.
     * @return the header name
     */
    public String getHeaderName() {
        return this.headerName;
    }
}
