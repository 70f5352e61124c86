package dev.shadowtx.kafka.consumer;

import dev.shadowtx.core.context.ShadowContext;
import dev.shadowtx.core.metrics.ShadowRecorder;
import dev.shadowtx.kafka.KafkaMarkers;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.jspecify.annotations.Nullable;
import org.springframework.kafka.support.KafkaUtils;

/**
 * What the record and batch interceptors share: reading a record's marker, the listener policy,
 * and the identity of the listener they serve.
 */
final class RecordBinding {

    static final String CHANNEL = "kafka";

    final KafkaMarkers markers;

    final ShadowListenerPolicy policy;

    final Supplier<ShadowRecorder> recorder;

    final @Nullable String listenerId;

    final @Nullable String groupId;

    RecordBinding(
            KafkaMarkers markers,
            ShadowListenerPolicy policy,
            Supplier<ShadowRecorder> recorder,
            @Nullable String listenerId,
            @Nullable String groupId) {
        this.markers = markers;
        this.policy = policy;
        this.recorder = recorder;
        this.listenerId = listenerId;
        this.groupId = groupId;
    }

    RecordBinding forListener(@Nullable String listenerId, @Nullable String groupId) {
        return new RecordBinding(this.markers, this.policy, this.recorder, listenerId, groupId);
    }

    /**
     * Whether the served listener skips shadow records. A shared interceptor (set on a container
     * factory) learns the group id from the consumer thread.
     */
    boolean skipsShadowRecords() {
        String group = (this.groupId != null) ? this.groupId : KafkaUtils.getConsumerGroupId();
        return this.policy.skips(this.listenerId, group);
    }

    /**
     * Read a record's marker and report malformed ones.
     * @return the context to bind, or {@code null} for a live record
     */
    @Nullable
    ShadowContext contextOf(ConsumerRecord<?, ?> record) {
        return this.markers.contextOf(record.headers(), this.recorder.get());
    }
}
