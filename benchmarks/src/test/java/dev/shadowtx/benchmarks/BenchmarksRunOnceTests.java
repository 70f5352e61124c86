package dev.shadowtx.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Collection;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.VerboseMode;

/**
 * Runs every benchmark of the suite once, through JMH's generated harness and in this JVM, so
 * that {@code verify} catches a benchmark that no longer compiles, sets up or runs. Measures
 * nothing.
 */
class BenchmarksRunOnceTests {

    @Test
    void everyBenchmarkRunsOneInvocation() throws RunnerException {
        Options options = new OptionsBuilder()
                .include("dev\\.shadowtx\\.benchmarks\\.[A-Za-z]+Benchmark\\.")
                .mode(Mode.SingleShotTime)
                .timeUnit(TimeUnit.MICROSECONDS)
                .warmupIterations(0)
                .measurementIterations(1)
                .measurementBatchSize(1)
                .forks(0)
                .shouldFailOnError(true)
                .verbosity(VerboseMode.SILENT)
                .build();
        Collection<RunResult> results = new Runner(options).run();
        // decision 6 + 3, reactive decision 3 + 1, filter 6 + 1, context 4, transaction 3, JDBC 3, capture 4,
        // server observation 3, SQL scan 3
        assertThat(results).hasSize(40);
    }
}
