package dev.shadowtx.compare.analyzer;

import java.util.Map;
import org.springframework.boot.actuate.endpoint.annotation.DeleteOperation;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;

/**
 * Actuator endpoint {@code shadowcompare}: the comparison report (GET) and its reset (DELETE), so
 * a release can be judged from a clean slate.
 */
@Endpoint(id = "shadowcompare")
public class ShadowCompareEndpoint {

    private final AnalyzerReports reports;

    public ShadowCompareEndpoint(AnalyzerReports reports) {
        this.reports = reports;
    }

    @ReadOperation
    public ComparisonReport report() {
        return this.reports.report();
    }

    @DeleteOperation
    public Map<String, Object> reset() {
        long request = this.reports.reset();
        return Map.of("reset", request, "note", "each stream task clears its tallies at its next check");
    }
}
