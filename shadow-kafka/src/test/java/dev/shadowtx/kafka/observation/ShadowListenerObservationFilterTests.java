package dev.shadowtx.kafka.observation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shadowtx.kafka.KafkaMarkers;
import io.micrometer.common.KeyValue;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.springframework.kafka.support.micrometer.KafkaRecordReceiverContext;

class ShadowListenerObservationFilterTests {

    @Test
    void listenerObservationsCarryTheShadowKeyOfTheirRecord() {
        ConsumerRecord<String, String> live = new ConsumerRecord<>("orders", 0, 0, "k", "v");
        ConsumerRecord<String, String> shadow = new ConsumerRecord<>("orders.shadow", 0, 0, "k", "v");
        shadow.headers().add("X-Shadow", "synthetic".getBytes(StandardCharsets.UTF_8));
        ShadowListenerObservationFilter filter = new ShadowListenerObservationFilter(KafkaMarkers.defaults());
        assertThat(observe(filter, live)).contains(KeyValue.of("shadow", "false"));
        assertThat(observe(filter, shadow)).contains(KeyValue.of("shadow", "true"));
    }

    @Test
    void otherObservationsAreLeftAlone() {
        Observation.Context context = new Observation.Context();
        new ShadowListenerObservationFilter(KafkaMarkers.defaults()).map(context);
        assertThat(context.getLowCardinalityKeyValues()).isEmpty();
    }

    private static Iterable<KeyValue> observe(ShadowListenerObservationFilter filter, ConsumerRecord<?, ?> record) {
        ObservationRegistry registry = ObservationRegistry.create();
        registry.observationConfig().observationFilter(filter).observationHandler((context) -> true);
        KafkaRecordReceiverContext context = new KafkaRecordReceiverContext(record, "listener", () -> "cluster");
        Observation.start("spring.kafka.listener", () -> context, registry).stop();
        return context.getLowCardinalityKeyValues();
    }
}
