package dev.shadowtx.test.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

class LiveTopicsTests {

    static EmbeddedKafkaBroker broker;

    static LiveTopics live;

    @BeforeAll
    static void start() {
        broker = new EmbeddedKafkaKraftBroker(1, 2, "orders", "payments")
                .brokerProperties(
                        Map.of("transaction.state.log.replication.factor", "1", "transaction.state.log.min.isr", "1"));
        broker.afterPropertiesSet();
        live = LiveTopics.watch(broker.getBrokersAsString(), "orders", "payments");
    }

    @AfterAll
    static void stop() {
        live.close();
        broker.destroy();
    }

    @Test
    void passesWhenNothingWasSent() throws Exception {
        live.assertNothingSent(() -> {});
    }

    @Test
    void failsNamingTheRecordThatReachedALiveTopic() {
        LiveTopics.Mark mark = live.mark();
        send("payments", "charge-42");
        assertThatExceptionOfType(AssertionError.class)
                .isThrownBy(() -> live.assertNothingSentSince(mark))
                .withMessageContaining("payments-")
                .withMessageContaining("key=charge-42");
    }

    @Test
    void ignoresRecordsOutsideThePredicateAndRecordsBeforeTheMark() {
        send("orders", "before");
        LiveTopics.Mark mark = live.mark();
        send("orders", "someone-else");
        live.assertNothingSentSince(mark, (record) -> "mine".equals(LiveTopics.text(record.key())));
        assertThat(live.recordsSince(mark))
                .extracting((record) -> LiveTopics.text(record.key()))
                .containsExactly("someone-else");
    }

    @Test
    void committedWatcherSkipsAbortedTransactionalRecordsThatTheDefaultWatcherCounts() {
        LiveTopics.Mark mark = live.mark();
        try (LiveTopics committed = LiveTopics.watchCommitted(broker.getBrokersAsString(), "orders", "payments")) {
            LiveTopics.Mark committedMark = committed.mark();
            sendInTransaction("orders", "aborted", false);
            sendInTransaction("orders", "committed", true);

            assertThat(committed.recordsSince(committedMark))
                    .extracting((record) -> LiveTopics.text(record.key()))
                    .containsExactly("committed");
        }
        assertThat(live.recordsSince(mark))
                .extracting((record) -> LiveTopics.text(record.key()))
                .containsExactlyInAnyOrder("aborted", "committed");
    }

    private static void sendInTransaction(String topic, String key, boolean commit) {
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                broker.getBrokersAsString(),
                ProducerConfig.TRANSACTIONAL_ID_CONFIG,
                "live-topics-tests-" + key,
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG,
                StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG,
                StringSerializer.class))) {
            producer.initTransactions();
            producer.beginTransaction();
            producer.send(new ProducerRecord<>(topic, key, "value")).get();
            if (commit) {
                producer.commitTransaction();
            } else {
                producer.abortTransaction();
            }
        } catch (Exception ex) {
            throw new IllegalStateException(ex);
        }
    }

    private static void send(String topic, String key) {
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                broker.getBrokersAsString(),
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG,
                StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG,
                StringSerializer.class))) {
            producer.send(new ProducerRecord<>(topic, key, "value")).get();
        } catch (Exception ex) {
            throw new IllegalStateException(ex);
        }
    }
}
