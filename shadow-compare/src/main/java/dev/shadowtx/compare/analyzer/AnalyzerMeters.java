package dev.shadowtx.compare.analyzer;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * The analyzer's meters: {@code shadow.compare.comparisons}, {@code shadow.compare.unmatched} (tag
 * {@code role}: {@code primary} or {@code copy}) and the gauge {@code shadow.compare.regressions}
 * (tag {@code endpoint}, registered when an endpoint is first compared). The gauge reads a report
 * cached for a second, so scrapes do not rebuild it per endpoint.
 */
public final class AnalyzerMeters implements AnalyzerEvents {

    private final MeterRegistry registry;

    private final Supplier<ComparisonReport> reports;

    private final Counter comparisons;

    private final Counter unmatchedPrimaries;

    private final Counter unmatchedCopies;

    private final Counter invalid;

    private final Map<String, Boolean> gauges = new ConcurrentHashMap<>();

    private volatile @Nullable ComparisonReport cached;

    private volatile long cachedAt;

    public AnalyzerMeters(MeterRegistry registry, Supplier<ComparisonReport> reports) {
        this.registry = registry;
        this.reports = reports;
        this.comparisons = counter(AnalyzerMeter.COMPARISONS).register(registry);
        this.unmatchedPrimaries = unmatched("primary");
        this.unmatchedCopies = unmatched("copy");
        this.invalid = counter(AnalyzerMeter.INVALID).register(registry);
    }

    private Counter unmatched(String role) {
        return counter(AnalyzerMeter.UNMATCHED).tag("role", role).register(this.registry);
    }

    private static Counter.Builder counter(AnalyzerMeter meter) {
        return Counter.builder(meter.meterName())
                .description(meter.description())
                .baseUnit(meter.baseUnit());
    }

    @Override
    public void compared(String service, String endpoint) {
        this.comparisons.increment();
        if (this.gauges.putIfAbsent(service + Tallies.SEPARATOR + endpoint, Boolean.TRUE) == null) {
            AnalyzerMeter meter = AnalyzerMeter.REGRESSIONS;
            Gauge.builder(meter.meterName(), () -> regressions(service, endpoint))
                    .description(meter.description())
                    .baseUnit(meter.baseUnit())
                    .tag("endpoint", endpoint)
                    .tag("service", service)
                    .register(this.registry);
        }
    }

    @Override
    public void unmatched(String service, String endpoint, boolean primary) {
        (primary ? this.unmatchedPrimaries : this.unmatchedCopies).increment();
    }

    @Override
    public void invalid(String reason) {
        this.invalid.increment();
    }

    private int regressions(String service, String endpoint) {
        ComparisonReport.EndpointReport report = currentReport().endpoint(service, endpoint);
        return report == null ? 0 : report.regressions();
    }

    private ComparisonReport currentReport() {
        ComparisonReport report = this.cached;
        long now = System.nanoTime();
        if (report == null || now - this.cachedAt > 1_000_000_000L) {
            report = this.reports.get();
            this.cached = report;
            this.cachedAt = now;
        }
        return report;
    }
}
