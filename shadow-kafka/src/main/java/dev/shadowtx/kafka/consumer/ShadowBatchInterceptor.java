package dev.shadowtx.kafka.consumer;

import dev.shadowtx.core.context.ShadowContext;
import dev.shadowtx.core.context.ShadowContextHolder;
import dev.shadowtx.core.metrics.ShadowRecorder;
import dev.shadowtx.kafka.KafkaMarkers;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.jspecify.annotations.Nullable;
import org.springframework.kafka.listener.BatchInterceptor;

/**
 * Binds the shadow context for a batch listener's whole invocation, from the batch's intercept
 * until the container has finished with the poll (its transaction and its commits included).
 * <p>
 * A batch has one context, so a batch listener must never receive live and shadow records
 * together: one transaction cannot both commit the live records and roll back the shadow ones.
 * Mixed polls are therefore cut before they reach the listener:
 * <ul>
 * <li>normally by the consumer itself ({@link ShadowConsumerPostProcessor}, switched on here before
 * every poll), so the container never sees a mixed batch and commits only what it delivered;</li>
 * <li>as a fallback, for consumers not created through the post-processor, here: the batch is cut
 * to its first homogeneous run and the consumer sought back to the rest. Without a container
 * transaction the container then commits the offsets of the whole poll, so a crash before the
 * next poll can lose the records left out; a warning says so once.</li>
 * </ul>
 * Listeners that skip shadow records (see {@link ShadowListenerPolicy}) get the live records of a
 * mixed poll and never see the shadow ones, which are counted and acknowledged with the batch.
 *
 * @param <K> the key type
 * @param <V> the value type
 */
public final class ShadowBatchInterceptor<K, V> implements BatchInterceptor<K, V> {

    private static final Log logger = LogFactory.getLog(ShadowBatchInterceptor.class);

    private static final AtomicBoolean fallbackWarned = new AtomicBoolean();

    private final RecordBinding binding;

    private final @Nullable BatchInterceptor<K, V> delegate;

    /**
     * Create an interceptor shared by the containers of a factory; the consumer group id is read
     * from the consumer thread.
     * @param markers reads the marker of each record
     * @param policy which listeners receive shadow records
     * @param recorder where to report bound and skipped records
     * @param delegate the application's own interceptor, or {@code null}
     */
    public ShadowBatchInterceptor(
            KafkaMarkers markers,
            ShadowListenerPolicy policy,
            Supplier<ShadowRecorder> recorder,
            @Nullable BatchInterceptor<K, V> delegate) {
        this(new RecordBinding(markers, policy, recorder, null, null), delegate);
    }

    private ShadowBatchInterceptor(RecordBinding binding, @Nullable BatchInterceptor<K, V> delegate) {
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
    public ShadowBatchInterceptor<K, V> forListener(
            @Nullable String listenerId, @Nullable String groupId, @Nullable BatchInterceptor<K, V> delegate) {
        return new ShadowBatchInterceptor<>(this.binding.forListener(listenerId, groupId), delegate);
    }

    /**
     * Return the application's interceptor this one wraps.
     * @return the wrapped interceptor, or {@code null}
     */
    public @Nullable BatchInterceptor<K, V> getDelegate() {
        return this.delegate;
    }

    @Override
    public @Nullable ConsumerRecords<K, V> intercept(ConsumerRecords<K, V> records, Consumer<K, V> consumer) {
        ShadowContextHolder.clear();
        ConsumerRecords<K, V> batch =
                this.binding.skipsShadowRecords() ? liveOnly(records) : bindFirstRun(records, consumer);
        if (batch == null) {
            return null;
        }
        return (this.delegate != null) ? this.delegate.intercept(batch, consumer) : batch;
    }

    private @Nullable ConsumerRecords<K, V> liveOnly(ConsumerRecords<K, V> records) {
        ConsumerRecords<K, V> live = MixedBatches.liveOnly(
                records,
                (record) -> {
                    ShadowContext context = this.binding.contextOf(record);
                    return (context != null) ? context.mode() : null;
                },
                (record, mode) ->
                        this.binding.recorder.get().recordSkipped(RecordBinding.CHANNEL, record.topic(), mode));
        return (live != records && live.isEmpty()) ? null : live;
    }

    private ConsumerRecords<K, V> bindFirstRun(ConsumerRecords<K, V> records, Consumer<K, V> consumer) {
        ConsumerRecords<K, V> run = MixedBatches.firstRun(
                records,
                consumer,
                (record) -> this.binding.markers.detect(record.headers()).mode());
        if (run != records && fallbackWarned.compareAndSet(false, true)) {
            logger.warn("A mixed live/shadow batch reached the batch interceptor (its consumer was not created "
                    + "through ShadowConsumerPostProcessor): it was cut and the rest sought back, but without a "
                    + "container transaction the offsets of the whole poll are committed before the rest is "
                    + "processed again. Create consumers through a DefaultKafkaConsumerFactory to avoid this.");
        }
        ShadowContext bound = null;
        for (ConsumerRecord<K, V> record : run) {
            ShadowContext context = this.binding.contextOf(record);
            if (bound == null) {
                bound = context;
            }
        }
        if (bound != null) {
            ShadowContextHolder.set(bound);
            this.binding.recorder.get().requestDetected(bound.mode(), bound.source());
        }
        return run;
    }

    @Override
    public void success(ConsumerRecords<K, V> records, Consumer<K, V> consumer) {
        if (this.delegate != null) {
            this.delegate.success(records, consumer);
        }
    }

    @Override
    public void failure(ConsumerRecords<K, V> records, Exception exception, Consumer<K, V> consumer) {
        if (this.delegate != null) {
            this.delegate.failure(records, exception, consumer);
        }
    }

    @Override
    public void setupThreadState(Consumer<?, ?> consumer) {
        ShadowContextHolder.clear();
        if (consumer instanceof MixedPollSplitting splitting) {
            splitting.splitMixedPolls(!this.binding.skipsShadowRecords());
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
            ShadowContextHolder.clear();
        }
    }
}
