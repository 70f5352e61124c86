package dev.shadowtx.benchmarks;

import dev.shadowtx.core.context.MarkerSource;
import dev.shadowtx.core.context.ShadowContext;
import dev.shadowtx.core.context.ShadowContextHolder;
import dev.shadowtx.core.context.ShadowMode;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.slf4j.MDC;

/**
 * Binding and clearing the shadow context (thread-local plus the MDC key), what a guard pays to
 * ask whether the current work is shadow, and the same done by hand as baselines.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class ContextBenchmark {

    private static final ShadowContext CONTEXT = ShadowContext.of(ShadowMode.SHADOW, MarkerSource.HEADER);

    private static final ThreadLocal<@Nullable ShadowContext> PLAIN = new ThreadLocal<>();

    @Benchmark
    public boolean bindAndClear() {
        try (ShadowContextHolder.Scope scope = ShadowContextHolder.bind(CONTEXT)) {
            return ShadowContextHolder.isShadow();
        }
    }

    @Benchmark
    public boolean baselineThreadLocal() {
        PLAIN.set(CONTEXT);
        try {
            return PLAIN.get() != null;
        } finally {
            PLAIN.remove();
        }
    }

    @Benchmark
    public boolean baselineThreadLocalAndMdc() {
        PLAIN.set(CONTEXT);
        MDC.put(ShadowContextHolder.MDC_KEY, "shadow");
        try {
            return PLAIN.get() != null;
        } finally {
            PLAIN.remove();
            MDC.remove(ShadowContextHolder.MDC_KEY);
        }
    }

    @Benchmark
    public boolean liveCheck() {
        return ShadowContextHolder.isShadow();
    }
}
