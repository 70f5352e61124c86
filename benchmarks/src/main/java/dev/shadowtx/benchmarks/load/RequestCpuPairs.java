package dev.shadowtx.benchmarks.load;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What a shadow POST costs its request thread against a live POST, request by request: starts
 * the benchmark application with its per-request valve ({@code -Dbench.request-cpu=true}, see
 * {@code RequestCpuValve}), warms it up with the load's mix, then sends live and shadow POSTs one
 * at a time from one client on one connection, alternating (live then shadow, shadow then live),
 * and reads from the valve each request's CPU time on its thread's own clock, its allocated bytes
 * and its wall-clock time. Each pair gives a ratio and a difference; their medians are printed
 * with the distribution-free interval of a median, which needs no assumption on the shape of the
 * noise. One request at a time, no other request competes for the cores of the application.
 * <p>
 * Options ({@code --name=value}): {@code variant} ({@code on}, {@code off}), {@code warmup}
 * seconds (20), {@code workers} during the warm-up (2), {@code pairs} (4000), {@code passes} (1),
 * {@code confidence} (0.99), {@code database} ({@code server} or {@code embedded}),
 * {@code app-args} (further application arguments, space-separated, such as
 * {@code --shadow.jdbc.guard=false}), {@code jfr} ({@code false}: with {@code true}, the last pass
 * is recorded, execution samples every millisecond, for {@code benchmarks/jfr-frame-diff.py}), {@code logs} (target/load-logs), {@code app-jvm-args}
 * ("-Xms512m -Xmx512m").
 */
public final class RequestCpuPairs {

    /**
     * JFR settings of the recording of the last pass: execution samples of Java threads every
     * millisecond, nothing else.
     */
    static final String EXECUTION_SAMPLES = """
            <?xml version="1.0" encoding="UTF-8"?>
            <configuration version="2.0" label="execution samples">
              <event name="jdk.ExecutionSample">
                <setting name="enabled">true</setting>
                <setting name="period">1 ms</setting>
              </event>
            </configuration>
            """;

    private RequestCpuPairs() {}

    public static void main(String[] args) throws Exception {
        Map<String, String> options = LoadComparison.options(args);
        Variant variant = ShadowPathProfile.variant(options);
        PairsOptions setup = PairsOptions.of(options, 2);
        List<String> appArgs = new ArrayList<>(setup.appArguments());
        boolean embedded = options.getOrDefault("database", "server").equals("embedded");
        boolean jfr = setup.jfr();
        try (DatabaseServer database = DatabaseServer.start()) {
            if (!embedded) {
                appArgs.addAll(database.applicationArguments("pairs"));
            }
            try (AppProcess app = AppProcess.start(
                    variant,
                    System.getProperty("java.class.path"),
                    setup.jvmArguments(),
                    setup.logs().resolve("pairs-" + variant.label() + ".log"),
                    appArgs)) {
                app.awaitReady(Duration.ofMinutes(3).toNanos());
                int port = app.port();
                LoadComparison.Requests requests = new LoadComparison.Requests(port);
                byte[] get = requests.get;
                byte[] post = requests.post;
                byte[] shadow = requests.shadowPost;
                new Phase(port, setup.workers(), setup.warmupNanos(), 50_000_000L).run(get, post, shadow);
                System.out.printf(
                        Locale.ROOT,
                        "request CPU pairs: %s, %s database, %d pairs per pass, one request at a time, "
                                + "alternating; app args %s%n",
                        variant.label(),
                        embedded ? "embedded" : "server",
                        setup.pairs(),
                        appArgs);
                for (int pass = 1; pass <= setup.passes(); pass++) {
                    Path recording = null;
                    if (jfr && pass == setup.passes()) {
                        recording = setup.logs().toAbsolutePath().resolve("pairs-" + variant.label() + ".jfr");
                        Path settings = setup.logs().toAbsolutePath().resolve("execution-samples.jfc");
                        Files.writeString(settings, EXECUTION_SAMPLES);
                        app.jcmd("JFR.start", "name=pairs", "settings=" + settings, "filename=" + recording);
                    }
                    fetch(port, "?reset");
                    try (HttpConnection connection = new HttpConnection(port, 60_000)) {
                        for (int i = 0; i < setup.pairs(); i++) {
                            boolean liveFirst = i % 2 == 0;
                            expectCreated(connection.exchange(liveFirst ? post : shadow));
                            expectCreated(connection.exchange(liveFirst ? shadow : post));
                        }
                    }
                    List<Sample> samples = parse(fetch(port, ""));
                    if (recording != null) {
                        app.jcmd("JFR.stop", "name=pairs");
                        System.out.println("recorded " + recording + " (" + setup.pairs() + " pairs)");
                    }
                    report(pass, samples, setup.confidence());
                }
            }
        }
    }

    private static void expectCreated(int status) throws IOException {
        if (status != 201) {
            throw new IOException("POST /orders answered " + status + "; see the application's log");
        }
    }

    /**
     * One request as the valve measured it.
     *
     * @param kind {@code GET}, {@code POST} or {@code POST-marked}
     * @param cpuNanos CPU time on its thread
     * @param allocatedBytes bytes its thread allocated
     * @param wallNanos wall-clock time
     */
    record Sample(String kind, long cpuNanos, long allocatedBytes, long wallNanos) {}

    static List<Sample> parse(String text) {
        List<Sample> samples = new ArrayList<>();
        for (String line : text.split("\n")) {
            if (line.isBlank()) {
                continue;
            }
            String[] fields = line.trim().split(" ");
            samples.add(new Sample(
                    fields[0], Long.parseLong(fields[1]), Long.parseLong(fields[2]), Long.parseLong(fields[3])));
        }
        return samples;
    }

    /**
     * Print, over the pairs of one pass, the medians of each kind and the medians of the per-pair
     * ratios and differences, each with the interval of its median.
     */
    static void report(int pass, List<Sample> samples, double confidence) {
        List<Sample> posts =
                samples.stream().filter((s) -> s.kind().startsWith("POST")).toList();
        List<Double> liveCpu = new ArrayList<>();
        List<Double> shadowCpu = new ArrayList<>();
        List<Double> cpuRatio = new ArrayList<>();
        List<Double> cpuDifference = new ArrayList<>();
        List<Double> liveBytes = new ArrayList<>();
        List<Double> shadowBytes = new ArrayList<>();
        List<Double> byteDifference = new ArrayList<>();
        List<Double> liveWall = new ArrayList<>();
        List<Double> shadowWall = new ArrayList<>();
        for (int i = 0; i + 1 < posts.size(); i += 2) {
            Sample first = posts.get(i);
            Sample second = posts.get(i + 1);
            if (first.kind().equals(second.kind())) {
                throw new IllegalStateException("pair " + i / 2 + " is two " + first.kind() + " requests");
            }
            Sample live = first.kind().equals("POST") ? first : second;
            Sample shadow = (live == first) ? second : first;
            liveCpu.add(live.cpuNanos() / 1e3);
            shadowCpu.add(shadow.cpuNanos() / 1e3);
            cpuRatio.add(shadow.cpuNanos() / (double) live.cpuNanos());
            cpuDifference.add((shadow.cpuNanos() - live.cpuNanos()) / 1e3);
            liveBytes.add((double) live.allocatedBytes());
            shadowBytes.add((double) shadow.allocatedBytes());
            byteDifference.add((double) (shadow.allocatedBytes() - live.allocatedBytes()));
            liveWall.add(live.wallNanos() / 1e3);
            shadowWall.add(shadow.wallNanos() / 1e3);
        }
        System.out.printf(Locale.ROOT, "pass %d: %d pairs%n", pass, cpuRatio.size());
        line("live POST CPU µs", liveCpu, confidence);
        line("shadow POST CPU µs", shadowCpu, confidence);
        line("shadow ÷ live CPU, per pair", cpuRatio, confidence);
        line("shadow − live CPU µs, per pair", cpuDifference, confidence);
        line("live POST allocated B", liveBytes, confidence);
        line("shadow POST allocated B", shadowBytes, confidence);
        line("shadow − live allocated B, per pair", byteDifference, confidence);
        line("live POST wall µs", liveWall, confidence);
        line("shadow POST wall µs", shadowWall, confidence);
        System.out.printf(
                Locale.ROOT,
                "  %-38s %.4f (medians %.2f and %.2f µs)%n",
                "ratio of the medians, CPU",
                LoadComparison.median(shadowCpu) / LoadComparison.median(liveCpu),
                LoadComparison.median(shadowCpu),
                LoadComparison.median(liveCpu));
    }

    static void line(String name, List<Double> values, double confidence) {
        MedianInterval interval = MedianInterval.of(values, confidence);
        System.out.printf(
                Locale.ROOT,
                "  %-38s %s  quartiles %.4f / %.4f%n",
                name,
                (interval != null) ? interval.describe() : "too few values",
                LoadComparison.percentile(values, 25),
                LoadComparison.percentile(values, 75));
    }

    static String fetch(int port, String query) throws IOException {
        URI uri = URI.create("http://127.0.0.1:" + port + "/bench/request-cpu" + query);
        try (InputStream in = uri.toURL().openStream()) {
            return new String(in.readAllBytes(), StandardCharsets.US_ASCII);
        }
    }
}
