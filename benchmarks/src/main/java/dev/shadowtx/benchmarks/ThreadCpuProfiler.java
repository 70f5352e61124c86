package dev.shadowtx.benchmarks;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.Collection;
import java.util.List;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.profile.InternalProfiler;
import org.openjdk.jmh.results.AggregationPolicy;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.ScalarResult;

/**
 * CPU time per operation of the benchmark threads, each on its own clock
 * ({@code ThreadMXBean#getThreadCpuTime}), reported as {@code cpu.time.norm} in ns/op beside JMH's
 * wall-clock score. On a shared machine the wall-clock time of an operation includes the time the
 * thread waited for a core; its CPU time does not, so this figure stays decidable where the score's
 * error is as large as the score.
 * <p>
 * The CPU time the benchmark threads spent in an iteration (its synchronisation phases included)
 * is divided by every operation they ran in it; the harness' own work per operation is in both, as
 * in JMH's score. Use with {@code -prof dev.shadowtx.benchmarks.ThreadCpuProfiler}.
 */
public final class ThreadCpuProfiler implements InternalProfiler {

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private long before;

    @Override
    public String getDescription() {
        return "CPU time per operation of the benchmark threads, on their own clocks";
    }

    @Override
    public void beforeIteration(BenchmarkParams benchmarkParams, IterationParams iterationParams) {
        this.before = benchmarkThreadsCpuNanos();
    }

    @Override
    public Collection<? extends Result> afterIteration(
            BenchmarkParams benchmarkParams, IterationParams iterationParams, IterationResult result) {
        long spent = benchmarkThreadsCpuNanos() - this.before;
        long operations = result.getMetadata().getAllOps();
        if (operations <= 0) {
            return List.of();
        }
        return List.of(new ScalarResult("cpu.time.norm", spent / (double) operations, "ns/op", AggregationPolicy.AVG));
    }

    /**
     * Return the CPU time of the benchmark threads so far: JMH's workers, named {@code ...-jmh-worker-N}.
     * @return nanoseconds
     */
    static long benchmarkThreadsCpuNanos() {
        long total = 0;
        for (ThreadInfo thread : THREADS.getThreadInfo(THREADS.getAllThreadIds(), 0)) {
            if (thread != null && thread.getThreadName().contains("jmh-worker")) {
                long nanos = THREADS.getThreadCpuTime(thread.getThreadId());
                if (nanos > 0) {
                    total += nanos;
                }
            }
        }
        return total;
    }
}
