package dev.shadowtx.benchmarks.load;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The options the request-by-request comparisons ({@link RequestCpuPairs}, {@link VariantCpuPairs})
 * share, read from the command line's {@code --name=value} options.
 *
 * @param warmupNanos how long each application is warmed up with the load's mix ({@code warmup}, 20 s)
 * @param workers the load driver's workers during the warm-up ({@code workers}, 2)
 * @param pairs pairs per pass ({@code pairs}, 4000)
 * @param passes passes ({@code passes}, 1)
 * @param confidence the coverage of each median's interval ({@code confidence}, 0.99)
 * @param jfr whether the last pass is recorded ({@code jfr}, false)
 * @param logs where logs and recordings go ({@code logs}, target/load-logs)
 * @param jvmArguments the applications' JVM options ({@code app-jvm-args}) with the valve's
 * @param appArguments further application arguments ({@code app-args}, space-separated)
 */
record PairsOptions(
        long warmupNanos,
        int workers,
        int pairs,
        int passes,
        double confidence,
        boolean jfr,
        Path logs,
        List<String> jvmArguments,
        List<String> appArguments) {

    /**
     * Read the options.
     * @param options the command line's options
     * @param samplesPerPair how many requests of one application each pair holds, for the valve's
     * sample buffer
     * @return the options
     * @throws IOException when the logs directory cannot be made
     */
    static PairsOptions of(Map<String, String> options, int samplesPerPair) throws IOException {
        int pairs = Integer.parseInt(options.getOrDefault("pairs", "4000"));
        List<String> jvm = ShadowPathProfile.jvmArguments(options);
        jvm.add("-Dbench.request-cpu=true");
        jvm.add("-Dbench.request-cpu.samples=" + (samplesPerPair * pairs + 16));
        List<String> appArgs = new ArrayList<>();
        String extra = options.getOrDefault("app-args", "").trim();
        if (!extra.isEmpty()) {
            appArgs.addAll(List.of(extra.split("\\s+")));
        }
        return new PairsOptions(
                ShadowPathProfile.seconds(options, "warmup", 20),
                Integer.parseInt(options.getOrDefault("workers", "2")),
                pairs,
                Integer.parseInt(options.getOrDefault("passes", "1")),
                Double.parseDouble(options.getOrDefault("confidence", "0.99")),
                Boolean.parseBoolean(options.getOrDefault("jfr", "false")),
                ShadowPathProfile.logs(options),
                jvm,
                appArgs);
    }
}
