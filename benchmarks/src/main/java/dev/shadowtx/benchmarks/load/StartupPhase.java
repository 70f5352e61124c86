package dev.shadowtx.benchmarks.load;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;

/**
 * Startup: process CPU time from the process start to the first 200 of {@code GET /orders}, with
 * the starter absent, off and on.
 * <p>
 * Started one after the other, the same variant's process CPU time spreads by ±15 % from run to
 * run on a shared machine: the load changes between two starts, and with it how much CPU the
 * same work costs (cache and core contention) and how much the JIT compiler threads spend. So the
 * three variants of a run are started side by side (the load comparison's own method), each
 * measured the moment it answers its first 200 on a thread of its own, and the ratios are taken
 * within a run: whatever load the machine carries, the three carry it together. The start order
 * rotates from run to run (off, on, absent; then on, absent, off; ...).
 * {@code --startup-order=in-turn} starts them one after the other instead.
 * <p>
 * Each run also splits the process' CPU time by thread at the first 200 (main thread, JIT
 * compilers, GC, the rest), from the operating system's per-thread accounting
 * ({@code /proc/<pid>/task/<tid>/schedstat}, nanoseconds), and counts the classes loaded. The
 * per-run ratios' median is printed with a distribution-free confidence interval (order
 * statistics of the per-run ratios). Two targets are decided: the process' CPU time, and the
 * main thread's alone, which carries the work the starter adds and not the JIT compilers', whose
 * share at the first 200 moves with the scheduling of the machine (its own ratio is printed too).
 * Every variant starts with the same fixed heap ({@code --app-jvm-args}, {@code -Xms512m
 * -Xmx512m} by default), so that the collector's work is comparable.
 */
final class StartupPhase {

    private static final double LIMIT = 1.03;

    private static final Pattern LOADED_CLASSES = Pattern.compile("java\\.cls\\.loadedClasses=(\\d+)");

    private final int runs;

    private final String classPath;

    private final List<String> jvmArguments;

    private final Path logs;

    private final PrintStream out;

    private final boolean sideBySide;

    StartupPhase(
            int runs, boolean sideBySide, String classPath, List<String> jvmArguments, Path logs, PrintStream out) {
        this.runs = runs;
        this.sideBySide = sideBySide;
        this.classPath = classPath;
        this.jvmArguments = jvmArguments;
        this.logs = logs;
        this.out = out;
    }

    /**
     * Start each variant {@code runs} times and print every run and the medians.
     * @return the verdict line of each target
     */
    List<String> run() throws Exception {
        this.out.printf(
                Locale.ROOT,
                "%n== startup: process CPU time from process start to the first 200 of GET /orders, "
                        + "%d runs of off, on, absent %s, in a rotating order%n"
                        + "  per run and variant: wall ms, process CPU ms = main thread + JIT compilers + GC + other "
                        + "threads, classes loaded%n",
                this.runs,
                this.sideBySide ? "started side by side" : "one after the other");
        Map<Variant, List<Sample>> samples = new EnumMap<>(Variant.class);
        List<Variant> order = new ArrayList<>(List.of(Variant.OFF, Variant.ON, Variant.ABSENT));
        for (int run = 1; run <= this.runs; run++) {
            StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "  run %d:", run));
            Map<Variant, Sample> run1 = this.sideBySide ? sideBySide(run, order) : inTurn(run, order);
            for (Variant variant : order) {
                Sample sample = required(run1, variant);
                samples.computeIfAbsent(variant, (key) -> new ArrayList<>()).add(sample);
                line.append(String.format(Locale.ROOT, "%n    %-6s %s", variant.label(), sample));
            }
            this.out.println(line);
            order.add(order.remove(0));
        }
        Map<String, List<Double>> ratios = new LinkedHashMap<>();
        for (int i = 0; i < this.runs; i++) {
            Sample absent = required(samples, Variant.ABSENT).get(i);
            Sample off = required(samples, Variant.OFF).get(i);
            Sample on = required(samples, Variant.ON).get(i);
            add(ratios, "process CPU on÷off", on.processMillis() / off.processMillis());
            add(ratios, "process CPU absent÷off", absent.processMillis() / off.processMillis());
            add(ratios, "main-thread CPU on÷off", on.mainMillis() / off.mainMillis());
            add(ratios, "main-thread CPU absent÷off", absent.mainMillis() / off.mainMillis());
            add(ratios, "CPU less JIT and GC on÷off", on.ownMillis() / off.ownMillis());
            add(ratios, "JIT CPU on÷off", on.jitMillis() / off.jitMillis());
        }
        this.out.printf(Locale.ROOT, "  medians per variant:%n");
        for (Variant variant : List.of(Variant.ABSENT, Variant.OFF, Variant.ON)) {
            List<Sample> list = required(samples, variant);
            this.out.printf(
                    Locale.ROOT,
                    "    %-6s wall %.0f ms, process CPU %.0f ms = main %.0f + JIT %.0f + GC %.0f + other %.0f; "
                            + "%.0f classes%n",
                    variant.label(),
                    median(list, Sample::wallMillis),
                    median(list, Sample::processMillis),
                    median(list, Sample::mainMillis),
                    median(list, Sample::jitMillis),
                    median(list, Sample::gcMillis),
                    median(list, Sample::otherMillis),
                    median(list, (s) -> (double) s.classes()));
        }
        this.out.printf(Locale.ROOT, "  per-run ratios, median [confidence interval of the median]:%n");
        ratios.forEach((name, values) -> this.out.printf(
                Locale.ROOT, "    %-28s %s  runs %s%n", name, interval(values), LoadComparison.format(values)));
        this.out.printf(
                Locale.ROOT,
                "%ntargets on the process' and the main thread's CPU time (medians of the per-run ratios)%n");
        List<String> verdicts = new ArrayList<>();
        verdicts.add(verdict("startup CPU on÷off ≤ 1.03", required(ratios, "process CPU on÷off")));
        verdicts.add(verdict("startup main-thread CPU on÷off ≤ 1.03", required(ratios, "main-thread CPU on÷off")));
        verdicts.add(String.format(
                Locale.ROOT,
                "  %-52s %10.4f  reported (%s; main thread alone %s)",
                "startup CPU absent÷off",
                LoadComparison.median(required(ratios, "process CPU absent÷off")),
                interval(required(ratios, "process CPU absent÷off")),
                interval(required(ratios, "main-thread CPU absent÷off"))));
        return verdicts;
    }

    private Map<Variant, Sample> inTurn(int run, List<Variant> order) throws Exception {
        Map<Variant, Sample> samples = new EnumMap<>(Variant.class);
        for (Variant variant : order) {
            try (AppProcess app = start(run, variant)) {
                samples.put(variant, measure(app).withClasses(loadedClasses(app)));
            }
        }
        return samples;
    }

    /**
     * Start the variants together and take each one's figures the moment it answers its first
     * 200, on a thread of its own: whatever load the machine carries then, all of them carry it.
     */
    private Map<Variant, Sample> sideBySide(int run, List<Variant> order) throws Exception {
        Map<Variant, AppProcess> apps = new EnumMap<>(Variant.class);
        ExecutorService waiting = Executors.newFixedThreadPool(order.size());
        try {
            for (Variant variant : order) {
                apps.put(variant, start(run, variant));
            }
            Map<Variant, Future<Sample>> measured = new EnumMap<>(Variant.class);
            for (Variant variant : order) {
                AppProcess app = required(apps, variant);
                measured.put(variant, waiting.submit(() -> measure(app)));
            }
            Map<Variant, Sample> samples = new EnumMap<>(Variant.class);
            for (Variant variant : order) {
                Sample sample = required(measured, variant).get();
                samples.put(variant, sample.withClasses(loadedClasses(required(apps, variant))));
            }
            return samples;
        } finally {
            waiting.shutdownNow();
            for (AppProcess app : apps.values()) {
                app.close();
            }
        }
    }

    private AppProcess start(int run, Variant variant) throws IOException {
        Path log = this.logs.resolve("startup-" + run + "-" + variant.label() + ".log");
        return AppProcess.start(variant, this.classPath, this.jvmArguments, log, List.of());
    }

    private static Sample measure(AppProcess app) throws IOException, InterruptedException {
        double wallMillis = app.awaitReady(Duration.ofSeconds(300).toNanos()) / 1e6;
        Map<String, Long> threads = threadCpu(app.pid());
        double processMillis = app.cpuNanos() / 1e6;
        return Sample.of(wallMillis, processMillis, threads, -1);
    }

    /**
     * The verdict on the median of the per-run ratios, with the interval that says whether this
     * run decides it: a median within the limit whose interval reaches past it is MET by this run
     * but not decided, and the line says so, as it does when there are too few runs for an
     * interval.
     */
    static String verdict(String target, List<Double> ratios) {
        double value = LoadComparison.median(ratios);
        long within = ratios.stream().filter((v) -> v <= LIMIT).count();
        return String.format(
                Locale.ROOT,
                "  %-52s %10.4f  %s (median of %d per-run ratios, %s; %d of %d runs within the limit: %s)",
                target,
                value,
                (value <= LIMIT) ? "MET" : "MISSED",
                ratios.size(),
                interval(ratios),
                within,
                ratios.size(),
                standing(ratios));
    }

    /**
     * Whether the interval of the median decides the target: it lies wholly on one side of the
     * limit, or reaches across it, or there are too few runs for one.
     */
    static String standing(List<Double> ratios) {
        double[] bounds = intervalBounds(ratios);
        if (bounds == null) {
            return "too few runs to decide";
        }
        if (bounds[1] <= LIMIT || bounds[0] > LIMIT) {
            return "the interval decides it";
        }
        return "not decided, the interval reaches across the limit";
    }

    /**
     * Return the median with its distribution-free confidence interval: the order statistics
     * {@code k} and {@code n + 1 − k} of the sorted values, with the largest {@code k} whose
     * coverage ({@code 1 − 2 P(Binomial(n, ½) < k)}) is at least 90 %; the coverage is printed.
     */
    static String interval(List<Double> values) {
        double median = LoadComparison.median(values);
        double[] bounds = intervalBounds(values);
        if (bounds == null) {
            return String.format(Locale.ROOT, "%.4f [too few runs for an interval]", median);
        }
        return String.format(Locale.ROOT, "%.4f [%.4f, %.4f] (%.1f %%)", median, bounds[0], bounds[1], bounds[2] * 100);
    }

    /**
     * Return the interval of the median as its lower bound, upper bound and coverage, or
     * {@code null} when there are too few values for a coverage of 90 %.
     */
    static double @Nullable [] intervalBounds(List<Double> values) {
        MedianInterval interval = MedianInterval.of(values, 0.90);
        return (interval == null) ? null : new double[] {interval.lower(), interval.upper(), interval.coverage()};
    }

    /**
     * Return {@code P(Binomial(n, ½) < k)}.
     */
    static double binomialBelow(int n, int k) {
        return MedianInterval.binomialBelow(n, k);
    }

    /**
     * Return the CPU time of each live thread of a process, by thread name, summed over threads of
     * the same name: on Linux from {@code /proc}, elsewhere nothing.
     * @param pid the process
     * @return nanoseconds by thread name
     */
    static Map<String, Long> threadCpu(long pid) throws IOException {
        Path tasks = Path.of("/proc", Long.toString(pid), "task");
        Map<String, Long> cpu = new LinkedHashMap<>();
        if (!Files.isDirectory(tasks)) {
            return cpu;
        }
        try (Stream<Path> list = Files.list(tasks)) {
            for (Path task : list.toList()) {
                try {
                    String name = Files.readString(task.resolve("comm"), StandardCharsets.UTF_8)
                            .trim();
                    String schedstat = Files.readString(task.resolve("schedstat"), StandardCharsets.US_ASCII);
                    long nanos = Long.parseLong(schedstat.trim().split(" ")[0]);
                    cpu.merge(name, nanos, Long::sum);
                } catch (IOException | RuntimeException ex) {
                    // a thread that ended while the list was read: its time is in the process' figure
                }
            }
        }
        return cpu;
    }

    private static long loadedClasses(AppProcess app) throws InterruptedException {
        try {
            Matcher matcher = LOADED_CLASSES.matcher(app.jcmdOutput("PerfCounter.print"));
            return matcher.find() ? Long.parseLong(matcher.group(1)) : -1;
        } catch (IOException ex) {
            return -1;
        }
    }

    private static double median(List<Sample> samples, java.util.function.ToDoubleFunction<Sample> figure) {
        return LoadComparison.median(samples.stream().map(figure::applyAsDouble).toList());
    }

    private static <K, V> V required(Map<K, V> map, K key) {
        V value = map.get(key);
        if (value == null) {
            throw new IllegalStateException("No figure for " + key);
        }
        return value;
    }

    private static void add(Map<String, List<Double>> map, String key, double value) {
        map.computeIfAbsent(key, (k) -> new ArrayList<>()).add(value);
    }

    /**
     * One start of one variant.
     * @param wallMillis from the process start to the first 200
     * @param processMillis the process' CPU time then, as the operating system charges it
     * @param mainMillis the main thread's
     * @param jitMillis the JIT compiler threads'
     * @param gcMillis the garbage collector's threads'
     * @param otherMillis every other live thread's (VM, web server, pool, ...)
     * @param classes classes loaded, or -1 when unknown
     */
    record Sample(
            double wallMillis,
            double processMillis,
            double mainMillis,
            double jitMillis,
            double gcMillis,
            double otherMillis,
            long classes) {

        /**
         * Group a process' threads: {@code java} is the launcher's main thread (the primordial
         * one, also named so, spends next to nothing), {@code C1/C2 CompilerThre} the JIT,
         * {@code GC Thread#n} and {@code G1 …} the collector. Without per-thread figures the
         * main thread's share is unknown (NaN).
         */
        static Sample of(double wallMillis, double processMillis, Map<String, Long> threads, long classes) {
            if (threads.isEmpty()) {
                return new Sample(wallMillis, processMillis, Double.NaN, Double.NaN, Double.NaN, Double.NaN, classes);
            }
            double main = 0;
            double jit = 0;
            double gc = 0;
            double other = 0;
            for (Map.Entry<String, Long> thread : threads.entrySet()) {
                String name = thread.getKey();
                double millis = thread.getValue() / 1e6;
                if (name.equals("java")) {
                    main += millis;
                } else if (name.contains("CompilerThre")) {
                    jit += millis;
                } else if (name.startsWith("GC Thread") || name.startsWith("G1 ")) {
                    gc += millis;
                } else {
                    other += millis;
                }
            }
            return new Sample(wallMillis, processMillis, main, jit, gc, other, classes);
        }

        /**
         * Return the same figures with the number of classes loaded.
         */
        Sample withClasses(long loaded) {
            return new Sample(
                    this.wallMillis,
                    this.processMillis,
                    this.mainMillis,
                    this.jitMillis,
                    this.gcMillis,
                    this.otherMillis,
                    loaded);
        }

        /**
         * Return the CPU time of the application's own threads: the process' less the JIT's and
         * the collector's.
         */
        double ownMillis() {
            return this.processMillis - this.jitMillis - this.gcMillis;
        }

        @Override
        public String toString() {
            return String.format(
                    Locale.ROOT,
                    "%6.0f ms, CPU %6.0f ms = main %5.0f + JIT %5.0f + GC %4.0f + other %4.0f, %d classes",
                    this.wallMillis,
                    this.processMillis,
                    this.mainMillis,
                    this.jitMillis,
                    this.gcMillis,
                    this.otherMillis,
                    this.classes);
        }
    }
}
