package dev.shadowtx.core.context;

import java.util.Locale;

/**
 * Where the marker of a shadow unit of work was found. Bounded, so it is safe as a meter tag.
 */
public enum MarkerSource {

    /**
     * The Envoy {@code -shadow} suffix on the {@code Host} / {@code :authority} header.
     */
    HOST_SUFFIX,

    /**
     * The explicit marker header ({@code X-Shadow} by default).
     */
    HEADER,

    /**
     * A W3C {@code baggage} entry.
     */
    BAGGAGE,

    /**
     * A header on a consumed message, for example a Kafka record.
     */
    MESSAGE,

    /**
     * Bound by application code through the programmatic API.
     */
    PROGRAMMATIC;

    private final String tagValue = name().toLowerCase(Locale.ROOT).replace('_', '-');

    /**
     * Return the value used in meter tags and logs.
     * @return a lowercase, dash-separated name such as {@code host-suffix}
     */
    public String tagValue() {
        return this.tagValue;
    }
}
