package dev.shadowtx.benchmarks.app;

import java.io.PrintStream;
import java.time.Duration;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Prints where startup time went, from Spring's startup steps timed on their thread's CPU clock:
 * the steps with the most CPU time of their own (nested steps excluded) overall and those that
 * name a shadowtx class or bean, and the CPU time of all steps by name.
 */
final class StartupSteps {

    private StartupSteps() {}

    static void print(
            List<CpuApplicationStartup.Step> steps, int limit, Duration total, long mainCpuNanos, PrintStream out) {
        Comparator<CpuApplicationStartup.Step> mostFirst = Comparator.comparingLong(
                        CpuApplicationStartup.Step::selfCpuNanos)
                .reversed();
        List<CpuApplicationStartup.Step> shadow =
                steps.stream().filter(StartupSteps::isShadowtx).toList();
        out.printf(
                Locale.ROOT,
                "startup: %d ms to a started context, main thread CPU %.1f ms, %d steps recorded (%d name shadowtx, "
                        + "%.1f ms of CPU of their own)%n",
                total.toMillis(),
                mainCpuNanos / 1e6,
                steps.size(),
                shadow.size(),
                shadow.stream()
                                .mapToLong(CpuApplicationStartup.Step::selfCpuNanos)
                                .sum()
                        / 1e6);
        out.printf(Locale.ROOT, "%nCPU of their own by step name%n");
        Map<String, long[]> byName = new LinkedHashMap<>();
        for (CpuApplicationStartup.Step step : steps) {
            long[] sum = byName.computeIfAbsent(step.getName(), (name) -> new long[2]);
            sum[0] += step.selfCpuNanos();
            sum[1]++;
        }
        byName.entrySet().stream()
                .sorted(Comparator.comparingLong((Map.Entry<String, long[]> e) -> e.getValue()[0])
                        .reversed())
                .forEach((e) -> out.printf(
                        Locale.ROOT, "  %8.1f ms  %4d × %s%n", e.getValue()[0] / 1e6, e.getValue()[1], e.getKey()));
        out.printf(Locale.ROOT, "%nmost CPU of their own%n");
        steps.stream().sorted(mostFirst).limit(limit).forEach((step) -> print(step, out));
        out.printf(Locale.ROOT, "%nmost CPU of their own that name shadowtx%n");
        shadow.stream().sorted(mostFirst).limit(limit).forEach((step) -> print(step, out));
    }

    private static boolean isShadowtx(CpuApplicationStartup.Step step) {
        // the benchmark application's own package does not count
        return step.tagText()
                .replace("dev.shadowtx.benchmarks.", "")
                .toLowerCase(Locale.ROOT)
                .contains("shadow");
    }

    private static void print(CpuApplicationStartup.Step step, PrintStream out) {
        out.printf(
                Locale.ROOT,
                "  %7.1f ms own, %7.1f ms in all  %s %s%n",
                step.selfCpuNanos() / 1e6,
                step.cpuNanos() / 1e6,
                step.getName(),
                step.tagText());
    }
}
