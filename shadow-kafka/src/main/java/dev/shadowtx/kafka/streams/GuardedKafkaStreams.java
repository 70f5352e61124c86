package dev.shadowtx.kafka.streams;

import org.apache.kafka.streams.KafkaClientSupplier;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;

/**
 * A {@code KafkaStreams} the application built itself, built again by shadowtx before it started,
 * over the same topology, configuration and clients, with the shadow guard: it is injected
 * wherever the application's instance was.
 */
public final class GuardedKafkaStreams extends KafkaStreams {

    private final boolean processorsWrapped;

    GuardedKafkaStreams(
            Topology topology, StreamsConfig config, KafkaClientSupplier clientSupplier, boolean processorsWrapped) {
        super(topology, config, clientSupplier);
        this.processorsWrapped = processorsWrapped;
    }

    /**
     * Whether its processors run marked records in their shadow context; when not, its consumer
     * never delivers a marked record (they are skipped and counted).
     * @return whether the processors are wrapped
     */
    public boolean processorsWrapped() {
        return this.processorsWrapped;
    }
}
