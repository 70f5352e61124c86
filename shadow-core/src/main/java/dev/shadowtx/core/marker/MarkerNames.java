package dev.shadowtx.core.marker;

/**
 * Where the shadow marker travels on every channel: the name of the marker header and the key of
 * the W3C baggage entry. An application has one, created by the starter from
 * {@code shadow.detection.*}; inbound HTTP, outbound HTTP, Feign and Kafka read and write the
 * marker under these names, so every hop of a chain agrees on them.
 * @param header the marker header name, an HTTP token
 * @param baggageKey the baggage key, an HTTP token, or blank when the marker is not carried in
 * baggage
 */
public record MarkerNames(String header, String baggageKey) {

    /**
     * Name of the marker header unless {@code shadow.detection.header} says otherwise.
     */
    public static final String DEFAULT_HEADER = "X-Shadow";

    /**
     * Baggage key unless {@code shadow.detection.baggage-key} says otherwise.
     */
    public static final String DEFAULT_BAGGAGE_KEY = "shadow";

    /**
     * The default header and baggage key.
     */
    public static final MarkerNames DEFAULTS = new MarkerNames(DEFAULT_HEADER, DEFAULT_BAGGAGE_KEY);

    /**
     * Create the names.
     * @throws IllegalArgumentException when the header name or the baggage key is not a token
     */
    public MarkerNames {
        if (!isHeaderName(header)) {
            throw new IllegalArgumentException(
                    "The marker header name must be a non-empty HTTP token such as X-Shadow");
        }
        if (!isBaggageKey(baggageKey)) {
            throw new IllegalArgumentException(
                    "A baggage key must be a token: letters, digits and !#$%&'*+-.^_`|~, or empty to disable");
        }
    }

    /**
     * Whether a value can name the marker header.
     * @param value the candidate
     * @return {@code true} for a non-empty HTTP token
     */
    public static boolean isHeaderName(String value) {
        return HttpToken.isToken(value);
    }

    /**
     * Whether a value can be the baggage key.
     * @param value the candidate
     * @return {@code true} for an HTTP token (surrounding spaces ignored) or a blank value, which
     * disables baggage
     */
    public static boolean isBaggageKey(String value) {
        return value.isBlank() || HttpToken.isToken(value.strip());
    }

    /**
     * Whether the marker is carried in W3C baggage too.
     * @return {@code false} when the baggage key is blank
     */
    public boolean hasBaggageKey() {
        return !this.baggageKey.isBlank();
    }
}
