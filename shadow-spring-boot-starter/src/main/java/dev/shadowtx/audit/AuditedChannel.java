package dev.shadowtx.audit;

import dev.shadowtx.core.audit.ChannelKind;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One side-effect channel of the application, as the leak audit found it.
 * @param beanName the bean name
 * @param kind the kind of channel
 * @param type the class name of the bean
 * @param coverage whether and how it is covered
 * @param detail how the coverage was established, for example {@code ShadowDataSourceGuard}
 */
public record AuditedChannel(String beanName, ChannelKind kind, String type, ChannelCoverage coverage, String detail) {

    /**
     * Whether the channel is covered.
     * @return {@code true} when guarded, accepted or live-only
     */
    public boolean isCovered() {
        return this.coverage.isCovered();
    }

    /**
     * Return what to do about this channel when it is not covered.
     * @return one sentence
     */
    public String fix() {
        return this.kind.fix(this.beanName);
    }

    /**
     * Describe the channel for the actuator endpoint.
     * @return bean, channel, type, coverage, detail and, when uncovered, the fix
     */
    public Map<String, Object> describe() {
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("bean", this.beanName);
        entry.put("channel", this.kind.tagValue());
        entry.put("type", this.type);
        entry.put("coverage", this.coverage.value());
        entry.put("detail", this.detail);
        if (!isCovered()) {
            entry.put("fix", fix());
        }
        return entry;
    }
}
