package dev.shadowtx.benchmarks.load;

import dev.shadowtx.benchmarks.ThreadCpuProfiler;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import org.openjdk.jmh.profile.GCProfiler;
import org.openjdk.jmh.results.BenchmarkResult;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.runner.options.VerboseMode;

/**
 * The unmarked decision's targets, decided in the load comparison's report from the JMH
 * benchmarks that measure it: {@code MarkerDecisionBenchmark.unmarkedAsParsed} on Tomcat's own
 * request, its headers as Tomcat's parser leaves them, and
 * {@code ReactiveMarkerDecisionBenchmark.decision} ({@code request=unmarked}) on the request a real
 * Reactor Netty server handed to Spring, run in forked JVMs with the GC profiler: bytes per
 * operation ({@code gc.alloc.rate.norm}, deterministic within a fork, every fork printed), CPU
 * time per operation on the benchmark thread's own clock ({@link ThreadCpuProfiler},
 * {@code cpu.time.norm}), which decides the time target, and wall-clock time per operation,
 * printed beside it: on a shared machine the wall-clock time includes the time the thread waited
 * for a core. Each time is given with its 99.9 % confidence interval, and decided only when that
 * interval does not cross the limit: a mean below the limit whose interval crosses it is not
 * measurable here, not met. Every iteration of every fork is one sample of the interval
 * ({@value #WARMUP_ITERATIONS} warm-up and {@value #ITERATIONS} measured iterations of one second
 * per fork), so that the spread between forks is in it.
 */
final class DecisionPhase {

    private static final double NANOS_LIMIT = 50;

    static final int WARMUP_ITERATIONS = 5;

    static final int ITERATIONS = 8;

    private final int forks;

    private final PrintStream out;

    DecisionPhase(int forks, PrintStream out) {
        this.forks = forks;
        this.out = out;
    }

    /**
     * Run the benchmarks and print one line per figure.
     * @return the verdict line of each target
     */
    List<String> run() throws Exception {
        this.out.printf(
                Locale.ROOT,
                "%n== unmarked decision: JMH, %d forks of %d × 1 s warm-up and %d × 1 s measurement, GC profiler "
                        + "and the benchmark thread's CPU clock; container header reads included%n",
                this.forks,
                WARMUP_ITERATIONS,
                ITERATIONS);
        List<String> verdicts = new ArrayList<>();
        for (String[] benchmark : new String[][] {
            {"MarkerDecisionBenchmark", "unmarkedAsParsed", "Tomcat"},
            {"ReactiveMarkerDecisionBenchmark", "decision", "Reactor Netty"}
        }) {
            RunResult result;
            try {
                result = measure(benchmark[0], benchmark[1]);
            } catch (RunnerException ex) {
                // another JMH run holds the machine-wide lock, or a fork failed: said, not hidden
                String reason =
                        String.valueOf(ex.getMessage()).lines().findFirst().orElse("");
                this.out.printf(Locale.ROOT, "  %-14s NOT RUN: %s%n", benchmark[2], reason);
                verdicts.add(String.format(
                        Locale.ROOT,
                        "  %-52s %10s  NOT RUN here (%s); decided by benchmarks/run-load.sh --only=decision",
                        "unmarked decision " + benchmark[2] + " 0 B/op and ≤ 50 ns",
                        "-",
                        reason));
                continue;
            }
            Result time = result.getPrimaryResult();
            Result cpu = cpu(result);
            List<Double> bytes = new ArrayList<>();
            for (BenchmarkResult fork : result.getBenchmarkResults()) {
                Result norm = fork.getSecondaryResults().get("gc.alloc.rate.norm");
                bytes.add((norm != null) ? norm.getScore() : Double.NaN);
            }
            double worstBytes =
                    bytes.stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN);
            this.out.printf(
                    Locale.ROOT,
                    "  %-14s %s.%s unmarked: CPU %.1f ± %.1f ns/op (99.9 %% interval %.1f to %.1f; wall clock %.1f ± %.1f ns/op), B/op per fork %s%n",
                    benchmark[2],
                    benchmark[0],
                    benchmark[1],
                    cpu.getScore(),
                    cpu.getScoreError(),
                    cpu.getScore() - cpu.getScoreError(),
                    cpu.getScore() + cpu.getScoreError(),
                    time.getScore(),
                    time.getScoreError(),
                    bytes.stream()
                            .map((b) -> String.format(Locale.ROOT, "%.1f", b))
                            .toList());
            // gc.alloc.rate.norm reads a fraction of a byte for an operation that allocates nothing
            verdicts.add(String.format(
                    Locale.ROOT,
                    "  %-52s %10.1f  %s (forks: %s)",
                    "unmarked decision " + benchmark[2] + " 0 B/op",
                    worstBytes,
                    (worstBytes < 1) ? "MET" : "MISSED",
                    bytes.stream()
                            .map((b) -> String.format(Locale.ROOT, "%.1f", b))
                            .toList()));
            verdicts.add(timeVerdict(
                    "unmarked decision " + benchmark[2] + " ≤ 50 ns CPU", cpu.getScore(), cpu.getScoreError()));
        }
        this.out.printf(
                Locale.ROOT,
                "%ntargets of the unmarked decision (B/op: the worst fork; ns/op: the mean CPU time per operation, "
                        + "MET or MISSED only when its 99.9 %% interval lies on one side of 50 ns)%n");
        return verdicts;
    }

    private static Result cpu(RunResult result) {
        Result cpu = result.getSecondaryResults().get("cpu.time.norm");
        if (cpu == null) {
            throw new IllegalStateException(
                    "No CPU time per operation for " + result.getParams().getBenchmark());
        }
        return cpu;
    }

    private RunResult measure(String benchmark, String method) throws RunnerException {
        Collection<RunResult> results = new Runner(new OptionsBuilder()
                        .include("dev\\.shadowtx\\.benchmarks\\." + benchmark + "\\." + method + "$")
                        .param("request", "unmarked")
                        .forks(this.forks)
                        .warmupIterations(WARMUP_ITERATIONS)
                        .warmupTime(TimeValue.seconds(1))
                        .measurementIterations(ITERATIONS)
                        .measurementTime(TimeValue.seconds(1))
                        .addProfiler(GCProfiler.class)
                        .addProfiler(ThreadCpuProfiler.class)
                        .jvmArgs("-Xms1g", "-Xmx1g")
                        .verbosity(VerboseMode.SILENT)
                        .build())
                .run();
        if (results.size() != 1) {
            throw new IllegalStateException(
                    "JMH ran " + results.size() + " benchmarks for " + benchmark + "." + method);
        }
        return results.iterator().next();
    }

    static String timeVerdict(String target, double score, double error) {
        String outcome;
        if (Double.isNaN(error)) {
            outcome = "NOT MEASURABLE here (no confidence interval)";
        } else if (score + error <= NANOS_LIMIT) {
            outcome = String.format(Locale.ROOT, "MET (± %.1f ns)", error);
        } else if (score - error > NANOS_LIMIT) {
            outcome = String.format(Locale.ROOT, "MISSED (± %.1f ns)", error);
        } else {
            outcome = String.format(
                    Locale.ROOT,
                    "NOT MEASURABLE here (± %.1f ns crosses the limit; this run: %s)",
                    error,
                    (score <= NANOS_LIMIT) ? "met" : "missed");
        }
        return String.format(Locale.ROOT, "  %-52s %10.1f  %s", target, score, outcome);
    }
}
