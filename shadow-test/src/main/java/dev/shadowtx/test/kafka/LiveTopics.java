package dev.shadowtx.test.kafka;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Proves that nothing reached a set of live topics, with plain Kafka clients (no shadowtx in the
 * way). "Nothing arrived" cannot be proven by waiting; it is proven with a sentinel: after the
 * work under test, a sentinel record goes to every partition, and every record between the
 * {@link #mark() mark} and the sentinel is read back. A record the work sent would have been read
 * before the sentinel.
 * <pre class="code">
 * try (LiveTopics live = LiveTopics.watch(bootstrapServers, "orders", "payments")) {
 *     LiveTopics.Mark mark = live.mark();
 *     mockMvc.perform(post("/orders").with(shadowHeader()));
 *     live.assertNothingSentSince(mark);
 * }
 * </pre>
 * Reads with {@code read_uncommitted}, so an aborted transactional record also counts as sent;
 * {@link #watchCommitted} reads with {@code read_committed} instead, to prove that records were
 * committed (on a shadow topic, say).
 * One instance keeps its producer and consumer open; reuse it across tests. Not thread-safe.
 */
public final class LiveTopics implements AutoCloseable {

    /**
     * Header that marks the sentinel records this class writes.
     */
    public static final String SENTINEL_HEADER = "shadowtx-sentinel";

    private final List<String> topics;

    private final KafkaProducer<byte[], byte[]> producer;

    private final KafkaConsumer<byte[], byte[]> consumer;

    private final List<TopicPartition> partitions = new ArrayList<>();

    private Duration timeout = Duration.ofSeconds(20);

    private LiveTopics(String bootstrapServers, List<String> topics, String isolationLevel) {
        this.topics = topics;
        Map<String, Object> producerConfig = new HashMap<>();
        producerConfig.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        producerConfig.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        producerConfig.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        producerConfig.put(ProducerConfig.LINGER_MS_CONFIG, 0);
        this.producer = new KafkaProducer<>(producerConfig);
        Map<String, Object> consumerConfig = new HashMap<>();
        consumerConfig.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        consumerConfig.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        consumerConfig.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        consumerConfig.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        consumerConfig.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, isolationLevel);
        this.consumer = new KafkaConsumer<>(consumerConfig);
        for (String topic : topics) {
            this.consumer
                    .partitionsFor(topic, this.timeout)
                    .forEach((info) -> this.partitions.add(new TopicPartition(topic, info.partition())));
        }
        this.consumer.assign(this.partitions);
    }

    /**
     * Start watching live topics. They must exist.
     * @param bootstrapServers the broker addresses
     * @param topics the live topics
     * @return the watcher; close it when done
     */
    public static LiveTopics watch(String bootstrapServers, String... topics) {
        return new LiveTopics(bootstrapServers, List.of(topics), "read_uncommitted");
    }

    /**
     * Start watching topics with {@code read_committed}: records of aborted or still open
     * transactions are not returned. They must exist.
     * @param bootstrapServers the broker addresses
     * @param topics the topics
     * @return the watcher; close it when done
     */
    public static LiveTopics watchCommitted(String bootstrapServers, String... topics) {
        return new LiveTopics(bootstrapServers, List.of(topics), "read_committed");
    }

    /**
     * Change how long a sentinel may take to come back (20 seconds by default).
     * @param timeout the timeout
     * @return this
     */
    public LiveTopics timeout(Duration timeout) {
        this.timeout = timeout;
        return this;
    }

    /**
     * Remember the end of every partition of the live topics.
     * @return the mark
     */
    public Mark mark() {
        return new Mark(Map.copyOf(this.consumer.endOffsets(this.partitions, this.timeout)));
    }

    /**
     * Run work and assert it sent nothing to the live topics.
     * @param work the work, for example one shadow request
     * @throws Exception what the work throws
     */
    public void assertNothingSent(ThrowingRunnable work) throws Exception {
        Mark mark = mark();
        work.run();
        assertNothingSentSince(mark);
    }

    /**
     * Assert that no record reached the live topics since the mark.
     * @param mark the mark
     * @throws AssertionError listing what arrived
     */
    public void assertNothingSentSince(Mark mark) {
        assertNothingSentSince(mark, (record) -> true);
    }

    /**
     * Assert that no record of interest reached the live topics since the mark, ignoring the
     * records other tests send concurrently.
     * @param mark the mark
     * @param ofInterest which records count, for example those with the key the test used
     * @throws AssertionError listing what arrived
     */
    public void assertNothingSentSince(Mark mark, Predicate<ConsumerRecord<byte[], byte[]>> ofInterest) {
        List<ConsumerRecord<byte[], byte[]>> found =
                recordsSince(mark).stream().filter(ofInterest).toList();
        if (!found.isEmpty()) {
            StringBuilder message = new StringBuilder("Expected nothing on the live topics, but found:");
            found.forEach((record) -> message.append(String.format(
                    "%n  %s-%d@%d key=%s", record.topic(), record.partition(), record.offset(), text(record.key()))));
            throw new AssertionError(message.toString());
        }
    }

    /**
     * Return every record that reached the live topics since the mark (sentinels excluded).
     * @param mark the mark
     * @return the records, per partition in offset order
     */
    public List<ConsumerRecord<byte[], byte[]>> recordsSince(Mark mark) {
        byte[] sentinel = ("sentinel-" + UUID.randomUUID()).getBytes(StandardCharsets.UTF_8);
        for (TopicPartition partition : this.partitions) {
            ProducerRecord<byte[], byte[]> record =
                    new ProducerRecord<>(partition.topic(), partition.partition(), sentinel, sentinel);
            record.headers().add(SENTINEL_HEADER, sentinel);
            try {
                this.producer.send(record).get(this.timeout.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Interrupted while sending a sentinel", ex);
            } catch (ExecutionException | TimeoutException ex) {
                throw new IllegalStateException("Could not send a sentinel to " + partition, ex);
            }
        }
        for (TopicPartition partition : this.partitions) {
            Long offset = mark.endOffsets().get(partition);
            this.consumer.seek(partition, (offset != null) ? offset : 0L);
        }
        Set<TopicPartition> pending = new HashSet<>(this.partitions);
        List<ConsumerRecord<byte[], byte[]>> found = new ArrayList<>();
        long deadline = System.nanoTime() + this.timeout.toNanos();
        while (!pending.isEmpty()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("Sentinels not read back from " + pending + " in " + this.timeout);
            }
            for (ConsumerRecord<byte[], byte[]> record : this.consumer.poll(Duration.ofMillis(50))) {
                Header header = record.headers().lastHeader(SENTINEL_HEADER);
                if (header == null) {
                    if (pending.contains(new TopicPartition(record.topic(), record.partition()))) {
                        found.add(record);
                    }
                } else if (java.util.Arrays.equals(header.value(), sentinel)) {
                    pending.remove(new TopicPartition(record.topic(), record.partition()));
                }
            }
        }
        return found;
    }

    /**
     * Return the live topics watched.
     * @return the topics
     */
    public List<String> topics() {
        return this.topics;
    }

    /**
     * Return the key of a record as UTF-8 text.
     * @param bytes the key or value bytes
     * @return the text, {@code "null"} when absent
     */
    public static String text(byte @org.jspecify.annotations.Nullable [] bytes) {
        return (bytes != null) ? new String(bytes, StandardCharsets.UTF_8) : "null";
    }

    @Override
    public void close() {
        this.producer.close(Duration.ofSeconds(5));
        this.consumer.close(Duration.ofSeconds(5));
    }

    /**
     * The end offsets of the live topics at one point in time.
     * @param endOffsets end offset per partition
     */
    public record Mark(Map<TopicPartition, Long> endOffsets) {}

    /**
     * Work that may throw.
     */
    @FunctionalInterface
    public interface ThrowingRunnable {

        /**
         * Run the work.
         * @throws Exception anything
         */
        void run() throws Exception;
    }
}
