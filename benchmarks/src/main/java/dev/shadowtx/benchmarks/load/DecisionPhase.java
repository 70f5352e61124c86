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
 * benchmarks that measure it ({@code MarkerDecisionBenchmark.decision} on Tomcat's own request,
 * {@code ReactiveMarkerDecisionBenchmark.decision} on Reactor Netty's headers, both with
 * {@code request=unmarked}), run in forked JVMs with the GC profiler: bytes per operation
 * ({@code gc.alloc.rate.norm}, deterministic within a fork, every fork printed), CPU time per
 * operation on the benchmark thread's own clock ({@link ThreadCpuProfiler}, {@code cpu.time.norm}),
 * which decides the time target (on Tomcat less {@code baselineArrival}, the reset of the headers to
 * what Tomcat's parser leaves, which every operation of the benchmark pays and the decision does
 * not), and wall-clock time per operation, printed beside it: on a
 * shared machine the wall-clock time includes the time the thread waited for a core. Each time is
 * given with its 99.9 % confidence interval, and decided only when that interval does not cross
 * the limit.
 */
final class DecisionPhase {

    private static final double NANOS_LIMIT = 50;

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
                "%n== unmarked decision: JMH, %d forks of 3 × 1 s warm-up and 3 × 1 s measurement, GC profiler "
                        + "and the benchmark thread's CPU clock; container header reads included%n",
                this.forks);
        List<String> verdicts = new ArrayList<>();
        for (String[] benchmark : new String[][] {
            {"MarkerDecisionBenchmark", "Tomcat", "baselineArrival"},
            {"ReactiveMarkerDecisionBenchmark", "Reactor Netty", ""}
        }) {
            Collection<RunResult> results;
            try {
                results = measure(benchmark[0], benchmark[2]);
            } catch (RunnerException ex) {
                // another JMH run holds the machine-wide lock, or a fork failed: said, not hidden
                String reason =
                        String.valueOf(ex.getMessage()).lines().findFirst().orElse("");
                this.out.printf(Locale.ROOT, "  %-14s NOT RUN: %s%n", benchmark[1], reason);
                verdicts.add(String.format(
                        Locale.ROOT,
                        "  %-52s %10s  NOT RUN here (%s); decided by benchmarks/run-load.sh --only=decision",
                        "unmarked decision " + benchmark[1] + " 0 B/op and ≤ 50 ns",
                        "-",
                        reason));
                continue;
            }
            RunResult result = find(results, "decision");
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
                    "  %-14s %s.decision unmarked: CPU %.1f ± %.1f ns/op (wall clock %.1f ± %.1f ns/op), B/op per fork %s%n",
                    benchmark[1],
                    benchmark[0],
                    cpu.getScore(),
                    cpu.getScoreError(),
                    time.getScore(),
                    time.getScoreError(),
                    bytes.stream()
                            .map((b) -> String.format(Locale.ROOT, "%.1f", b))
                            .toList());
            double cpuScore = cpu.getScore();
            double cpuError = cpu.getScoreError();
            if (!benchmark[2].isEmpty()) {
                // what the benchmark pays to put the headers back as the container's parser leaves them
                Result arrival = cpu(find(results, benchmark[2]));
                cpuScore -= arrival.getScore();
                cpuError = Math.hypot(cpuError, arrival.getScoreError());
                this.out.printf(
                        Locale.ROOT,
                        "  %-14s %s.%s: CPU %.1f ± %.1f ns/op; the decision's own CPU time: %.1f ± %.1f ns/op%n",
                        "",
                        benchmark[0],
                        benchmark[2],
                        arrival.getScore(),
                        arrival.getScoreError(),
                        cpuScore,
                        cpuError);
            }
            // gc.alloc.rate.norm reads a fraction of a byte for an operation that allocates nothing
            verdicts.add(String.format(
                    Locale.ROOT,
                    "  %-52s %10.1f  %s (forks: %s)",
                    "unmarked decision " + benchmark[1] + " 0 B/op",
                    worstBytes,
                    (worstBytes < 1) ? "MET" : "MISSED",
                    bytes.stream()
                            .map((b) -> String.format(Locale.ROOT, "%.1f", b))
                            .toList()));
            verdicts.add(timeVerdict("unmarked decision " + benchmark[1] + " ≤ 50 ns CPU", cpuScore, cpuError));
        }
        this.out.printf(
                Locale.ROOT,
                "%ntargets of the unmarked decision (B/op: the worst fork; ns/op: the mean CPU time per operation, "
                        + "on Tomcat less the headers' reset)%n");
        return verdicts;
    }

    private static RunResult find(Collection<RunResult> results, String method) {
        for (RunResult result : results) {
            if (result.getParams().getBenchmark().endsWith("." + method)) {
                return result;
            }
        }
        throw new IllegalStateException("JMH ran no " + method + " benchmark");
    }

    private static Result cpu(RunResult result) {
        Result cpu = result.getSecondaryResults().get("cpu.time.norm");
        if (cpu == null) {
            throw new IllegalStateException(
                    "No CPU time per operation for " + result.getParams().getBenchmark());
        }
        return cpu;
    }

    private Collection<RunResult> measure(String benchmark, String baseline) throws RunnerException {
        String methods = baseline.isEmpty() ? "decision" : "(decision|" + baseline + ")";
        return new Runner(new OptionsBuilder()
                        .include("dev\\.shadowtx\\.benchmarks\\." + benchmark + "\\." + methods + "$")
                        .param("request", "unmarked")
                        .forks(this.forks)
                        .warmupIterations(3)
                        .warmupTime(TimeValue.seconds(1))
                        .measurementIterations(3)
                        .measurementTime(TimeValue.seconds(1))
                        .addProfiler(GCProfiler.class)
                        .addProfiler(ThreadCpuProfiler.class)
                        .jvmArgs("-Xms1g", "-Xmx1g")
                        .verbosity(VerboseMode.SILENT)
                        .build())
                .run();
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
