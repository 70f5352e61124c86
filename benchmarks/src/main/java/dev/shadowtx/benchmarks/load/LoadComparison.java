package dev.shadowtx.benchmarks.load;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;
import java.util.function.ToLongFunction;
import org.jspecify.annotations.Nullable;

/**
 * Compares the benchmark application with shadowtx off and on over the loopback interface, on
 * the same endpoints: throughput and p50/p99 of a live {@code GET /orders} (DB read) and a live
 * {@code POST /orders} (DB write), and a shadow POST against a live POST in the same process;
 * then the time and process CPU time to the first successful response with the starter absent,
 * off and on.
 * <p>
 * The figures the targets are decided on do not depend on the machine's load: heap bytes
 * allocated and CPU time per request of the application process, read from its
 * {@code ProcessProbe} around every slice (less what one reading costs), and process CPU time to
 * the first 200 at startup; they are printed per round and their targets as MET or MISSED.
 * Throughput and latency keep their targets too, decided only where their slice-to-slice noise is
 * narrower than the target's margin ("not measurable here" otherwise).
 * <p>
 * Each round starts a fresh JVM per variant, both side by side, and alternates them in short
 * slices (A/B, then B/A, ...), so that a change in the machine's background load hits both
 * variants alike instead of whichever ran at the time.
 * <p>
 * A ratio between two processes holds the difference between two JVMs as well as the variants'
 * (each JIT compiles, inlines and lays out the same code its own way), so the live CPU on ÷ off is
 * decided against the method's zero: each round also starts a twin of the {@code off} application
 * ({@code off'}), and every mixed slice sends, from every worker in turn, GETs and POSTs to
 * {@code off}, {@code off'} and {@code on} (with the shadow POSTs of the shadow ÷ live comparison),
 * each request measured on its thread's CPU clock by the application's valve; on ÷ off on these
 * slices is printed against the band the interval of off' ÷ off's median shows
 * ({@link #cpuNoiseVerdict(String, List, List)}). The live CPU targets themselves are decided after
 * the rounds, request by request, on fresh pairs of JVMs ({@link LivePairsPhase}): one request to
 * each application at a time, on ÷ off against off' ÷ off, the difference two identical JVMs keep.
 * <p>
 * Each application is warmed up until its allocation per request has settled
 * ({@link AdaptiveWarmup}): the whole mix for the minimum warm-up, then each kind alone in windows
 * until two consecutive windows of every kind agree within the tolerance, or the cap is reached.
 * <p>
 * The unmarked decision's targets are decided from its JMH benchmarks ({@link DecisionPhase}).
 * <p>
 * Options ({@code --name=value}): {@code rounds} (3), {@code slices} per round (4),
 * {@code warmup} minimum seconds (8), {@code warmup-max} seconds (90), {@code settle} percent
 * (0.3), {@code settle-window} seconds per kind (2), {@code slice} seconds (3), {@code workers}
 * (4), {@code startup-runs} (9), {@code startup-order} ({@code side-by-side}, or {@code in-turn}),
 * {@code decision-forks} (2), {@code live-pair-runs} (3: pairs of JVMs per comparison of the
 * live CPU targets), {@code live-pairs} (10000 requests of each application per pass),
 * {@code live-pair-passes} (2 per kind of request), {@code live-pair-warmup} (25 seconds),
 * {@code max-requests} per slice
 * (2000000), {@code only} ({@code all}, {@code load}, {@code live} (the live CPU targets alone),
 * {@code decision} or {@code startup}),
 * {@code logs} (target/load-logs), {@code app-jvm-args} ("-Xms512m -Xmx512m"), {@code mixed} ({@code true}:
 * shadow ÷ live CPU decided on mixed slices and live CPU on ÷ off printed there against off' ÷ off,
 * measured request by request; {@code false}: on the separate slices, with no per-request valve in
 * the applications and no {@code off'}).
 */
public final class LoadComparison {

    static final String BODY = "{\"item\":\"book\",\"quantity\":2}";

    private final Map<String, String> options;

    private final PrintStream out = System.out;

    private final String classPath = System.getProperty("java.class.path");

    private final List<String> jvmArguments;

    private final Path logs;

    private long totalErrors;

    private final Map<AppProcess, Usage> probeCosts = new LinkedHashMap<>();

    private final Map<String, List<Double>> costs = new LinkedHashMap<>();

    /**
     * Candidate ÷ baseline CPU per request of each slice pair, on the request threads' clocks.
     */
    private final Map<String, List<Double>> sliceCpuRatios = new LinkedHashMap<>();

    /**
     * The same, on the whole process' CPU time (the JIT compiler and the garbage collector included).
     */
    private final Map<String, List<Double>> sliceProcessCpuRatios = new LinkedHashMap<>();

    /**
     * Shadow ÷ live CPU per request of each mixed slice (both kinds at once), on the request
     * threads' clocks, request by request.
     */
    private final Map<String, List<Double>> mixedCpuRatios = new LinkedHashMap<>();

    /**
     * Whether each slice is followed by a mixed slice, and the applications measure each request.
     */
    private final boolean mixedSlices;

    /**
     * The verdict line of every target decided in this run, for the summary at its end.
     */
    private final List<String> targets = new ArrayList<>();

    /**
     * The verdict lines of the live CPU targets, decided request by request after the rounds.
     */
    private List<String> livePairs = List.of();

    private LoadComparison(Map<String, String> options) {
        this.options = options;
        this.jvmArguments =
                List.of(option("app-jvm-args", "-Xms512m -Xmx512m").trim().split("\\s+"));
        this.logs = Path.of(option("logs", "target/load-logs"));
        this.mixedSlices = Boolean.parseBoolean(option("mixed", "true"));
    }

    public static void main(String[] args) throws Exception {
        int errors = new LoadComparison(options(args)).run();
        System.exit((errors == 0) ? 0 : 2);
    }

    /**
     * Parse the command line's {@code --name=value} options.
     * @param args the arguments
     * @return the options by name
     */
    static Map<String, String> options(String[] args) {
        Map<String, String> options = new LinkedHashMap<>();
        for (String arg : args) {
            if (!arg.startsWith("--") || !arg.contains("=")) {
                throw new IllegalArgumentException("Options are --name=value, not " + arg);
            }
            options.put(arg.substring(2, arg.indexOf('=')), arg.substring(arg.indexOf('=') + 1));
        }
        return options;
    }

    private String option(String name, String defaultValue) {
        return this.options.getOrDefault(name, defaultValue);
    }

    private int intOption(String name, int defaultValue) {
        return Integer.parseInt(option(name, Integer.toString(defaultValue)));
    }

    private int run() throws Exception {
        Files.createDirectories(this.logs);
        String only = option("only", "all");
        long begin = System.nanoTime();
        this.out.printf(
                Locale.ROOT,
                "shadowtx load comparison: %d cores, Java %s, app JVM %s%n",
                Runtime.getRuntime().availableProcessors(),
                System.getProperty("java.version"),
                this.jvmArguments);
        if (!List.of("all", "load", "live", "decision", "startup").contains(only)) {
            throw new IllegalArgumentException("--only is all, load, live, decision or startup, not " + only);
        }
        List<String> notRun = new ArrayList<>();
        if (only.equals("all") || only.equals("load")) {
            load();
        } else if (only.equals("live")) {
            livePairs().forEach(this::target);
            notRun.add("live request allocation on−off and shadow POST ÷ live POST: decided by "
                    + "benchmarks/run-load.sh --only=load");
        } else {
            notRun.add(
                    "live request on−off and shadow POST ÷ live POST: decided by benchmarks/run-load.sh --only=load");
        }
        if (only.equals("all") || only.equals("decision")) {
            new DecisionPhase(intOption("decision-forks", 2), this.out).run().forEach(this::target);
        } else {
            notRun.add("unmarked decision ≤ 50 ns and 0 B/op: decided by benchmarks/run-load.sh --only=decision");
        }
        if (only.equals("all") || only.equals("startup")) {
            startup();
        } else {
            notRun.add("startup CPU on÷off ≤ 1.03: decided by benchmarks/run-load.sh --only=startup");
        }
        this.out.printf(
                Locale.ROOT,
                "%n== every target: MET or MISSED on the deterministic figures (allocation, CPU time, JMH B/op); "
                        + "time figures decided only where their noise allows%n");
        this.targets.forEach(this.out::println);
        notRun.forEach((line) -> this.out.println("  not run here: " + line));
        this.out.printf(
                Locale.ROOT,
                "%nfinished in %s; %d failed requests%n",
                Duration.ofNanos(System.nanoTime() - begin).withNanos(0),
                this.totalErrors);
        return (int) Math.min(Integer.MAX_VALUE, this.totalErrors);
    }

    private void load() throws Exception {
        int rounds = intOption("rounds", 3);
        int slices = intOption("slices", 4);
        int workers = intOption("workers", 4);
        long warmup = Duration.ofSeconds(intOption("warmup", 8)).toNanos();
        AdaptiveWarmup warmUp = new AdaptiveWarmup(
                workers,
                warmup,
                Duration.ofSeconds(intOption("settle-window", 2)).toNanos(),
                Duration.ofSeconds(intOption("warmup-max", 90)).toNanos(),
                Double.parseDouble(option("settle", "0.3")) / 100,
                Long.parseLong(option("max-requests", "2000000")));
        long slice = Duration.ofSeconds(intOption("slice", 3)).toNanos();
        long maxRequests = Long.parseLong(option("max-requests", "2000000"));
        this.out.printf(
                Locale.ROOT,
                "%n== load: %d rounds; each starts the app off, its twin off' and on side by side (each on a database of its own "
                        + "on an H2 server outside the app's JVM), warms each up (the mix for %d s, then each kind "
                        + "alone in %d s windows until two in a row agree within %s %% in bytes per request, at most "
                        + "%d s), then alternates them in %d slices of %d s per endpoint (ABBA order), each followed by a "
                        + "mixed slice, measured request by request, in turns: live and shadow POSTs at once on on, then live "
                        + "GETs and POSTs to off, off' and on at once, in an order drawn anew every turn; %d workers, at most %d requests per slice%n",
                rounds,
                intOption("warmup", 8),
                intOption("settle-window", 2),
                option("settle", "0.3"),
                intOption("warmup-max", 90),
                slices,
                intOption("slice", 3),
                workers,
                maxRequests);
        Map<String, List<Double>> throughput = new LinkedHashMap<>();
        Map<String, List<Double>> latency = new LinkedHashMap<>();
        for (int round = 1; round <= rounds; round++) {
            try (DatabaseServer database = DatabaseServer.start();
                    AppProcess off = start(Variant.OFF, "off", "load-" + round, database);
                    @Nullable
                            AppProcess twin =
                                    this.mixedSlices ? start(Variant.OFF, "off2", "load-" + round, database) : null;
                    AppProcess on = start(Variant.ON, "on", "load-" + round, database)) {
                Requests offRequests = new Requests(off.port());
                Requests onRequests = new Requests(on.port());
                this.probeCosts.put(off, probeCost(off));
                this.probeCosts.put(on, probeCost(on));
                // the same mix in every application, shadow-marked POSTs included (live when shadowtx is
                // off, the same work as the POST there: only the GET and the POST are compared and settled)
                AdaptiveWarmup.Outcome offWarm = warmUp.run(
                        off,
                        required(this.probeCosts, off),
                        2,
                        offRequests.get,
                        offRequests.post,
                        offRequests.shadowPost);
                this.out.printf(Locale.ROOT, "round %d warm-up: off  %s%n", round, offWarm.describe());
                Requests twinRequests = null;
                if (twin != null) {
                    twinRequests = new Requests(twin.port());
                    Usage twinProbe = probeCost(twin);
                    AdaptiveWarmup.Outcome twinWarm = warmUp.run(
                            twin, twinProbe, 2, twinRequests.get, twinRequests.post, twinRequests.shadowPost);
                    this.out.printf(Locale.ROOT, "round %d warm-up: off' %s%n", round, twinWarm.describe());
                }
                AdaptiveWarmup.Outcome onWarm = warmUp.run(
                        on, required(this.probeCosts, on), onRequests.get, onRequests.post, onRequests.shadowPost);
                this.out.printf(Locale.ROOT, "round %d warm-up: on   %s%n", round, onWarm.describe());
                Map<String, List<Phase.Result>> results = new LinkedHashMap<>();
                Map<String, Usage> spent = new LinkedHashMap<>();
                // the sums of on in the shadow mixed slices, then of on, off and off' in the live ones
                KindSums[] mixedRound = {KindSums.ZERO, KindSums.ZERO, KindSums.ZERO, KindSums.ZERO};
                for (int s = 1; s <= slices; s++) {
                    boolean baseFirst = s % 2 == 1;
                    Phase phase = new Phase(0, workers, slice, maxRequests);
                    pair(results, spent, "GET", phase, off, offRequests.get, on, onRequests.get, baseFirst, throughput);
                    pair(
                            results,
                            spent,
                            "POST",
                            phase,
                            off,
                            offRequests.post,
                            on,
                            onRequests.post,
                            baseFirst,
                            throughput);
                    pair(
                            results,
                            spent,
                            "SHADOW",
                            phase,
                            on,
                            onRequests.post,
                            on,
                            onRequests.shadowPost,
                            baseFirst,
                            throughput);
                    if (twin != null && twinRequests != null) {
                        // the two kinds of mixed slice take turns (both when there is one slice)
                        if (s % 2 == 0 || slices == 1) {
                            mixed(phase, on, onRequests, mixedRound);
                        }
                        if (s % 2 == 1 || slices == 1) {
                            liveMixed(
                                    phase,
                                    new AppProcess[] {on, off, twin},
                                    new Requests[] {onRequests, offRequests, twinRequests},
                                    mixedRound);
                        }
                    }
                }
                this.out.printf(Locale.ROOT, "round %d%n", round);
                report(results, "GET", "live GET ", "off", "on", latency);
                report(results, "POST", "live POST", "off", "on", latency);
                report(results, "SHADOW", "POST (on)", "live", "shadow", latency);
                cost(results, spent, "GET", "live GET ", "off", "on");
                cost(results, spent, "POST", "live POST", "off", "on");
                cost(results, spent, "SHADOW", "POST (on)", "live", "shadow");
                if (this.mixedSlices) {
                    mixedCost(mixedRound);
                }
                this.probeCosts.clear();
            }
        }
        this.out.printf(Locale.ROOT, "%nmedians (throughput: over every slice pair; latency: over rounds)%n");
        Map<String, Double> noise = new LinkedHashMap<>();
        for (Map.Entry<String, List<Double>> entry : throughput.entrySet()) {
            double halfIqr = halfIqr(entry.getValue());
            noise.put(entry.getKey(), halfIqr);
            this.out.printf(
                    Locale.ROOT,
                    "  %-40s %.4f  ± %.4f (half the interquartile range of %d slice ratios)%n",
                    label(entry.getKey()) + " throughput",
                    median(entry.getValue()),
                    halfIqr,
                    entry.getValue().size());
        }
        for (Map.Entry<String, List<Double>> entry : latency.entrySet()) {
            this.out.printf(
                    Locale.ROOT,
                    "  %-40s %.4f  (rounds: %s)%n",
                    entry.getKey(),
                    median(entry.getValue()),
                    format(entry.getValue()));
        }
        this.out.printf(Locale.ROOT, "%ndeterministic figures per request (medians over rounds, then every round)%n");
        for (Map.Entry<String, List<Double>> entry : this.costs.entrySet()) {
            this.out.printf(
                    Locale.ROOT,
                    "  %-44s %12.4f  (rounds: %s)%n",
                    entry.getKey(),
                    median(entry.getValue()),
                    format(entry.getValue()));
        }
        this.out.printf(
                Locale.ROOT,
                "%nlive CPU on÷off on the slices (reported; the live CPU targets are decided request by request, below)%n");
        for (String kind : List.of("GET", "POST")) {
            String name = "live " + kind + " CPU on÷off, slices";
            this.out.println(
                    this.mixedSlices
                            ? cpuNoiseVerdict(
                                    name,
                                    required(this.mixedCpuRatios, kind),
                                    required(this.mixedCpuRatios, kind + " zero"))
                            : cpuNoiseVerdict(name, required(this.sliceCpuRatios, kind)));
        }
        this.livePairs = livePairs();
        this.out.printf(
                Locale.ROOT,
                "%ntargets on the deterministic figures (allocation: medians over rounds; shadow CPU: the median of the slice ratios and its interval of at least %.0f %% coverage; live CPU: request by request, against two identical JVMs; printed on each line)%n",
                CONFIDENCE * 100);
        target(deterministicVerdict(
                "live GET allocation on−off ≤ 64 B/request",
                "rounds",
                required(this.costs, "live GET allocated B on−off"),
                64));
        target(deterministicVerdict(
                "live POST allocation on−off ≤ 64 B/request",
                "rounds",
                required(this.costs, "live POST allocated B on−off"),
                64));
        this.livePairs.forEach(this::target);
        target(deterministicVerdict(
                "shadow POST ÷ live POST allocation ≤ 1.03",
                "rounds",
                required(this.costs, "shadow POST ÷ live POST allocated B"),
                1.03));
        target(cpuLimitVerdict(
                "shadow POST ÷ live POST CPU ≤ 1.05",
                required(this.costs, "shadow POST ÷ live POST" + (this.mixedSlices ? " mixed CPU" : " CPU")),
                required(this.mixedSlices ? this.mixedCpuRatios : this.sliceCpuRatios, "SHADOW"),
                1.05));
        this.out.printf(
                Locale.ROOT,
                "%nCPU per request: the request threads' own clocks decide; the whole process' CPU time (JIT "
                        + "compiler and garbage collector included) beside it, with the noise of each%n");
        for (String key : List.of("GET", "POST", "SHADOW")) {
            this.out.printf(
                    Locale.ROOT,
                    "  %-40s request threads %.4f ± %.4f | process %.4f ± %.4f (half the interquartile range of %d slice ratios)%n",
                    label(key) + " CPU",
                    median(required(this.sliceCpuRatios, key)),
                    halfIqr(required(this.sliceCpuRatios, key)),
                    median(required(this.sliceProcessCpuRatios, key)),
                    halfIqr(required(this.sliceProcessCpuRatios, key)),
                    required(this.sliceCpuRatios, key).size());
        }
        if (this.mixedSlices) {
            for (String kind : List.of("GET", "POST")) {
                List<Double> mixed = required(this.mixedCpuRatios, kind);
                List<Double> zero = required(this.mixedCpuRatios, kind + " zero");
                this.out.printf(
                        Locale.ROOT,
                        "  %-40s request threads %.4f ± %.4f; off'÷off %.4f ± %.4f, request by request (half the interquartile range of %d live mixed slices: off, off' and on at once); reported, the target is decided request by request%n",
                        label(kind) + " CPU, mixed",
                        median(mixed),
                        halfIqr(mixed),
                        median(zero),
                        halfIqr(zero),
                        mixed.size());
            }
            List<Double> mixed = required(this.mixedCpuRatios, "SHADOW");
            this.out.printf(
                    Locale.ROOT,
                    "  %-40s request threads %.4f ± %.4f, request by request (half the interquartile range of %d mixed slices: live and shadow POSTs at once); the target is decided on these%n",
                    "shadow POST ÷ live POST (on) CPU, mixed",
                    median(mixed),
                    halfIqr(mixed),
                    mixed.size());
        }
        this.out.printf(Locale.ROOT, "%ntargets on wall-clock figures (decided only when the noise allows)%n");
        verdict(
                "live GET throughput on÷off ≥ 0.995",
                median(required(throughput, "GET")),
                0.995,
                true,
                required(noise, "GET"));
        verdict(
                "live GET p99 on÷off ≤ 1.01",
                median(required(latency, latencyKey("GET", 99))),
                1.01,
                false,
                halfRange(required(latency, latencyKey("GET", 99))));
        verdict(
                "live POST throughput on÷off ≥ 0.995",
                median(required(throughput, "POST")),
                0.995,
                true,
                required(noise, "POST"));
        verdict(
                "live POST p99 on÷off ≤ 1.01",
                median(required(latency, latencyKey("POST", 99))),
                1.01,
                false,
                halfRange(required(latency, latencyKey("POST", 99))));
        verdict(
                "shadow POST ÷ live POST throughput ≥ 0.95",
                median(required(throughput, "SHADOW")),
                0.95,
                true,
                required(noise, "SHADOW"));
    }

    private static String latencyKey(String key, int percentile) {
        return label(key) + " p" + percentile;
    }

    static <K, V> V required(Map<K, V> map, K key) {
        return Objects.requireNonNull(map.get(key), () -> "nothing recorded for " + key);
    }

    private static String label(String key) {
        return switch (key) {
            case "GET" -> "live GET on÷off";
            case "POST" -> "live POST on÷off";
            default -> "shadow POST ÷ live POST (on)";
        };
    }

    private AppProcess start(Variant variant, String label, String name, DatabaseServer database) throws Exception {
        Path log = this.logs.resolve(name + "-" + label + ".log");
        List<String> jvm = new ArrayList<>(this.jvmArguments);
        // the per-request valve, for the mixed slices' CPU per kind of request; both variants have it
        if (this.mixedSlices) {
            jvm.add("-Dbench.request-cpu=true");
        }
        return AppProcess.startReady(
                variant, this.classPath, jvm, log, database.applicationArguments(name + "-" + label));
    }

    /**
     * Run one slice on the baseline and one on the candidate, in the given order, and record the
     * candidate ÷ baseline throughput of the pair.
     */
    private void pair(
            Map<String, List<Phase.Result>> results,
            Map<String, Usage> spent,
            String key,
            Phase phase,
            AppProcess base,
            byte[] baseRequest,
            AppProcess candidate,
            byte[] candidateRequest,
            boolean baseFirst,
            Map<String, List<Double>> throughput)
            throws Exception {
        Measured a;
        Measured b;
        if (baseFirst) {
            a = measure(phase, base, baseRequest);
            b = measure(phase, candidate, candidateRequest);
        } else {
            b = measure(phase, candidate, candidateRequest);
            a = measure(phase, base, baseRequest);
        }
        results.computeIfAbsent(key + " base", (k) -> new ArrayList<>()).add(a.result());
        results.computeIfAbsent(key + " candidate", (k) -> new ArrayList<>()).add(b.result());
        spent.merge(key + " base", a.spent(), Usage::plus);
        spent.merge(key + " candidate", b.spent(), Usage::plus);
        add(throughput, key, b.result().throughput() / a.result().throughput());
        add(
                this.sliceCpuRatios,
                key,
                (b.spent().requestCpuNanos() / (double) b.result().requests())
                        / (a.spent().requestCpuNanos() / (double) a.result().requests()));
        add(
                this.sliceProcessCpuRatios,
                key,
                (b.spent().cpuNanos() / (double) b.result().requests())
                        / (a.spent().cpuNanos() / (double) a.result().requests()));
    }

    /**
     * Run one slice on an application and read, around it, what its process spent, less what
     * one reading of the probe costs.
     */
    private Measured measure(Phase phase, AppProcess app, byte[] request) throws Exception {
        Usage before = app.usage();
        Phase.Result result = check(phase.on(app.port()).run(request));
        Usage spent = app.usage().minus(before).minus(required(this.probeCosts, app));
        return new Measured(result, spent);
    }

    /**
     * Return what one reading of the probe costs the application: the median over consecutive
     * readings with no load in between.
     */
    private static Usage probeCost(AppProcess app) throws Exception {
        List<Double> bytes = new ArrayList<>();
        List<Double> cpu = new ArrayList<>();
        List<Double> requestCpu = new ArrayList<>();
        Usage previous = app.usage();
        for (int i = 0; i < 9; i++) {
            Usage next = app.usage();
            Usage delta = next.minus(previous);
            bytes.add((double) delta.allocatedBytes());
            cpu.add((double) delta.cpuNanos());
            requestCpu.add((double) delta.requestCpuNanos());
            previous = next;
        }
        return new Usage((long) median(bytes), (long) median(cpu), (long) median(requestCpu));
    }

    /**
     * What one slice measured: the load driver's figures and what the application spent.
     */
    private record Measured(Phase.Result result, Usage spent) {}

    /**
     * Run one mixed slice on the {@code on} application, live and shadow POSTs alternating on every
     * worker, and record the shadow ÷ live CPU per request of that slice as its request threads
     * measured it request by request ({@code RequestCpuValve}): both kinds run at the same moments,
     * so a change of the machine's load between slices hits both alike.
     * @param round the round's sums so far: {@code on}'s in the shadow mixed slices first
     */
    private void mixed(Phase phase, AppProcess on, Requests requests, KindSums[] round) throws Exception {
        KindSums before = KindSums.read(on);
        check(phase.on(on.port()).run(requests.post, requests.shadowPost));
        KindSums slice = KindSums.read(on).minus(before);
        add(this.mixedCpuRatios, "SHADOW", slice.shadowCpuPerRequest() / slice.liveCpuPerRequest());
        round[0] = round[0].plus(slice);
    }

    /**
     * Run one live mixed slice: every worker sends, in an order drawn anew every turn, a live GET and
     * a live POST to each of the {@code on} application and the two {@code off} applications
     * ({@code off} and its twin {@code off'}), so that all of them serve the same live requests at
     * the same moments, each the same share, and a change of the machine's load between slices hits
     * every kind alike. Records, from the request threads' clocks as each application's valve
     * measured them request by request ({@code RequestCpuValve}), the live on ÷ off of the GET and
     * the POST, and off' ÷ off, the method's zero: two identical applications, whose ratio is the
     * difference between two JVMs alone.
     * @param apps on, off, off'
     * @param requests their requests
     * @param round the round's sums so far: on, off and off' in the live mixed slices from index 1
     */
    private void liveMixed(Phase phase, AppProcess[] apps, Requests[] requests, KindSums[] round) throws Exception {
        KindSums[] before = new KindSums[apps.length];
        for (int i = 0; i < apps.length; i++) {
            before[i] = KindSums.read(apps[i]);
        }
        // the same two live requests to each application, so that each process serves the same share
        // of every turn (a request that follows one to its own process finds warmer caches)
        int[] ports = new int[2 * apps.length];
        byte[][] sent = new byte[2 * apps.length][];
        for (int i = 0; i < apps.length; i++) {
            ports[2 * i] = apps[i].port();
            ports[2 * i + 1] = apps[i].port();
            sent[2 * i] = requests[i].post;
            sent[2 * i + 1] = requests[i].get;
        }
        check(phase.runAcross(ports, sent));
        KindSums[] slice = new KindSums[apps.length];
        for (int i = 0; i < apps.length; i++) {
            slice[i] = KindSums.read(apps[i]).minus(before[i]);
            round[i + 1] = round[i + 1].plus(slice[i]);
        }
        add(this.mixedCpuRatios, "GET", slice[0].getCpuPerRequest() / slice[1].getCpuPerRequest());
        add(this.mixedCpuRatios, "GET zero", slice[2].getCpuPerRequest() / slice[1].getCpuPerRequest());
        add(this.mixedCpuRatios, "POST", slice[0].liveCpuPerRequest() / slice[1].liveCpuPerRequest());
        add(this.mixedCpuRatios, "POST zero", slice[2].liveCpuPerRequest() / slice[1].liveCpuPerRequest());
    }

    /**
     * Print the round's CPU per request of the mixed slices and record it.
     */
    private void mixedCost(KindSums[] sums) {
        KindSums round = sums[0];
        double live = round.liveCpuPerRequest() / 1e3;
        double shadow = round.shadowCpuPerRequest() / 1e3;
        this.out.printf(
                Locale.ROOT,
                "  POST (on) mixed slices, request by request: CPU live %7.1f µs shadow %7.1f µs (shadow÷live %.4f) over %d and %d requests%n",
                live,
                shadow,
                shadow / live,
                round.liveRequests(),
                round.shadowRequests());
        add(this.costs, "live POST (on) mixed CPU µs", live);
        add(this.costs, "shadow POST (on) mixed CPU µs", shadow);
        add(this.costs, "shadow POST ÷ live POST mixed CPU", shadow / live);
        KindSums[] liveSums = {sums[1], sums[2], sums[3]};
        liveMixedCost("live GET ", liveSums, KindSums::getCpuPerRequest, KindSums::getRequests);
        liveMixedCost("live POST", liveSums, KindSums::liveCpuPerRequest, KindSums::liveRequests);
    }

    /**
     * Print the round's live CPU per request of off, off' and on in the mixed slices and record them.
     */
    private void liveMixedCost(
            String name, KindSums[] sums, ToDoubleFunction<KindSums> cpu, ToLongFunction<KindSums> requests) {
        double on = cpu.applyAsDouble(sums[0]);
        double off = cpu.applyAsDouble(sums[1]);
        double twin = cpu.applyAsDouble(sums[2]);
        this.out.printf(
                Locale.ROOT,
                "  %s mixed slices, request by request: CPU off %7.1f µs off' %7.1f µs on %7.1f µs (on÷off %.4f, off'÷off %.4f) over %d, %d and %d requests%n",
                name,
                off / 1e3,
                twin / 1e3,
                on / 1e3,
                on / off,
                twin / off,
                requests.applyAsLong(sums[1]),
                requests.applyAsLong(sums[2]),
                requests.applyAsLong(sums[0]));
        add(this.costs, name.strip() + " mixed CPU on÷off", on / off);
        add(this.costs, name.strip() + " mixed CPU off'÷off (zero)", twin / off);
    }

    /**
     * Print the round's allocation and CPU per request of one comparison and record them.
     */
    private void cost(
            Map<String, List<Phase.Result>> results,
            Map<String, Usage> spent,
            String key,
            String name,
            String baseName,
            String candidateName) {
        double[] a = perRequest(results, spent, key + " base");
        double[] b = perRequest(results, spent, key + " candidate");
        this.out.printf(
                Locale.ROOT,
                "  %s allocated %s %8.0f B %s %8.0f B (%s−%s %+6.0f B, %s÷%s %.4f) | CPU request threads %s %7.1f µs %s %7.1f µs (%s÷%s %.4f) | process %7.1f µs %7.1f µs (%.4f)%n",
                name,
                baseName,
                a[0],
                candidateName,
                b[0],
                candidateName,
                baseName,
                b[0] - a[0],
                candidateName,
                baseName,
                b[0] / a[0],
                baseName,
                a[2] / 1e3,
                candidateName,
                b[2] / 1e3,
                candidateName,
                baseName,
                b[2] / a[2],
                a[1] / 1e3,
                b[1] / 1e3,
                b[1] / a[1]);
        String prefix = name.strip().equals("POST (on)") ? "shadow POST ÷ live POST" : name.strip();
        String base = prefix.startsWith("shadow") ? "live POST (on)" : name.strip() + " " + baseName;
        String candidate = prefix.startsWith("shadow") ? "shadow POST (on)" : name.strip() + " " + candidateName;
        add(this.costs, base + " allocated B", a[0]);
        add(this.costs, candidate + " allocated B", b[0]);
        add(this.costs, base + " CPU µs", a[2] / 1e3);
        add(this.costs, candidate + " CPU µs", b[2] / 1e3);
        add(this.costs, base + " process CPU µs", a[1] / 1e3);
        add(this.costs, candidate + " process CPU µs", b[1] / 1e3);
        if (prefix.startsWith("shadow")) {
            add(this.costs, prefix + " allocated B", b[0] / a[0]);
            add(this.costs, prefix + " CPU", b[2] / a[2]);
            add(this.costs, prefix + " process CPU", b[1] / a[1]);
        } else {
            add(this.costs, prefix + " allocated B on−off", b[0] - a[0]);
            add(this.costs, prefix + " CPU on÷off", b[2] / a[2]);
            add(this.costs, prefix + " process CPU on÷off", b[1] / a[1]);
        }
    }

    private static double[] perRequest(Map<String, List<Phase.Result>> results, Map<String, Usage> spent, String key) {
        long requests = 0;
        for (Phase.Result result : required(results, key)) {
            requests += result.requests();
        }
        Usage usage = required(spent, key);
        return new double[] {
            usage.allocatedBytes() / (double) requests,
            usage.cpuNanos() / (double) requests,
            usage.requestCpuNanos() / (double) requests
        };
    }

    /**
     * Return the verdict line of a target decided on a deterministic figure: MET or MISSED on the
     * median over rounds (or startup runs), with every round's value.
     * @param target the target, ending in its limit
     * @param per what each value was measured over, {@code rounds} or {@code runs}
     * @param rounds the figure of each round or run
     * @param limit the largest value that meets the target
     * @return the line
     */
    static String deterministicVerdict(String target, String per, List<Double> rounds, double limit) {
        double value = median(rounds);
        long within = rounds.stream().filter((v) -> v <= limit).count();
        String agreement = (within == rounds.size())
                ? "every one within the limit"
                : (within == 0) ? "none within the limit" : within + " of " + rounds.size() + " within the limit";
        return String.format(
                Locale.ROOT,
                "  %-52s %10.4f  %s (%s: %s; %s; noise ±%.4f, half their range)",
                target,
                value,
                (value <= limit) ? "MET" : "MISSED",
                per,
                format(rounds),
                agreement,
                (rounds.size() < 2) ? Double.NaN : halfRange(rounds));
    }

    /**
     * Coverage asked of the interval of a median that decides a CPU target.
     */
    static final double CONFIDENCE = 0.95;

    /**
     * Return the verdict line of a CPU ratio's limit, decided on the median of the slice ratios
     * and the distribution-free interval of that median ({@link MedianInterval}, at least
     * {@value #CONFIDENCE} coverage): MET when the interval lies at or below the limit, MISSED when
     * it lies above it, NOT DECIDED when it reaches across it (or there are too few slices for an
     * interval). The rounds' ratios are printed beside it.
     * @param target the target, ending in its limit
     * @param rounds the ratio of each round
     * @param slices the ratio of each slice
     * @param limit the largest ratio that meets the target
     * @return the line
     */
    static String cpuLimitVerdict(String target, List<Double> rounds, List<Double> slices, double limit) {
        return intervalVerdict(
                target,
                slices,
                (interval) -> (interval.upper() <= limit)
                        ? new Judgement("MET", "the interval lies within the limit")
                        : (interval.lower() > limit)
                                ? new Judgement("MISSED", "the interval lies above the limit")
                                : new Judgement("NOT DECIDED", "the interval reaches across the limit"),
                "; rounds: " + format(rounds));
    }

    /**
     * Return the verdict line of a CPU ratio that must stay within the noise: MET when the interval of
     * the median of the slice ratios ({@link MedianInterval}, at least {@value #CONFIDENCE} coverage)
     * reaches 1 or below, so that no cost is measured above the noise; MISSED when it lies wholly
     * above 1; NOT DECIDED with too few slices.
     * @param target the target
     * @param slices the ratio of each slice
     * @return the line
     */
    static String cpuNoiseVerdict(String target, List<Double> slices) {
        return intervalVerdict(
                target,
                slices,
                (interval) -> (interval.lower() <= 1)
                        ? new Judgement("MET", "the interval reaches 1: no cost above the noise")
                        : new Judgement("MISSED", "the interval lies above 1"),
                "");
    }

    /**
     * Return the verdict line of a live CPU ratio on ÷ off that must stay within the noise, decided
     * against the method's zero measured in the same slices: off' ÷ off, two identical applications
     * whose ratio is the difference between two JVMs alone. The band of that zero is the interval
     * of its median ({@link MedianInterval}, at least {@value #CONFIDENCE} coverage), made
     * symmetric around 1 (which of two identical applications is called off is arbitrary):
     * {@code [1 ÷ edge, edge]} with {@code edge = max(upper, 1 ÷ lower)}. MET when the interval of
     * on ÷ off's median lies at or below the band's upper edge (no cost above what two identical
     * JVMs show; the line says so when the interval lies above 1 all the same), MISSED when it lies wholly above it, NOT DECIDED when it reaches across it or
     * there are too few slices.
     * @param target the target
     * @param slices on ÷ off of each slice
     * @param zero off' ÷ off of the same slices
     * @return the line
     */
    static String cpuNoiseVerdict(String target, List<Double> slices, List<Double> zero) {
        MedianInterval zeroInterval = MedianInterval.of(zero, CONFIDENCE);
        if (zeroInterval == null) {
            return intervalVerdict(
                    target,
                    slices,
                    (interval) -> new Judgement("NOT DECIDED", "too few slices for the interval of the zero"),
                    "");
        }
        double edge = Math.max(zeroInterval.upper(), 1 / zeroInterval.lower());
        String band = String.format(
                Locale.ROOT, "the zero, off'÷off, %s: band [%.4f, %.4f]", zeroInterval.describe(), 1 / edge, edge);
        return intervalVerdict(
                target,
                slices,
                (interval) -> (interval.upper() <= edge)
                        ? new Judgement(
                                "MET",
                                ((interval.lower() > 1)
                                                ? "the interval lies above 1: on cost more than off in this run, "
                                                        + "no more than two identical JVMs differ; "
                                                : "")
                                        + "the interval lies within the band of two identical JVMs; " + band)
                        : (interval.lower() > edge)
                                ? new Judgement(
                                        "MISSED", "the interval lies above the band of two identical JVMs; " + band)
                                : new Judgement(
                                        "NOT DECIDED",
                                        "the interval reaches across the edge of the band of two identical JVMs; "
                                                + band),
                "");
    }

    /**
     * A verdict and why.
     */
    private record Judgement(String verdict, String standing) {}

    /**
     * Return the verdict line of a target decided on the interval of the median of the slice
     * ratios: NOT DECIDED when there are too few slices for an interval, else what the judge says.
     */
    private static String intervalVerdict(
            String target, List<Double> slices, Function<MedianInterval, Judgement> judge, String suffix) {
        MedianInterval interval = MedianInterval.of(slices, CONFIDENCE);
        double value = median(slices);
        Judgement judgement = (interval != null)
                ? judge.apply(interval)
                : new Judgement("NOT DECIDED", "too few slices for an interval");
        return String.format(
                Locale.ROOT,
                "  %-52s %10.4f  %s (median of %d slice ratios %s: %s%s)",
                target,
                value,
                judgement.verdict(),
                slices.size(),
                (interval != null) ? interval.describe() : String.format(Locale.ROOT, "%.4f", value),
                judgement.standing(),
                suffix);
    }

    static double halfIqr(List<Double> values) {
        return (percentile(values, 75) - percentile(values, 25)) / 2;
    }

    private void report(
            Map<String, List<Phase.Result>> results,
            String key,
            String name,
            String baseName,
            String candidateName,
            Map<String, List<Double>> latency) {
        Phase.Result a = Phase.Result.merge(required(results, key + " base"));
        Phase.Result b = Phase.Result.merge(required(results, key + " candidate"));
        String ratio = candidateName + "÷" + baseName;
        this.out.printf(
                Locale.ROOT,
                "  %s %-6s %s | %-6s %s | %s p50 %.4f p99 %.4f%n",
                name,
                baseName,
                describe(a),
                candidateName,
                describe(b),
                ratio,
                b.percentileMillis(50) / a.percentileMillis(50),
                b.percentileMillis(99) / a.percentileMillis(99));
        add(latency, latencyKey(key, 50), b.percentileMillis(50) / a.percentileMillis(50));
        add(latency, latencyKey(key, 99), b.percentileMillis(99) / a.percentileMillis(99));
    }

    /**
     * The three requests the load sends to one application.
     */
    static final class Requests {

        final byte[] get;

        final byte[] post;

        final byte[] shadowPost;

        Requests(int port) {
            this.get = HttpConnection.request("GET", "/orders", port, new String[0], null);
            this.post = HttpConnection.request("POST", "/orders", port, new String[0], BODY);
            this.shadowPost = HttpConnection.request("POST", "/orders", port, new String[] {"X-Shadow: shadow"}, BODY);
        }
    }

    private Phase.Result check(Phase.Result result) {
        if (result.errors() > 0) {
            this.out.printf(
                    Locale.ROOT,
                    "  WARNING: %d of %d requests failed in a phase; see %s%n",
                    result.errors(),
                    result.requests(),
                    this.logs);
            this.totalErrors += result.errors();
        }
        return result;
    }

    private List<String> livePairs() throws Exception {
        return new LivePairsPhase(
                        intOption("live-pair-runs", 3),
                        intOption("live-pairs", 10_000),
                        intOption("live-pair-passes", 2),
                        Duration.ofSeconds(intOption("live-pair-warmup", 25)).toNanos(),
                        this.classPath,
                        this.jvmArguments,
                        this.logs,
                        this.out)
                .run();
    }

    private void startup() throws Exception {
        String order = option("startup-order", "side-by-side");
        if (!List.of("side-by-side", "in-turn").contains(order)) {
            throw new IllegalArgumentException("--startup-order is side-by-side or in-turn, not " + order);
        }
        new StartupPhase(
                        intOption("startup-runs", 9),
                        order.equals("side-by-side"),
                        this.classPath,
                        this.jvmArguments,
                        this.logs,
                        this.out)
                .run()
                .forEach(this::target);
    }

    private void verdict(String target, double value, double limit, boolean atLeast, double noise) {
        boolean met = atLeast ? value >= limit : value <= limit;
        double margin = Math.abs(1.0 - limit);
        String outcome = met ? "met" : "missed";
        if (Double.isNaN(noise)) {
            target(String.format(
                    Locale.ROOT,
                    "  %-52s %10.4f  NOT MEASURABLE here (one sample gives no noise figure; this run: %s)",
                    target,
                    value,
                    outcome));
        } else if (noise > margin) {
            target(String.format(
                    Locale.ROOT,
                    "  %-52s %10.4f  NOT MEASURABLE here (noise ±%.1f %% > the %.1f %% margin; this run: %s)",
                    target,
                    value,
                    noise * 100,
                    margin * 100,
                    outcome));
        } else {
            target(String.format(
                    Locale.ROOT,
                    "  %-52s %10.4f  %s (noise ±%.1f %%)",
                    target,
                    value,
                    met ? "MET" : "MISSED",
                    noise * 100));
        }
    }

    /**
     * Print a target's verdict line and keep it for the summary.
     */
    private void target(String line) {
        this.out.println(line);
        this.targets.add(line);
    }

    private static String describe(Phase.Result result) {
        return String.format(
                Locale.ROOT,
                "%7.0f req/s p50 %6.3f ms p99 %6.3f ms",
                result.throughput(),
                result.percentileMillis(50),
                result.percentileMillis(99));
    }

    static void add(Map<String, List<Double>> map, String key, double value) {
        map.computeIfAbsent(key, (k) -> new ArrayList<>()).add(value);
    }

    static double median(List<Double> values) {
        double[] sorted =
                values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        int n = sorted.length;
        return (n % 2 == 1) ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    /**
     * Return the value below which the given percentage of the values fall (nearest rank).
     */
    static double percentile(List<Double> values, double percentage) {
        double[] sorted =
                values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        int index = (int) Math.ceil(percentage / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
    }

    /**
     * Return half of (max − min): how far apart the rounds land, or NaN for a single round.
     */
    static double halfRange(List<Double> values) {
        if (values.size() < 2) {
            return Double.NaN;
        }
        double min = values.stream().mapToDouble(Double::doubleValue).min().orElse(0);
        double max = values.stream().mapToDouble(Double::doubleValue).max().orElse(0);
        return (max - min) / 2;
    }

    /**
     * Return (max − min) ÷ median: how far apart runs of the same variant land.
     */
    static double spread(List<Double> values) {
        if (values.size() < 2) {
            return Double.NaN;
        }
        double min = values.stream().mapToDouble(Double::doubleValue).min().orElse(0);
        double max = values.stream().mapToDouble(Double::doubleValue).max().orElse(0);
        return (max - min) / median(values);
    }

    static String format(List<Double> values) {
        return Arrays.toString(values.stream()
                .map((v) -> String.format(Locale.ROOT, "%.4f", v))
                .toArray());
    }
}
