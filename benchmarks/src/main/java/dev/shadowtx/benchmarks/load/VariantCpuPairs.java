package dev.shadowtx.benchmarks.load;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What a live request costs its request thread in one variant of the benchmark application against
 * another, request by request: starts both side by side (each with its per-request valve,
 * {@code -Dbench.request-cpu=true}, and a database of its own on the H2 server), warms each up with
 * the load's mix, then sends the same live request to one and to the other, one at a time and
 * alternating (A then B, B then A), and reads from each valve the request's CPU time on its thread's
 * own clock, its allocated bytes and its wall-clock time. Each pair gives a ratio and a difference;
 * their medians are printed with the distribution-free interval of a median. Both applications
 * serve at the same moments, one request at a time, so a change of the machine's load hits both
 * alike; what remains between them is the variants and the two JVMs. {@code --variants=off,off} is
 * the method's zero: two identical applications, whose difference is the two JVMs alone.
 * <p>
 * Options ({@code --name=value}): {@code variants} ({@code off,on}: baseline, candidate),
 * {@code kind} ({@code GET} or {@code POST}), {@code warmup} seconds per application (20),
 * {@code shadow-warmup} ({@code true}: the warm-up's mix holds shadow-marked POSTs, as the load's
 * does; {@code false}: live GETs and POSTs only, so that {@code on} has never run the shadow path),
 * {@code workers} during the warm-up (2), {@code pairs} (4000), {@code passes} (1),
 * {@code confidence} (0.99), {@code app-args} (further application arguments, space-separated),
 * {@code jfr} ({@code false}: with {@code true} the last pass is recorded in both applications,
 * execution samples every millisecond, for {@code benchmarks/jfr-frame-diff.py} with both files),
 * {@code logs} (target/load-logs), {@code app-jvm-args} ("-Xms512m -Xmx512m").
 */
public final class VariantCpuPairs {

    private VariantCpuPairs() {}

    public static void main(String[] args) throws Exception {
        Map<String, String> options = LoadComparison.options(args);
        String[] variants = options.getOrDefault("variants", "off,on").split(",");
        if (variants.length != 2) {
            throw new IllegalArgumentException("--variants is two variants, such as off,on");
        }
        Variant base = Variant.valueOf(variants[0].trim().toUpperCase(Locale.ROOT));
        Variant candidate = Variant.valueOf(variants[1].trim().toUpperCase(Locale.ROOT));
        String kind = options.getOrDefault("kind", "GET");
        if (!List.of("GET", "POST").contains(kind)) {
            throw new IllegalArgumentException("--kind is GET or POST, not " + kind);
        }
        PairsOptions setup = PairsOptions.of(options, 1);
        String a = base.label() + "1";
        String b = candidate.label() + "2";
        try (DatabaseServer database = DatabaseServer.start();
                AppProcess first = start(base, a, setup.jvmArguments(), setup.logs(), setup.appArguments(), database);
                AppProcess second =
                        start(candidate, b, setup.jvmArguments(), setup.logs(), setup.appArguments(), database)) {
            first.awaitReady(Duration.ofMinutes(3).toNanos());
            second.awaitReady(Duration.ofMinutes(3).toNanos());
            LoadComparison.Requests firstRequests = new LoadComparison.Requests(first.port());
            LoadComparison.Requests secondRequests = new LoadComparison.Requests(second.port());
            warmUp(first, setup.workers(), setup.warmupNanos(), warmup(options, firstRequests));
            warmUp(second, setup.workers(), setup.warmupNanos(), warmup(options, secondRequests));
            byte[] firstRequest = kind.equals("GET") ? firstRequests.get : firstRequests.post;
            byte[] secondRequest = kind.equals("GET") ? secondRequests.get : secondRequests.post;
            int expected = kind.equals("GET") ? 200 : 201;
            System.out.printf(
                    Locale.ROOT,
                    "variant CPU pairs: live %s, %s (A) against %s (B), %d pairs per pass, one request at a time, "
                            + "alternating; app args %s%n",
                    kind,
                    a,
                    b,
                    setup.pairs(),
                    setup.appArguments());
            for (int pass = 1; pass <= setup.passes(); pass++) {
                boolean record = setup.jfr() && pass == setup.passes();
                Path firstRecording = setup.logs().toAbsolutePath().resolve("variant-pairs-" + a + ".jfr");
                Path secondRecording = setup.logs().toAbsolutePath().resolve("variant-pairs-" + b + ".jfr");
                if (record) {
                    Path settings = setup.logs().toAbsolutePath().resolve("execution-samples.jfc");
                    Files.writeString(settings, RequestCpuPairs.EXECUTION_SAMPLES);
                    first.jcmd("JFR.start", "name=pairs", "settings=" + settings, "filename=" + firstRecording);
                    second.jcmd("JFR.start", "name=pairs", "settings=" + settings, "filename=" + secondRecording);
                }
                sendPairs(first, second, firstRequest, secondRequest, expected, setup.pairs());
                List<RequestCpuPairs.Sample> firstSamples =
                        RequestCpuPairs.parse(RequestCpuPairs.fetch(first.port(), ""));
                List<RequestCpuPairs.Sample> secondSamples =
                        RequestCpuPairs.parse(RequestCpuPairs.fetch(second.port(), ""));
                if (record) {
                    first.jcmd("JFR.stop", "name=pairs");
                    second.jcmd("JFR.stop", "name=pairs");
                    System.out.println("recorded " + firstRecording + " and " + secondRecording + " (" + setup.pairs()
                            + " pairs)");
                }
                report(pass, kind, a, b, firstSamples, secondSamples, setup.confidence());
            }
        }
    }

    private static AppProcess start(
            Variant variant, String name, List<String> jvm, Path logs, List<String> extra, DatabaseServer database)
            throws IOException {
        List<String> arguments = new ArrayList<>(database.applicationArguments("pairs-" + name));
        arguments.addAll(extra);
        return AppProcess.start(
                variant,
                System.getProperty("java.class.path"),
                jvm,
                logs.resolve("variant-pairs-" + name + ".log"),
                arguments);
    }

    /**
     * The most requests of a warm-up: each of its workers keeps every request's latency (a warm-up
     * of 30 s sends about 250 000), and the load comparison's driver still holds its rounds' results.
     */
    private static final long WARMUP_REQUESTS = 2_000_000L;

    /**
     * Warm an application up with a mix of requests, sent by several workers for a while.
     * @param app the application
     * @param workers the load driver's workers
     * @param nanos how long
     * @param requests the mix
     * @throws IOException when a request of the warm-up failed
     * @throws InterruptedException when interrupted
     */
    static void warmUp(AppProcess app, int workers, long nanos, byte[]... requests)
            throws IOException, InterruptedException {
        Phase.Result warm = new Phase(app.port(), workers, nanos, WARMUP_REQUESTS).run(requests);
        if (warm.errors() > 0) {
            throw new IOException(warm.errors() + " of " + warm.requests()
                    + " requests failed in the warm-up; see the application's log");
        }
    }

    /**
     * Send the same request to two applications, one at a time and alternating (A then B, B then A),
     * after emptying their valves, and return the per-pair ratios of the second's CPU time on its
     * thread's clock to the first's, for one kind of request.
     * @param first the baseline application
     * @param second the candidate application
     * @param firstRequest the request, addressed to the first
     * @param secondRequest the same request, addressed to the second
     * @param expected the status both must answer
     * @param kind the kind of request, as the valves name it
     * @param pairs how many requests each application receives
     * @return the ratio of each pair
     * @throws IOException when an application answers another status
     */
    static List<Double> alternate(
            AppProcess first,
            AppProcess second,
            byte[] firstRequest,
            byte[] secondRequest,
            int expected,
            String kind,
            int pairs)
            throws IOException {
        sendPairs(first, second, firstRequest, secondRequest, expected, pairs);
        List<RequestCpuPairs.Sample> a = ofKind(RequestCpuPairs.parse(RequestCpuPairs.fetch(first.port(), "")), kind);
        List<RequestCpuPairs.Sample> b = ofKind(RequestCpuPairs.parse(RequestCpuPairs.fetch(second.port(), "")), kind);
        List<Double> ratios = new ArrayList<>();
        for (int i = 0; i < Math.min(a.size(), b.size()); i++) {
            ratios.add(b.get(i).cpuNanos() / (double) a.get(i).cpuNanos());
        }
        return ratios;
    }

    private static void sendPairs(
            AppProcess first, AppProcess second, byte[] firstRequest, byte[] secondRequest, int expected, int pairs)
            throws IOException {
        RequestCpuPairs.fetch(first.port(), "?reset");
        RequestCpuPairs.fetch(second.port(), "?reset");
        try (HttpConnection toFirst = new HttpConnection(first.port(), 60_000);
                HttpConnection toSecond = new HttpConnection(second.port(), 60_000)) {
            for (int i = 0; i < pairs; i++) {
                if (i % 2 == 0) {
                    expect(toFirst.exchange(firstRequest), expected);
                    expect(toSecond.exchange(secondRequest), expected);
                } else {
                    expect(toSecond.exchange(secondRequest), expected);
                    expect(toFirst.exchange(firstRequest), expected);
                }
            }
        }
    }

    private static List<RequestCpuPairs.Sample> ofKind(List<RequestCpuPairs.Sample> samples, String kind) {
        return samples.stream().filter((s) -> s.kind().equals(kind)).toList();
    }

    private static byte[][] warmup(Map<String, String> options, LoadComparison.Requests requests) {
        return Boolean.parseBoolean(options.getOrDefault("shadow-warmup", "true"))
                ? new byte[][] {requests.get, requests.post, requests.shadowPost}
                : new byte[][] {requests.get, requests.post};
    }

    private static void expect(int status, int expected) throws IOException {
        if (status != expected) {
            throw new IOException("answered " + status + " instead of " + expected + "; see the application's log");
        }
    }

    /**
     * Print, over the pairs of one pass (the i-th request of each application), the medians of
     * each and the medians of the per-pair ratios and differences, each with its interval.
     */
    static void report(
            int pass,
            String kind,
            String a,
            String b,
            List<RequestCpuPairs.Sample> first,
            List<RequestCpuPairs.Sample> second,
            double confidence) {
        List<RequestCpuPairs.Sample> firstKind = ofKind(first, kind);
        List<RequestCpuPairs.Sample> secondKind = ofKind(second, kind);
        int n = Math.min(firstKind.size(), secondKind.size());
        List<Double> cpuA = new ArrayList<>();
        List<Double> cpuB = new ArrayList<>();
        List<Double> cpuRatio = new ArrayList<>();
        List<Double> cpuDifference = new ArrayList<>();
        List<Double> bytesDifference = new ArrayList<>();
        List<Double> wallA = new ArrayList<>();
        List<Double> wallB = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            RequestCpuPairs.Sample x = firstKind.get(i);
            RequestCpuPairs.Sample y = secondKind.get(i);
            cpuA.add(x.cpuNanos() / 1e3);
            cpuB.add(y.cpuNanos() / 1e3);
            cpuRatio.add(y.cpuNanos() / (double) x.cpuNanos());
            cpuDifference.add((y.cpuNanos() - x.cpuNanos()) / 1e3);
            bytesDifference.add((double) (y.allocatedBytes() - x.allocatedBytes()));
            wallA.add(x.wallNanos() / 1e3);
            wallB.add(y.wallNanos() / 1e3);
        }
        System.out.printf(Locale.ROOT, "pass %d: %d pairs of live %s%n", pass, n, kind);
        RequestCpuPairs.line(a + " CPU µs", cpuA, confidence);
        RequestCpuPairs.line(b + " CPU µs", cpuB, confidence);
        RequestCpuPairs.line(b + " ÷ " + a + " CPU, per pair", cpuRatio, confidence);
        RequestCpuPairs.line(b + " − " + a + " CPU µs, per pair", cpuDifference, confidence);
        RequestCpuPairs.line(b + " − " + a + " allocated B, per pair", bytesDifference, confidence);
        RequestCpuPairs.line(a + " wall µs", wallA, confidence);
        RequestCpuPairs.line(b + " wall µs", wallB, confidence);
        System.out.printf(
                Locale.ROOT,
                "  %-38s %.4f (medians %.2f and %.2f µs)%n",
                "ratio of the medians, CPU",
                LoadComparison.median(cpuB) / LoadComparison.median(cpuA),
                LoadComparison.median(cpuB),
                LoadComparison.median(cpuA));
    }
}
