package dev.shadowtx.http;

import dev.shadowtx.core.metrics.ShadowDecision;
import dev.shadowtx.core.metrics.ShadowDecisionLog;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.springframework.context.ApplicationContext;

/**
 * What the {@code http} channel recorded of the calls a test made: the {@code shadow.outbound}
 * counts per action and the decision log's entries.
 */
final class OutboundRecords {

    private OutboundRecords() {}

    static Map<String, Double> counts(ApplicationContext context) {
        Map<String, Double> counts = new TreeMap<>();
        for (Counter counter :
                context.getBean(MeterRegistry.class).find("shadow.outbound").counters()) {
            counts.put(counter.getId().getTag("action"), counter.count());
        }
        return counts;
    }

    static List<String> decisions(ApplicationContext context) {
        return context.getBean(ShadowDecisionLog.class).recent().stream()
                .filter((decision) -> decision.channel().equals("http"))
                .map((ShadowDecision decision) -> decision.action() + " " + decision.destination())
                .toList();
    }
}
