package dev.shadowtx.kafka.testsupport;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.awaitility.Awaitility;
import org.jspecify.annotations.Nullable;
import org.springframework.kafka.test.EmbeddedKafkaBroker;

/**
 * Reads what really is on a topic of the test broker, with plain Kafka clients (no shadowtx in
 * the way). "Nothing arrived" is proven with a sentinel: a record sent after the one under test,
 * on the same single-partition topic, is read back; anything the test sent before it would have
 * been read first. A sentinel goes to every partition, and reading stops once all are read.
 */
public final class TopicRecords {

    private TopicRecords() {}

    /**
     * Return the address of the JVM's embedded broker.
     * @return the bootstrap servers
     */
    public static String brokers() {
        String brokers = System.getProperty(EmbeddedKafkaBroker.SPRING_EMBEDDED_KAFKA_BROKERS);
        if (brokers == null) {
            throw new IllegalStateException("The global embedded broker is not running");
        }
        return brokers;
    }

    /**
     * Send a live sentinel record to every partition of a topic, without shadowtx.
     * @param topic the topic
     * @param key the sentinel key
     * @return the number of partitions
     */
    public static int sendSentinels(String topic, String key) {
        Map<String, Object> config = Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                brokers(),
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG,
                StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG,
                StringSerializer.class);
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(config)) {
            int partitions = producer.partitionsFor(topic).size();
            for (int partition = 0; partition < partitions; partition++) {
                producer.send(new ProducerRecord<>(topic, partition, key, "sentinel"))
                        .get();
            }
            return partitions;
        } catch (Exception ex) {
            throw new IllegalStateException(ex);
        }
    }

    /**
     * Send a record without shadowtx, with the given headers, as an upstream service would.
     * @param topic the topic
     * @param key the key
     * @param headers header names and values, alternating
     */
    public static void send(String topic, String key, String... headers) {
        Map<String, Object> config = Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                brokers(),
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG,
                StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG,
                StringSerializer.class);
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(config)) {
            ProducerRecord<String, String> record = new ProducerRecord<>(topic, key, "value of " + key);
            for (int i = 0; i + 1 < headers.length; i += 2) {
                record.headers().add(headers[i], headers[i + 1].getBytes(StandardCharsets.UTF_8));
            }
            producer.send(record).get();
        } catch (Exception ex) {
            throw new IllegalStateException(ex);
        }
    }

    /**
     * Send sentinels and return every record of the topic that precedes it and has one of the
     * given keys.
     * @param topic the topic
     * @param readCommitted whether to read with {@code isolation.level=read_committed}
     * @param keys the keys of interest
     * @return the records with those keys, in order
     */
    public static List<ConsumerRecord<String, String>> withKeys(String topic, boolean readCommitted, String... keys) {
        String sentinel = "sentinel-" + UUID.randomUUID();
        int sentinels = sendSentinels(topic, sentinel);
        Map<String, Object> config = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                brokers(),
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG,
                StringDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG,
                StringDeserializer.class,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
                false,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG,
                (readCommitted ? "read_committed" : "read_uncommitted"));
        List<ConsumerRecord<String, String>> found = new ArrayList<>();
        List<String> wanted = List.of(keys);
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(config)) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map((info) -> new TopicPartition(topic, info.partition()))
                    .toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(100))) {
                    if (sentinel.equals(record.key())) {
                        if (--sentinels == 0) {
                            return found;
                        }
                        continue;
                    }
                    if (wanted.contains(record.key())) {
                        found.add(record);
                    }
                }
            }
        }
        throw new IllegalStateException("Sentinel not read back from " + topic);
    }

    /**
     * Wait until a topic holds records with a key, and return them.
     * @param topic the topic
     * @param key the key
     * @return the records with that key, in order, at least one
     */
    public static List<ConsumerRecord<String, String>> awaitWithKey(String topic, String key) {
        return Awaitility.await()
                .atMost(Duration.ofSeconds(60))
                .until(() -> withKeys(topic, false, key), (records) -> !records.isEmpty());
    }

    /**
     * Return the value of a header as text.
     * @param record the record
     * @param name the header name
     * @return the last value, or {@code null} when absent
     */
    public static @Nullable String header(ConsumerRecord<?, ?> record, String name) {
        Header header = record.headers().lastHeader(name);
        return (header != null) ? new String(header.value(), StandardCharsets.UTF_8) : null;
    }

    /**
     * Return a fresh key for one test.
     * @param prefix a readable prefix
     * @return the key
     */
    public static String key(String prefix) {
        return prefix.toLowerCase(Locale.ROOT) + "-" + UUID.randomUUID();
    }
}
