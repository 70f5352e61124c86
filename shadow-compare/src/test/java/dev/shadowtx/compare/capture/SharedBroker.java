package dev.shadowtx.compare.capture;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * One embedded KRaft broker for every capture test in the JVM, and a way to read exchange records back.
 */
final class SharedBroker {

    static final String TOPIC = "shadow.exchanges";

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private static EmbeddedKafkaBroker broker;

    private SharedBroker() {}

    static synchronized String bootstrapServers() {
        if (broker == null) {
            EmbeddedKafkaBroker started = new EmbeddedKafkaKraftBroker(1, 1, TOPIC);
            started.afterPropertiesSet();
            broker = started;
        }
        return broker.getBrokersAsString();
    }

    /**
     * Read the topic from the start until the predicate holds for what was read, or the timeout.
     * @return every record read, as raw text
     */
    static List<String> readUntil(String bootstrapServers, Predicate<List<String>> enough, Duration timeout) {
        Map<String, Object> configuration = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrapServers,
                ConsumerConfig.GROUP_ID_CONFIG,
                "capture-test-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                "earliest");
        List<String> values = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer =
                new KafkaConsumer<>(configuration, new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of(TOPIC));
            long deadline = System.nanoTime() + timeout.toNanos();
            while (!enough.test(values) && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                    values.add(record.value());
                }
            }
        }
        return values;
    }

    static JsonNode parse(String record) {
        return JSON.readTree(record);
    }
}
