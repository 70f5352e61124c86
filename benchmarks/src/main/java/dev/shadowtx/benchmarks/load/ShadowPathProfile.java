package dev.shadowtx.benchmarks.load;

import java.io.IOException;
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

/**
 * Where a request of each kind allocates: starts the benchmark application once (shadowtx on,
 * or the variant given), warms it up, then sends each kind of request alone in turn and prints
 * the heap bytes and CPU time per request (its request threads' and the whole process'), and the
 * throughput, of the application process, read from its probe. With
 * {@code --jfr=true} the application records a JFR file per kind
 * ({@code jdk.ObjectAllocationSample} and {@code jdk.ExecutionSample}), written next to the logs,
 * to read with {@code jfr print} or {@code jfr summary}.
 * <p>
 * Options ({@code --name=value}): {@code variant} ({@code on}, {@code off}), {@code warmup}
 * seconds (10), {@code seconds} per kind and pass (4), {@code passes} (3), {@code workers} (2),
 * {@code jfr} ({@code false}), {@code jfr-seconds} recorded per kind (10), {@code database} ({@code server}: H2 over TCP outside the application's
 * JVM, or {@code embedded}: H2 in it), {@code jfc} (the JFR settings, {@code profile}), {@code jfr-options}
 * (options of those settings, comma-separated, e.g. {@code allocation-profiling=maximum}), {@code logs}
 * (target/load-logs), {@code app-jvm-args} ("-Xms512m -Xmx512m").
 */
public final class ShadowPathProfile {

    private ShadowPathProfile() {}

    public static void main(String[] args) throws Exception {
        Map<String, String> options = LoadComparison.options(args);
        Variant variant = variant(options);
        long warmup = seconds(options, "warmup", 10);
        long seconds = seconds(options, "seconds", 4);
        int passes = Integer.parseInt(options.getOrDefault("passes", "3"));
        int workers = Integer.parseInt(options.getOrDefault("workers", "2"));
        boolean jfr = Boolean.parseBoolean(options.getOrDefault("jfr", "false"));
        long jfrSeconds = seconds(options, "jfr-seconds", 10);
        Path logs = logs(options);
        List<String> jvm = jvmArguments(options);
        String classPath = System.getProperty("java.class.path");
        boolean embedded = options.getOrDefault("database", "server").equals("embedded");
        try (DatabaseServer database = DatabaseServer.start();
                AppProcess app = AppProcess.start(
                        variant,
                        classPath,
                        jvm,
                        logs.resolve("profile-" + variant.label() + ".log"),
                        embedded ? List.of() : database.applicationArguments("profile"))) {
            app.awaitReady(Duration.ofMinutes(3).toNanos());
            int port = app.port();
            LoadComparison.Requests requests = new LoadComparison.Requests(port);
            byte[] get = requests.get;
            byte[] post = requests.post;
            byte[] shadow = requests.shadowPost;
            new Phase(port, workers, warmup, 2_000_000L).run(get, post, shadow);
            Map<String, byte[]> kinds = new LinkedHashMap<>();
            kinds.put("GET", get);
            kinds.put("live POST", post);
            kinds.put("shadow POST", shadow);
            Map<String, List<Double>> bytes = new LinkedHashMap<>();
            Map<String, List<Double>> cpu = new LinkedHashMap<>();
            Map<String, List<Double>> requestCpu = new LinkedHashMap<>();
            Map<String, List<Double>> throughput = new LinkedHashMap<>();
            for (int pass = 1; pass <= passes; pass++) {
                for (Map.Entry<String, byte[]> kind : kinds.entrySet()) {
                    Usage before = app.usage();
                    Phase.Result result = new Phase(port, workers, seconds, 2_000_000L).run(kind.getValue());
                    Usage spent = app.usage().minus(before);
                    bytes.computeIfAbsent(kind.getKey(), (k) -> new ArrayList<>())
                            .add((double) spent.allocatedBytes() / result.requests());
                    cpu.computeIfAbsent(kind.getKey(), (k) -> new ArrayList<>())
                            .add(spent.cpuNanos() / 1e3 / result.requests());
                    requestCpu
                            .computeIfAbsent(kind.getKey(), (k) -> new ArrayList<>())
                            .add(spent.requestCpuNanos() / 1e3 / result.requests());
                    throughput
                            .computeIfAbsent(kind.getKey(), (k) -> new ArrayList<>())
                            .add(result.throughput());
                }
            }
            for (String kind : kinds.keySet()) {
                System.out.printf(
                        Locale.ROOT,
                        "%-12s %-3s allocated B/request %s  CPU µs/request: request threads %s, process %s  req/s %s%n",
                        kind,
                        variant.label(),
                        format(Objects.requireNonNull(bytes.get(kind))),
                        format(Objects.requireNonNull(requestCpu.get(kind))),
                        format(Objects.requireNonNull(cpu.get(kind))),
                        format(Objects.requireNonNull(throughput.get(kind))));
            }
            if (jfr) {
                for (Map.Entry<String, byte[]> kind : kinds.entrySet()) {
                    Path file = logs.toAbsolutePath()
                            .resolve("profile-" + variant.label() + "-"
                                    + kind.getKey().replace(' ', '-') + ".jfr");
                    List<String> start = new ArrayList<>(List.of(
                            "JFR.start",
                            "name=p",
                            "settings=" + options.getOrDefault("jfc", "profile"),
                            "filename=" + file));
                    String jfrOptions = options.getOrDefault("jfr-options", "");
                    if (!jfrOptions.isBlank()) {
                        start.addAll(List.of(jfrOptions.split(",")));
                    }
                    app.jcmd(start.toArray(String[]::new));
                    Phase.Result recorded = new Phase(port, workers, jfrSeconds, 2_000_000L).run(kind.getValue());
                    app.jcmd("JFR.stop", "name=p");
                    System.out.println("recorded " + file + " (" + recorded.requests() + " requests)");
                }
            }
        }
    }

    /**
     * Return the {@code variant} option ({@code on} unless given).
     */
    static Variant variant(Map<String, String> options) {
        return Variant.valueOf(options.getOrDefault("variant", "on").toUpperCase(Locale.ROOT));
    }

    /**
     * Return an option given in seconds, in nanoseconds.
     */
    static long seconds(Map<String, String> options, String name, int defaultSeconds) {
        return Duration.ofSeconds(Integer.parseInt(options.getOrDefault(name, Integer.toString(defaultSeconds))))
                .toNanos();
    }

    /**
     * Return the {@code logs} directory, created.
     */
    static Path logs(Map<String, String> options) throws IOException {
        Path logs = Path.of(options.getOrDefault("logs", "target/load-logs"));
        Files.createDirectories(logs);
        return logs;
    }

    /**
     * Return the {@code app-jvm-args} option as a list that can be added to.
     */
    static List<String> jvmArguments(Map<String, String> options) {
        return new ArrayList<>(List.of(
                options.getOrDefault("app-jvm-args", "-Xms512m -Xmx512m").trim().split("\\s+")));
    }

    private static String format(List<Double> values) {
        double[] sorted =
                values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        StringBuilder out = new StringBuilder(String.format(Locale.ROOT, "median %9.1f [", sorted[sorted.length / 2]));
        out.append(String.join(
                ", ",
                Arrays.stream(values.stream().mapToDouble(Double::doubleValue).toArray())
                        .mapToObj((v) -> String.format(Locale.ROOT, "%.1f", v))
                        .toList()));
        return out.append(']').toString();
    }
}
