package dev.shadowtx.kafka.producer;

import java.util.Objects;

/**
 * Where a record sent in shadow to one topic goes.
 *
 * @param action what happens to the record
 * @param destination the topic the record is sent to: the shadow topic for
 * {@link KafkaShadowAction#REROUTE}, the original topic otherwise
 */
public record KafkaRoute(KafkaShadowAction action, String destination) {

    public KafkaRoute {
        Objects.requireNonNull(action, "action must not be null");
        Objects.requireNonNull(destination, "destination must not be null");
    }
}
