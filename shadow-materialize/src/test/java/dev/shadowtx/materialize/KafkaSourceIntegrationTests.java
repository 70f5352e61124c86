package dev.shadowtx.materialize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.shadowtx.core.ShadowTraffic;
import dev.shadowtx.core.context.ShadowMode;
import dev.shadowtx.core.testsupport.PlainJdbc;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

/**
 * The Kafka source: Debezium change topics (as Debezium on Kafka Connect writes them, with and
 * without schemas) feed the same applier, with the same ownership rules.
 */
class KafkaSourceIntegrationTests {

    private static EmbeddedKafkaKraftBroker broker;

    private final PlainJdbc shadow = LiveAndShadowDatabases.shadow();

    @BeforeAll
    static void startBroker() {
        broker = new EmbeddedKafkaKraftBroker(1, 1);
        broker.afterPropertiesSet();
    }

    @AfterAll
    static void stopBroker() {
        broker.destroy();
    }

    @ParameterizedTest(name = "schemas.enable={0}")
    @ValueSource(booleans = {true, false})
    void changeTopicsReachTheShadowStoreExceptOnOwnedRows(boolean schemas) {
        String table = LiveAndShadowDatabases.createTable(
                "orders", "id bigint PRIMARY KEY, status text NOT NULL, amount numeric(10,2), placed_at timestamp");
        DebeziumEnvelope events = new DebeziumEnvelope(LiveAndShadowDatabases.uniqueName("shop"), table, schemas);
        Map<String, Object> properties = LiveAndShadowDatabases.embeddedSource("unused", table);
        properties.put("shadow.materialize.source.type", "KAFKA");
        properties.put("shadow.materialize.kafka.bootstrap-servers", broker.getBrokersAsString());
        properties.put("shadow.materialize.kafka.topics", events.topic());
        properties.put("shadow.materialize.kafka.group-id", LiveAndShadowDatabases.uniqueName("shadow_store"));
        long placedAt = 1_767_323_045_123_456L; // 2026-01-02T03:04:05.123456 in microseconds
        try (KafkaProducer<String, String> producer = producer();
                ConfigurableApplicationContext context = MaterializedOrdersApplication.run(properties)) {
            send(producer, events, 1, events.create(1, "placed", "12.50", placedAt));
            send(producer, events, 2, events.create(2, "placed", "-7.05", placedAt));
            await().atMost(Duration.ofSeconds(30))
                    .until(
                            () -> rows(table),
                            (rows) -> rows.equals(List.of(
                                    "(1,placed,12.50,\"2026-01-02 03:04:05.123456\")",
                                    "(2,placed,-7.05,\"2026-01-02 03:04:05.123456\")")));

            JdbcTemplate jdbc = context.getBean(JdbcTemplate.class);
            ShadowTraffic.runIsolated(
                    ShadowMode.SYNTHETIC,
                    () -> jdbc.update("UPDATE " + table + " SET status = 'paid in shadow' WHERE id = 1"));
            send(producer, events, 1, events.update(1, "shipped", "12.50", placedAt));
            send(producer, events, 2, events.update(2, "shipped", "1000.00", placedAt));
            send(producer, events, 1, events.delete(1));
            send(producer, events, 1, null);
            send(producer, events, 2, events.delete(2));
            send(producer, events, 2, null);
            send(producer, events, 3, events.create(3, "placed", "0.01", 0));
            await().atMost(Duration.ofSeconds(30))
                    .until(
                            () -> rows(table),
                            (rows) -> rows.equals(List.of(
                                    "(1,\"paid in shadow\",12.50,\"2026-01-02 03:04:05.123456\")",
                                    "(3,placed,0.01,\"1970-01-01 00:00:00\")")));

            MaterializeStatus status =
                    context.getBean(MaterializedShadowStore.class).status();
            assertThat(status.count("update", "skipped")).isEqualTo(1);
            assertThat(status.count("delete", "skipped")).isEqualTo(1);
            assertThat(status.count("update", "applied")).isEqualTo(1);
            assertThat(status.count("delete", "applied")).isEqualTo(1);
            assertThat(status.count("create", "applied")).isEqualTo(3);
            assertThat(status.lastPosition()).startsWith(events.topic() + "-0@");
        }
    }

    private static KafkaProducer<String, String> producer() {
        return new KafkaProducer<>(
                Map.of("bootstrap.servers", broker.getBrokersAsString()),
                new StringSerializer(),
                new StringSerializer());
    }

    private static void send(KafkaProducer<String, String> producer, DebeziumEnvelope events, long id, String value) {
        try {
            producer.send(new ProducerRecord<>(events.topic(), events.key(id), value))
                    .get();
        } catch (Exception ex) {
            throw new IllegalStateException(ex);
        }
    }

    private List<String> rows(String table) {
        return this.shadow.strings("SELECT t::text FROM " + table + " t ORDER BY id");
    }
}
