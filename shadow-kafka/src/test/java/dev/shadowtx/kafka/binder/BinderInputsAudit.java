package dev.shadowtx.kafka.binder;

import dev.shadowtx.audit.AuditedChannel;
import dev.shadowtx.audit.ShadowLeakAudit;
import java.util.List;

/**
 * The Kafka binder's input bindings among the channels a leak audit listed.
 */
final class BinderInputsAudit {

    private BinderInputsAudit() {}

    static List<AuditedChannel> of(ShadowLeakAudit audit) {
        return audit.inventory().channels().stream()
                .filter((channel) -> channel.kind().tagValue().equals("kafka-binder"))
                .toList();
    }
}
