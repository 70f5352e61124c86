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

/**
 * Starts the benchmark application with shadowtx off and on, alternately (A/B/A/B), and compares
 * them on the same endpoints over the loopback interface: throughput and p50/p99 of a live
 * {@code GET /orders} (DB read) and a live {@code POST /orders} (DB write), a shadow POST against
 * a live POST in the same process, and the time to the first successful response with the
 * starter absent, off and on. Prints each round's ratios and their median, and the targets of
 * issue 9 as met or missed.
 * <p>
 * Options ({@code --name=value}): {@code rounds} (3), {@code warmup} seconds (10),
 * {@code duration} seconds per measured phase (10), {@code workers} (4), {@code startup-runs} (5),
 * {@code max-requests} per phase (2000000), {@code only} ({@code all}, {@code load} or
 * {@code startup}), {@code logs} (target/load-logs), {@code app-jvm-args} ("-Xms512m -Xmx512m").
 */
public final class LoadComparison {

	private static final String BODY = "{\"item\":\"book\",\"quantity\":2}";

	private final Map<String, String> options;

	private final PrintStream out = System.out;

	private final String classPath = System.getProperty("java.class.path");

	private final List<String> jvmArguments;

	private final Path logs;

	private long totalErrors;

	private LoadComparison(Map<String, String> options) {
		this.options = options;
		this.jvmArguments = List.of(option("app-jvm-args", "-Xms512m -Xmx512m").trim().split("\\s+"));
		this.logs = Path.of(option("logs", "target/load-logs"));
	}

	public static void main(String[] args) throws Exception {
		Map<String, String> options = new LinkedHashMap<>();
		for (String arg : args) {
			if (!arg.startsWith("--") || !arg.contains("=")) {
				throw new IllegalArgumentException("Options are --name=value, not " + arg);
			}
			options.put(arg.substring(2, arg.indexOf('=')), arg.substring(arg.indexOf('=') + 1));
		}
		int errors = new LoadComparison(options).run();
		System.exit((errors == 0) ? 0 : 2);
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
		this.out.printf(Locale.ROOT, "shadowtx load comparison: %d cores, Java %s, app JVM %s%n",
				Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"), this.jvmArguments);
		if (!only.equals("startup")) {
			load();
		}
		if (!only.equals("load")) {
			startup();
		}
		this.out.printf(Locale.ROOT, "%nfinished in %s; %d failed requests%n",
				Duration.ofNanos(System.nanoTime() - begin).withNanos(0), this.totalErrors);
		return (int) Math.min(Integer.MAX_VALUE, this.totalErrors);
	}

	private void load() throws Exception {
		int rounds = intOption("rounds", 3);
		int workers = intOption("workers", 4);
		long warmup = Duration.ofSeconds(intOption("warmup", 10)).toNanos();
		long duration = Duration.ofSeconds(intOption("duration", 10)).toNanos();
		long maxRequests = Long.parseLong(option("max-requests", "2000000"));
		this.out.printf(Locale.ROOT,
				"%n== load: %d rounds of off then on; %d workers, %d s warm-up, %d s per phase, at most %d requests per phase%n",
				rounds, workers, intOption("warmup", 10), intOption("duration", 10), maxRequests);
		Map<String, List<Double>> ratios = new LinkedHashMap<>();
		Map<String, List<Double>> offThroughput = new LinkedHashMap<>();
		for (int round = 1; round <= rounds; round++) {
			Map<String, Phase.Result> off = measure(Variant.OFF, round, workers, warmup, duration, maxRequests);
			Map<String, Phase.Result> on = measure(Variant.ON, round, workers, warmup, duration, maxRequests);
			this.out.printf(Locale.ROOT, "round %d%n", round);
			for (String endpoint : List.of("GET", "POST")) {
				Phase.Result a = off.get(endpoint);
				Phase.Result b = on.get(endpoint);
				this.out.printf(Locale.ROOT, "  live %-4s off %s | on %s | on÷off throughput %.4f p50 %.4f p99 %.4f%n",
						endpoint, describe(a), describe(b), b.throughput() / a.throughput(),
						b.percentileMillis(50) / a.percentileMillis(50), b.percentileMillis(99) / a.percentileMillis(99));
				add(ratios, endpoint + " throughput on÷off", b.throughput() / a.throughput());
				add(ratios, endpoint + " p50 on÷off", b.percentileMillis(50) / a.percentileMillis(50));
				add(ratios, endpoint + " p99 on÷off", b.percentileMillis(99) / a.percentileMillis(99));
				add(offThroughput, endpoint, a.throughput());
			}
			Phase.Result live = on.get("POST");
			Phase.Result shadow = on.get("SHADOW POST");
			this.out.printf(Locale.ROOT, "  shadow POST (on) %s | ÷ live POST (on) throughput %.4f p99 %.4f%n",
					describe(shadow), shadow.throughput() / live.throughput(),
					shadow.percentileMillis(99) / live.percentileMillis(99));
			add(ratios, "shadow POST ÷ live POST throughput", shadow.throughput() / live.throughput());
			add(ratios, "shadow POST ÷ live POST p99", shadow.percentileMillis(99) / live.percentileMillis(99));
		}
		this.out.printf(Locale.ROOT, "%nmedians over %d rounds%n", rounds);
		for (Map.Entry<String, List<Double>> entry : ratios.entrySet()) {
			this.out.printf(Locale.ROOT, "  %-36s %.4f   (rounds: %s)%n", entry.getKey(), median(entry.getValue()),
					format(entry.getValue()));
		}
		double getNoise = spread(offThroughput.get("GET"));
		double postNoise = spread(offThroughput.get("POST"));
		this.out.printf(Locale.ROOT,
				"  noise floor: the off runs' throughput spreads over %.1f %% (GET) and %.1f %% (POST) of their median%n",
				getNoise * 100, postNoise * 100);
		this.out.printf(Locale.ROOT, "%ntargets%n");
		verdict("live GET throughput on÷off ≥ 0.995", median(ratios.get("GET throughput on÷off")), 0.995, true,
				getNoise);
		verdict("live GET p99 on÷off ≤ 1.01", median(ratios.get("GET p99 on÷off")), 1.01, false, getNoise);
		verdict("live POST throughput on÷off ≥ 0.995", median(ratios.get("POST throughput on÷off")), 0.995, true,
				postNoise);
		verdict("live POST p99 on÷off ≤ 1.01", median(ratios.get("POST p99 on÷off")), 1.01, false, postNoise);
		verdict("shadow POST ÷ live POST throughput ≥ 0.95", median(ratios.get("shadow POST ÷ live POST throughput")),
				0.95, true, postNoise);
	}

	private Map<String, Phase.Result> measure(Variant variant, int round, int workers, long warmup, long duration,
			long maxRequests) throws Exception {
		Path log = this.logs.resolve("load-" + round + "-" + variant.label() + ".log");
		Map<String, Phase.Result> results = new LinkedHashMap<>();
		try (AppProcess app = AppProcess.start(variant, this.classPath, this.jvmArguments, log)) {
			app.awaitReady(Duration.ofSeconds(120).toNanos());
			int port = app.port();
			byte[] get = HttpConnection.request("GET", "/orders", port, new String[0], null);
			byte[] post = HttpConnection.request("POST", "/orders", port, new String[0], BODY);
			byte[] shadowPost = HttpConnection.request("POST", "/orders", port, new String[] { "X-Shadow: shadow" },
					BODY);
			// the same mix in both variants, shadow-marked POSTs included (live when shadowtx is off)
			new Phase(port, workers, warmup, maxRequests).run(get, post, shadowPost);
			results.put("GET", check(new Phase(port, workers, duration, maxRequests).run(get)));
			results.put("POST", check(new Phase(port, workers, duration, maxRequests).run(post)));
			if (variant == Variant.ON) {
				results.put("SHADOW POST", check(new Phase(port, workers, duration, maxRequests).run(shadowPost)));
			}
		}
		return results;
	}

	private Phase.Result check(Phase.Result result) {
		if (result.errors() > 0) {
			this.out.printf(Locale.ROOT, "  WARNING: %d of %d requests failed in a phase; see %s%n", result.errors(),
					result.requests(), this.logs);
			this.totalErrors += result.errors();
		}
		return result;
	}

	private void startup() throws Exception {
		int runs = intOption("startup-runs", 5);
		this.out.printf(Locale.ROOT,
				"%n== startup: time from process start to the first 200 of GET /orders, %d runs of absent, off, on%n",
				runs);
		Map<Variant, List<Double>> times = new LinkedHashMap<>();
		for (int run = 1; run <= runs; run++) {
			StringBuilder line = new StringBuilder("  run " + run + ":");
			for (Variant variant : Variant.values()) {
				Path log = this.logs.resolve("startup-" + run + "-" + variant.label() + ".log");
				try (AppProcess app = AppProcess.start(variant, this.classPath, this.jvmArguments, log)) {
					double millis = app.awaitReady(Duration.ofSeconds(120).toNanos()) / 1e6;
					times.computeIfAbsent(variant, (key) -> new ArrayList<>()).add(millis);
					line.append(String.format(Locale.ROOT, " %s %.0f ms", variant.label(), millis));
				}
			}
			this.out.println(line);
		}
		double absent = median(times.get(Variant.ABSENT));
		double off = median(times.get(Variant.OFF));
		double on = median(times.get(Variant.ON));
		this.out.printf(Locale.ROOT, "  medians: absent %.0f ms, off %.0f ms, on %.0f ms; on÷absent %.4f, on÷off %.4f%n",
				absent, off, on, on / absent, on / off);
		double noise = spread(times.get(Variant.ABSENT));
		this.out.printf(Locale.ROOT, "  noise floor: the absent runs spread over %.1f %% of their median%n",
				noise * 100);
		this.out.printf(Locale.ROOT, "%ntargets%n");
		verdict("startup on÷absent ≤ 1.03", on / absent, 1.03, false, noise);
		verdict("startup on÷off ≤ 1.03", on / off, 1.03, false, noise);
	}

	private void verdict(String target, double value, double limit, boolean atLeast, double noise) {
		boolean met = atLeast ? value >= limit : value <= limit;
		double margin = Math.abs(1.0 - limit);
		String conclusive = Double.isNaN(noise) ? " — not conclusive: one run gives no noise floor"
				: (noise > margin)
				? String.format(Locale.ROOT, " — not conclusive: run-to-run noise %.1f %% exceeds the %.1f %% margin",
						noise * 100, margin * 100)
				: "";
		this.out.printf(Locale.ROOT, "  %-44s %.4f  %s%s%n", target, value, met ? "MET" : "MISSED", conclusive);
	}

	private static String describe(Phase.Result result) {
		return String.format(Locale.ROOT, "%7.0f req/s p50 %6.3f ms p99 %6.3f ms", result.throughput(),
				result.percentileMillis(50), result.percentileMillis(99));
	}

	private static void add(Map<String, List<Double>> map, String key, double value) {
		map.computeIfAbsent(key, (k) -> new ArrayList<>()).add(value);
	}

	static double median(List<Double> values) {
		double[] sorted = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
		int n = sorted.length;
		return (n % 2 == 1) ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
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

	private static String format(List<Double> values) {
		return Arrays.toString(values.stream().map((v) -> String.format(Locale.ROOT, "%.4f", v)).toArray());
	}

}
