package dev.shadowtx.kafka.consumer;

import dev.shadowtx.core.metrics.ShadowRecorder;
import dev.shadowtx.kafka.KafkaMarkers;
import java.util.function.Supplier;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import org.springframework.kafka.config.AbstractKafkaListenerContainerFactory;
import org.springframework.kafka.listener.AbstractMessageListenerContainer;
import org.springframework.kafka.listener.BatchInterceptor;
import org.springframework.kafka.listener.RecordInterceptor;

/**
 * Puts the shadow record and batch interceptors on listener containers and container factories,
 * around whatever interceptor is already there, so the application's interceptor keeps running
 * and the shadow one is always outermost: it binds first and clears last. Installing twice is
 * harmless.
 * <p>
 * On a container it also sets {@code interceptBeforeTx=true} (spring-kafka's default): the
 * container's own transaction must begin after the record's context is bound, or a shadow record
 * would be processed inside a live transaction.
 */
public final class ShadowListenerInstaller {

    private static final Log logger = LogFactory.getLog(ShadowListenerInstaller.class);

    private final ShadowRecordInterceptor<Object, Object> recordInterceptor;

    private final ShadowBatchInterceptor<Object, Object> batchInterceptor;

    /**
     * Create an installer.
     * @param markers reads the marker of each record
     * @param policy which listeners receive shadow records
     * @param recorder where to report bound and skipped records
     */
    public ShadowListenerInstaller(
            KafkaMarkers markers, ShadowListenerPolicy policy, Supplier<ShadowRecorder> recorder) {
        this.recordInterceptor = new ShadowRecordInterceptor<>(markers, policy, recorder, null);
        this.batchInterceptor = new ShadowBatchInterceptor<>(markers, policy, recorder, null);
    }

    /**
     * Install the interceptors on a container that has not started yet, for that container's
     * listener id and group id.
     * @param container the container
     */
    @SuppressWarnings({"unchecked", "rawtypes"})
    public void install(AbstractMessageListenerContainer<?, ?> container) {
        if (container.isRunning()) {
            logger.warn("Listener container '" + container.getListenerId() + "' was already running when shadowtx "
                    + "installed its interceptors; records it consumed until its next restart were not bound");
        }
        AbstractMessageListenerContainer raw = container;
        String listenerId = container.getListenerId();
        String groupId = container.getGroupId();
        raw.setRecordInterceptor(
                this.recordInterceptor.forListener(listenerId, groupId, unwrap(container.getRecordInterceptor())));
        raw.setBatchInterceptor(
                this.batchInterceptor.forListener(listenerId, groupId, unwrap(container.getBatchInterceptor())));
        container.setInterceptBeforeTx(true);
    }

    /**
     * Install shared interceptors on a container factory, so that containers it creates later
     * (after startup) are bound too; their group id is read from the consumer thread.
     * @param factory the factory
     */
    @SuppressWarnings({"unchecked", "rawtypes"})
    public void install(AbstractKafkaListenerContainerFactory<?, ?, ?> factory) {
        AbstractKafkaListenerContainerFactory raw = factory;
        raw.setRecordInterceptor(
                this.recordInterceptor.forListener(null, null, unwrap(factory.getRecordInterceptor())));
        raw.setBatchInterceptor(this.batchInterceptor.forListener(null, null, unwrap(factory.getBatchInterceptor())));
    }

    private static @Nullable RecordInterceptor<Object, Object> unwrap(@Nullable RecordInterceptor<?, ?> interceptor) {
        @SuppressWarnings("unchecked")
        RecordInterceptor<Object, Object> current = (RecordInterceptor<Object, Object>) interceptor;
        return (current instanceof ShadowRecordInterceptor<Object, Object> shadow) ? shadow.getDelegate() : current;
    }

    private static @Nullable BatchInterceptor<Object, Object> unwrap(@Nullable BatchInterceptor<?, ?> interceptor) {
        @SuppressWarnings("unchecked")
        BatchInterceptor<Object, Object> current = (BatchInterceptor<Object, Object>) interceptor;
        return (current instanceof ShadowBatchInterceptor<Object, Object> shadow) ? shadow.getDelegate() : current;
    }
}
