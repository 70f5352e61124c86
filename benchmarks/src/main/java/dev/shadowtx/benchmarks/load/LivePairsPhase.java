package dev.shadowtx.benchmarks.load;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Decides the live CPU targets (live GET and POST, shadowtx on ÷ off within the noise) request by
 * request. In each run two pairs of applications are started one after the other, each pair side by
 * side with a database of its own on the H2 server: {@code off} and {@code on}, then {@code off}
 * and its twin {@code off'} (the order alternates from run to run). Both applications of a pair are
 * warmed up with the load's mix, shadow-marked POSTs included (live when shadowtx is off), then
 * receive the same live request one at a time, alternating (A B, B A, ...), so that a change of the
 * machine's load hits both alike; the per-request valve of each reads the request's CPU time on its
 * thread's clock. Each pass gives the median of its per-pair ratios.
 * <p>
 * Two identical JVMs differ by what each JIT compiled, and that difference stays for the JVMs' life:
 * it is the noise of this method, and only a new pair of JVMs samples it again. The target is met
 * when the median of {@code on ÷ off}'s pass medians lies within the largest distance from 1 of the
 * zero's pass medians ({@code off' ÷ off}, measured the same way in the same runs); missed when it
 * lies beyond. Both are printed, pass by pass.
 */
final class LivePairsPhase {

    private static final List<String> KINDS = List.of("GET", "POST");

    private final int runs;

    private final int pairs;

    private final int passes;

    private final long warmupNanos;

    private final String classPath;

    private final List<String> jvmArguments;

    private final Path logs;

    private final PrintStream out;

    private final Map<String, List<Double>> onRatios = new LinkedHashMap<>();

    private final Map<String, List<Double>> zeroRatios = new LinkedHashMap<>();

    /**
     * Create the phase.
     * @param runs pairs of applications per comparison (on against off, off' against off)
     * @param pairs requests of each application per pass
     * @param passes passes per kind of request on each pair of applications
     * @param warmupNanos the warm-up of each application with the load's mix
     * @param classPath the driver's class path
     * @param jvmArguments the applications' JVM options
     * @param logs where the applications' logs go
     * @param out where the figures are printed
     */
    LivePairsPhase(
            int runs,
            int pairs,
            int passes,
            long warmupNanos,
            String classPath,
            List<String> jvmArguments,
            Path logs,
            PrintStream out) {
        if (runs < 1 || pairs < 1 || passes < 1) {
            throw new IllegalArgumentException(
                    "--live-pair-runs, --live-pairs and --live-pair-passes must be at least 1");
        }
        this.runs = runs;
        this.pairs = pairs;
        this.passes = passes;
        this.warmupNanos = warmupNanos;
        this.classPath = classPath;
        this.jvmArguments = jvmArguments;
        this.logs = logs;
        this.out = out;
    }

    /**
     * Measure and return the verdict lines of the live CPU targets.
     * @return one line per kind of request
     * @throws Exception when an application fails to start or answers an error
     */
    List<String> run() throws Exception {
        this.out.printf(
                Locale.ROOT,
                "%n== live CPU, request by request: %d runs; each starts off and on side by side, then off and its twin off' "
                        + "(the order alternating), warms both up with the load's mix (%d s), then sends the same live "
                        + "request to one and the other, one at a time, alternating; %d passes of %d pairs per kind; "
                        + "each request's CPU time on its thread's clock%n",
                this.runs,
                Duration.ofNanos(this.warmupNanos).toSeconds(),
                this.passes,
                this.pairs);
        for (int run = 1; run <= this.runs; run++) {
            boolean zeroFirst = run % 2 == 0;
            compare(run, zeroFirst ? Variant.OFF : Variant.ON);
            compare(run, zeroFirst ? Variant.ON : Variant.OFF);
        }
        List<String> lines = new ArrayList<>();
        for (String kind : KINDS) {
            lines.add(verdict(
                    "live " + kind + " CPU on÷off within the noise",
                    LoadComparison.required(this.onRatios, kind),
                    LoadComparison.required(this.zeroRatios, kind)));
        }
        return lines;
    }

    private void compare(int run, Variant candidate) throws Exception {
        String b = (candidate == Variant.ON) ? "on" : "off'";
        String name = "live-pairs-" + run + "-" + ((candidate == Variant.ON) ? "on" : "zero");
        List<String> jvm = new ArrayList<>(this.jvmArguments);
        jvm.add("-Dbench.request-cpu=true");
        jvm.add("-Dbench.request-cpu.samples=" + (this.pairs + 16));
        try (DatabaseServer database = DatabaseServer.start();
                AppProcess first = start(Variant.OFF, name + "-off", jvm, database);
                AppProcess second = start(candidate, name + "-" + candidate.label() + "2", jvm, database)) {
            LoadComparison.Requests firstRequests = new LoadComparison.Requests(first.port());
            LoadComparison.Requests secondRequests = new LoadComparison.Requests(second.port());
            VariantCpuPairs.warmUp(
                    first, 2, this.warmupNanos, firstRequests.get, firstRequests.post, firstRequests.shadowPost);
            VariantCpuPairs.warmUp(
                    second, 2, this.warmupNanos, secondRequests.get, secondRequests.post, secondRequests.shadowPost);
            for (String kind : KINDS) {
                boolean get = kind.equals("GET");
                for (int pass = 1; pass <= this.passes; pass++) {
                    List<Double> ratios = VariantCpuPairs.alternate(
                            first,
                            second,
                            get ? firstRequests.get : firstRequests.post,
                            get ? secondRequests.get : secondRequests.post,
                            get ? 200 : 201,
                            kind,
                            this.pairs);
                    double median = LoadComparison.median(ratios);
                    LoadComparison.add((candidate == Variant.ON) ? this.onRatios : this.zeroRatios, kind, median);
                    MedianInterval interval = MedianInterval.of(ratios, 0.99);
                    this.out.printf(
                            Locale.ROOT,
                            "  run %d live %-4s %s÷off pass %d: median of %d per-pair ratios %s%n",
                            run,
                            kind,
                            b,
                            pass,
                            ratios.size(),
                            (interval != null) ? interval.describe() : String.format(Locale.ROOT, "%.4f", median));
                }
            }
        }
    }

    private AppProcess start(Variant variant, String name, List<String> jvm, DatabaseServer database) throws Exception {
        return AppProcess.startReady(
                variant, this.classPath, jvm, this.logs.resolve(name + ".log"), database.applicationArguments(name));
    }

    /**
     * Return the verdict line of a live CPU target decided request by request: MET when the median
     * of the on ÷ off pass medians lies within the noise of the method, the largest distance from 1
     * of the zero's pass medians (off' ÷ off, two identical applications measured the same way);
     * MISSED when it lies beyond.
     * @param target the target
     * @param on the pass medians of on ÷ off
     * @param zero the pass medians of off' ÷ off
     * @return the line
     */
    static String verdict(String target, List<Double> on, List<Double> zero) {
        if (on.isEmpty() || zero.isEmpty()) {
            throw new IllegalArgumentException("No pass of " + target + " was measured");
        }
        double value = LoadComparison.median(on);
        double noise = zero.stream().mapToDouble((z) -> Math.abs(z - 1)).max().orElseThrow();
        long within = on.stream().filter((v) -> v <= 1 + noise).count();
        return String.format(
                Locale.ROOT,
                "  %-52s %10.4f  %s (median of %d pass medians of on÷off, one request at a time, %s; %d of %d within "
                        + "the noise ±%.4f, the largest distance from 1 of the zero's pass medians, off'÷off, %s)",
                target,
                value,
                (value <= 1 + noise) ? "MET" : "MISSED",
                on.size(),
                LoadComparison.format(on),
                within,
                on.size(),
                noise,
                LoadComparison.format(zero));
    }
}
