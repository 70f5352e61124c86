package dev.shadowtx.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.runner.options.VerboseMode;

/**
 * The CPU time per operation that the profiler reports beside JMH's score: the benchmark thread's
 * own, never more than the wall-clock time the same operations took.
 */
class ThreadCpuProfilerTests {

    @Test
    void reportsTheBenchmarkThreadsCpuTimePerOperation() throws RunnerException {
        RunResult result = new Runner(new OptionsBuilder()
                        .include("dev\\.shadowtx\\.benchmarks\\.ContextBenchmark\\.baselineThreadLocal$")
                        .mode(Mode.AverageTime)
                        .timeUnit(TimeUnit.NANOSECONDS)
                        .warmupIterations(1)
                        .warmupTime(TimeValue.milliseconds(200))
                        .measurementIterations(2)
                        .measurementTime(TimeValue.milliseconds(200))
                        .forks(0)
                        .addProfiler(ThreadCpuProfiler.class)
                        .shouldFailOnError(true)
                        .verbosity(VerboseMode.SILENT)
                        .build())
                .runSingle();
        Result cpu = result.getSecondaryResults().get("cpu.time.norm");
        assertThat(cpu).isNotNull();
        assertThat(cpu.getScoreUnit()).isEqualTo("ns/op");
        assertThat(cpu.getScore()).isPositive();
        // a thread is never on a core for longer than the operations took (a little slack for clock granularity)
        assertThat(cpu.getScore()).isLessThanOrEqualTo(result.getPrimaryResult().getScore() * 1.1 + 1);
    }

    @Test
    void countsTheBenchmarkThreadsAlone() {
        long before = ThreadCpuProfiler.benchmarkThreadsCpuNanos();
        long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(20);
        long sink = 0;
        while (System.nanoTime() < end) {
            sink += Long.numberOfTrailingZeros(System.nanoTime());
        }
        assertThat(sink).isNotNegative();
        assertThat(ThreadCpuProfiler.benchmarkThreadsCpuNanos()).isEqualTo(before);
    }
}
