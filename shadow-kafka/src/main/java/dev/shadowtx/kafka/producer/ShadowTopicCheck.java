package dev.shadowtx.kafka.producer;

/**
 * Tells whether a shadow topic exists before a record is rerouted to it. Without such a check, a
 * producer asked to send to a topic the broker does not know (and will not auto-create) blocks
 * the sending thread for {@code max.block.ms} (a minute by default) waiting for metadata, so a
 * misconfigured shadow topic would stall every shadow request instead of failing it.
 */
@FunctionalInterface
public interface ShadowTopicCheck {

    /**
     * A check that assumes every topic exists (for brokers that auto-create topics).
     */
    ShadowTopicCheck ASSUME_PRESENT = (topic) -> true;

    /**
     * Whether a topic exists. Must return quickly; may block for a bounded time the first time a
     * topic is asked about.
     * @param topic the shadow topic
     * @return {@code true} when records may be sent to it
     */
    boolean exists(String topic);
}
