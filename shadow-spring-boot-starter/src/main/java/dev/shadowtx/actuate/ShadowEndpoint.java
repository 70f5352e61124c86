package dev.shadowtx.actuate;

import dev.shadowtx.audit.ShadowLeakAudit;
import dev.shadowtx.core.ShadowDescriptor;
import dev.shadowtx.core.metrics.ShadowDecision;
import dev.shadowtx.core.metrics.ShadowDecisionLog;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;

/**
 * {@code /actuator/shadow}: what shadowtx does in this application. The effective configuration
 * (secrets masked), the {@code shadow.*} counters, and the last decisions the guards took (time,
 * channel, destination, action, mode) — never bodies, never header values other than the marker —
 * and, with the leak audit, every side-effect channel of the application and what covers it.
 */
@Endpoint(id = "shadow")
public class ShadowEndpoint {

    private final ObjectProvider<ShadowDescriptor> descriptors;

    private final ShadowDecisionLog decisionLog;

    private final @Nullable MeterRegistry meterRegistry;

    private final Supplier<@Nullable ShadowLeakAudit> audit;

    /**
     * Create the endpoint.
     * @param descriptors the parts of shadowtx present
     * @param decisionLog the recent decisions
     * @param meterRegistry the registry holding the counters, or {@code null} without Micrometer
     */
    public ShadowEndpoint(
            ObjectProvider<ShadowDescriptor> descriptors,
            ShadowDecisionLog decisionLog,
            @Nullable MeterRegistry meterRegistry) {
        this(descriptors, decisionLog, meterRegistry, () -> null);
    }

    /**
     * Create the endpoint with the leak audit's inventory under {@code channels}.
     * @param descriptors the parts of shadowtx present
     * @param decisionLog the recent decisions
     * @param meterRegistry the registry holding the counters, or {@code null} without Micrometer
     * @param audit the leak audit, or a supplier of {@code null} when it is off
     */
    public ShadowEndpoint(
            ObjectProvider<ShadowDescriptor> descriptors,
            ShadowDecisionLog decisionLog,
            @Nullable MeterRegistry meterRegistry,
            Supplier<@Nullable ShadowLeakAudit> audit) {
        this.descriptors = descriptors;
        this.decisionLog = decisionLog;
        this.meterRegistry = meterRegistry;
        this.audit = audit;
    }

    @ReadOperation
    public Map<String, Object> shadow() {
        Map<String, Object> body = new LinkedHashMap<>();
        Map<String, Object> configuration = new LinkedHashMap<>();
        this.descriptors
                .orderedStream()
                .forEach((descriptor) -> configuration.put(descriptor.section(), descriptor.settings()));
        body.put("configuration", configuration);
        body.put("counters", counters());
        List<ShadowDecision> decisions = this.decisionLog.recent();
        body.put("decisions", decisions.stream().map(ShadowEndpoint::describe).collect(Collectors.toList()));
        ShadowLeakAudit leakAudit = this.audit.get();
        if (leakAudit != null) {
            body.put("channels", leakAudit.inventory().describe());
        }
        return body;
    }

    private Map<String, Double> counters() {
        Map<String, Double> counters = new TreeMap<>();
        if (this.meterRegistry == null) {
            return counters;
        }
        for (Meter meter : this.meterRegistry.getMeters()) {
            Meter.Id id = meter.getId();
            if (id.getName().startsWith("shadow.") && meter instanceof Counter counter) {
                String tags = id.getTags().stream()
                        .map((tag) -> tag.getKey() + "=" + tag.getValue())
                        .collect(Collectors.joining(",", "{", "}"));
                counters.merge(id.getName() + tags, counter.count(), Double::sum);
            }
        }
        return counters;
    }

    private static Map<String, Object> describe(ShadowDecision decision) {
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("time", decision.time().toString());
        entry.put("channel", decision.channel());
        entry.put("destination", decision.destination());
        entry.put("action", decision.action());
        entry.put("mode", (decision.mode() != null) ? decision.mode() : "none");
        return entry;
    }
}
