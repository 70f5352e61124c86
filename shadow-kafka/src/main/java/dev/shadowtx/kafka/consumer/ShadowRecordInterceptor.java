package dev.shadowtx.kafka.consumer;

import dev.shadowtx.core.context.ShadowContext;
import dev.shadowtx.core.context.ShadowContextHolder;
import dev.shadowtx.core.metrics.ShadowRecorder;
import dev.shadowtx.kafka.KafkaMarkers;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.jspecify.annotations.Nullable;
import org.springframework.kafka.listener.RecordInterceptor;

/**
 * Binds the shadow context of each consumed record for the whole invocation of its listener.
 * <p>
 * The context is bound in {@link #intercept} and cleared in {@link #afterRecord}. With the
 * container's default {@code interceptBeforeTx=true}, {@code intercept} runs before the
 * container starts its transaction and {@code afterRecord} after it completes, so a container
 * transaction (a {@code KafkaTransactionManager} or any other) begins inside the shadow context
 * and the transaction guard rolls it back. A live record runs with no context at all, even if a
 * previous record on the same thread failed half-way.
 * <p>
 * The interceptor wraps the application's own interceptor, if any, instead of competing with it:
 * Boot applies a {@code RecordInterceptor} bean only when it is the only one, so a second bean
 * would silently disable both. The application's interceptor runs inside the shadow context and
 * sees every record it would see without shadowtx, except records skipped under
 * {@code skip-shadow-records}.
 *
 * @param <K> the key type
 * @param <V> the value type
 */
public final class ShadowRecordInterceptor<K, V> implements RecordInterceptor<K, V> {

    private final RecordBinding binding;

    private final @Nullable RecordInterceptor<K, V> delegate;

    private final ThreadLocal<@Nullable ConsumerRecord<?, ?>> skipped = new ThreadLocal<>();

    /**
     * Create an interceptor shared by the containers of a factory; the consumer group id of each
     * record is read from the consumer thread.
     * @param markers reads the marker of each record
     * @param policy which listeners receive shadow records
     * @param recorder where to report bound and skipped records
     * @param delegate the application's own interceptor, or {@code null}
     */
    public ShadowRecordInterceptor(
            KafkaMarkers markers,
            ShadowListenerPolicy policy,
            Supplier<ShadowRecorder> recorder,
            @Nullable RecordInterceptor<K, V> delegate) {
        this(new RecordBinding(markers, policy, recorder, null, null), delegate);
    }

    private ShadowRecordInterceptor(RecordBinding binding, @Nullable RecordInterceptor<K, V> delegate) {
        this.binding = binding;
        this.delegate = delegate;
    }

    /**
     * Return a copy of this interceptor for one listener container.
     * @param listenerId the container's listener id
     * @param groupId the container's consumer group id
     * @param delegate the application's own interceptor, or {@code null}
     * @return the interceptor for that container
     */
    public ShadowRecordInterceptor<K, V> forListener(
            @Nullable String listenerId, @Nullable String groupId, @Nullable RecordInterceptor<K, V> delegate) {
        return new ShadowRecordInterceptor<>(this.binding.forListener(listenerId, groupId), delegate);
    }

    /**
     * Return the application's interceptor this one wraps.
     * @return the wrapped interceptor, or {@code null}
     */
    public @Nullable RecordInterceptor<K, V> getDelegate() {
        return this.delegate;
    }

    @Override
    public @Nullable ConsumerRecord<K, V> intercept(ConsumerRecord<K, V> record, Consumer<K, V> consumer) {
        ShadowContextHolder.clear();
        this.skipped.remove();
        ShadowContext context = this.binding.contextOf(record);
        if (context != null) {
            if (this.binding.skipsShadowRecords()) {
                this.binding.recorder.get().recordSkipped(RecordBinding.CHANNEL, record.topic(), context.mode());
                this.skipped.set(record);
                return null;
            }
            ShadowContextHolder.set(context);
            this.binding.recorder.get().requestDetected(context.mode(), context.source());
        }
        return (this.delegate != null) ? this.delegate.intercept(record, consumer) : record;
    }

    @Override
    public void success(ConsumerRecord<K, V> record, Consumer<K, V> consumer) {
        if (this.delegate != null && this.skipped.get() != record) {
            this.delegate.success(record, consumer);
        }
    }

    @Override
    public void failure(ConsumerRecord<K, V> record, Exception exception, Consumer<K, V> consumer) {
        if (this.delegate != null && this.skipped.get() != record) {
            this.delegate.failure(record, exception, consumer);
        }
    }

    @Override
    public void afterRecord(ConsumerRecord<K, V> record, Consumer<K, V> consumer) {
        try {
            if (this.delegate != null && this.skipped.get() != record) {
                this.delegate.afterRecord(record, consumer);
            }
        } finally {
            this.skipped.remove();
            ShadowContextHolder.clear();
        }
    }

    @Override
    public void setupThreadState(Consumer<?, ?> consumer) {
        ShadowContextHolder.clear();
        if (consumer instanceof MixedPollSplitting splitting) {
            splitting.boundByListenerContainer();
        }
        if (this.delegate != null) {
            this.delegate.setupThreadState(consumer);
        }
    }

    @Override
    public void clearThreadState(Consumer<?, ?> consumer) {
        try {
            if (this.delegate != null) {
                this.delegate.clearThreadState(consumer);
            }
        } finally {
            this.skipped.remove();
            ShadowContextHolder.clear();
        }
    }
}
