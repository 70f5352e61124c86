package dev.shadowtx.kafka.producer;

import dev.shadowtx.core.ShadowBlockedException;

/**
 * A record sent in shadow was not sent because its shadow topic does not exist (or could not be
 * confirmed in time). Raised at once instead of letting the producer block for
 * {@code max.block.ms}; the broker never received the record.
 */
public class ShadowTopicMissingException extends ShadowBlockedException {

    private static final long serialVersionUID = 1L;

    private final String topic;

    private final String shadowTopic;

    /**
     * Create an exception.
     * @param topic the topic the application sent to
     * @param shadowTopic the shadow topic that is missing
     */
    public ShadowTopicMissingException(String topic, String shadowTopic) {
        super(
                "kafka",
                "send to missing shadow topic '" + shadowTopic + "' (REROUTE target of '" + topic
                        + "': declare it as a NewTopic bean or let shadow.kafka.provisioning create it, set shadow.kafka.topics["
                        + topic
                        + "].action=DROP, or set shadow.kafka.topic-check.enabled=false if the brokers auto-create "
                        + "topics)");
        this.topic = topic;
        this.shadowTopic = shadowTopic;
    }

    /**
     * Return the topic the application sent to.
     * @return the live topic
     */
    public String getTopic() {
        return this.topic;
    }

    /**
     * Return the shadow topic that is missing.
     * @return the shadow topic
     */
    public String getShadowTopic() {
        return this.shadowTopic;
    }
}
