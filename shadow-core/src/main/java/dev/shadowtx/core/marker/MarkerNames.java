package dev.shadowtx.core.marker;

import java.util.List;
import java.util.function.Predicate;

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
     * Properties the starter reads into the application's names and marker propagation; nothing
     * else reads them.
     */
    private static final List<String> STARTER_PROPERTIES = List.of(
            "shadow.detection.header",
            "shadow.detection.baggage-key",
            "shadow.propagation.exclude-hosts",
            "shadow.propagation.exclude-hosts[0]");

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
     * Return the names an integration module (Kafka, Feign) uses in an application that has none
     * of its own, because the starter is absent or its core auto-configuration is excluded: the
     * defaults. When the application sets one of the properties only the starter reads, the module
     * would mark records and calls under other names than the configured ones, which a receiving
     * service could take for live traffic, so this fails instead.
     * @param configured whether the application sets a property, by its canonical name
     * @return {@link #DEFAULTS}
     * @throws IllegalStateException when {@code shadow.detection.header},
     * {@code shadow.detection.baggage-key} or {@code shadow.propagation.exclude-hosts} is set
     */
    public static MarkerNames withoutStarter(Predicate<String> configured) {
        for (String property : STARTER_PROPERTIES) {
            if (configured.test(property)) {
                throw new IllegalStateException(property.replace("[0]", "")
                        + " is set, but only shadow-spring-boot-starter reads it, and the application has no "
                        + "MarkerNames bean from it: add the starter (or do not exclude ShadowAutoConfiguration)");
            }
        }
        return DEFAULTS;
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
