package dev.shadowtx.kafka.producer;

import java.util.Locale;

/**
 * What happens to a record sent while a shadow context is bound. Live records are never touched.
 */
public enum KafkaShadowAction {

    /**
     * Send to the shadow topic instead: the configured target, or the topic name plus the suffix
     * ({@code orders} becomes {@code orders.shadow}). The default, because it keeps the chain
     * running end to end without a shadow record ever reaching a live topic.
     */
    REROUTE,

    /**
     * Do not send at all: the broker is never contacted and the returned future completes at once
     * with metadata whose offset is {@code -1}.
     */
    DROP,

    /**
     * Send to the original topic, with the marker, for topics whose consumers are all shadow-aware.
     */
    PROPAGATE;

    private final String tagValue = name().toLowerCase(Locale.ROOT);

    /**
     * Return the value used in meter tags and logs.
     * @return the lowercase name
     */
    public String tagValue() {
        return this.tagValue;
    }
}
