package dev.shadowtx.kafka.streams;

import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.streams.KafkaClientSupplier;
import org.jspecify.annotations.Nullable;

/**
 * The clients of a guarded Kafka Streams application: the application's own supplier (Kafka's
 * default one unless it set another) with the Streams producer sending marked records by the
 * shadow policy, and consumers that leave marked records out where the topology must not see
 * them.
 */
final class ShadowKafkaClientSupplier implements KafkaClientSupplier {

    private final ShadowStreamsGuard guard;

    private final KafkaClientSupplier delegate;

    private final @Nullable String applicationId;

    private final boolean processorsUnguarded;

    ShadowKafkaClientSupplier(ShadowStreamsGuard guard, KafkaClientSupplier delegate, @Nullable String applicationId) {
        this(guard, delegate, applicationId, false);
    }

    /**
     * Create the supplier.
     * @param guard the guard
     * @param delegate the application's supplier
     * @param applicationId the application id
     * @param processorsUnguarded whether the topology's processors could not be wrapped: its main
     * consumer then never delivers a marked record, whatever the policy
     */
    ShadowKafkaClientSupplier(
            ShadowStreamsGuard guard,
            KafkaClientSupplier delegate,
            @Nullable String applicationId,
            boolean processorsUnguarded) {
        this.guard = guard;
        this.delegate = delegate;
        this.applicationId = applicationId;
        this.processorsUnguarded = processorsUnguarded;
    }

    KafkaClientSupplier delegate() {
        return this.delegate;
    }

    @Override
    public Admin getAdmin(Map<String, Object> config) {
        return this.delegate.getAdmin(config);
    }

    @Override
    @SuppressWarnings({"unchecked", "rawtypes"})
    public Producer<byte[], byte[]> getProducer(Map<String, Object> config) {
        Producer producer = this.delegate.getProducer(config);
        return this.guard.producerGuard().applyToStreams(producer, this::isInternal);
    }

    @Override
    public Consumer<byte[], byte[]> getConsumer(Map<String, Object> config) {
        Consumer<byte[], byte[]> consumer = this.delegate.getConsumer(config);
        return (this.processorsUnguarded || this.guard.skips(this.applicationId)) ? liveOnly(consumer) : consumer;
    }

    @Override
    public Consumer<byte[], byte[]> getRestoreConsumer(Map<String, Object> config) {
        return this.delegate.getRestoreConsumer(config);
    }

    @Override
    public Consumer<byte[], byte[]> getGlobalConsumer(Map<String, Object> config) {
        return liveOnly(this.delegate.getGlobalConsumer(config));
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private Consumer<byte[], byte[]> liveOnly(Consumer<byte[], byte[]> consumer) {
        return (Consumer<byte[], byte[]>) this.guard.consumerGuard().apply((Consumer) consumer);
    }

    /**
     * Whether a topic is one of the application's own repartition or changelog topics, which
     * carry the topology's plumbing rather than its output.
     */
    private boolean isInternal(String topic) {
        return this.applicationId != null
                && topic.startsWith(this.applicationId + "-")
                && (topic.endsWith("-repartition") || topic.endsWith("-changelog"));
    }
}
