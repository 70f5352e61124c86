package dev.shadowtx.benchmarks.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The startup report's arithmetic: the confidence interval of a median of per-run ratios, the
 * verdict it goes with, and how a process' threads are grouped.
 */
class StartupPhaseTests {

    @Test
    void binomialTailMatchesItsClosedForm() {
        assertThat(StartupPhase.binomialBelow(5, 1)).isCloseTo(1 / 32.0, within(1e-12));
        assertThat(StartupPhase.binomialBelow(9, 2)).isCloseTo(10 / 512.0, within(1e-12));
        assertThat(StartupPhase.binomialBelow(4, 0)).isZero();
    }

    @Test
    void intervalOfTheMedianWidensToTheOrderStatisticsItsCoverageNeeds() {
        // n = 9: the 2nd and 8th of the sorted values cover 1 − 2 × 10/512 = 96.1 %; the 3rd and 7th only 82 %
        List<Double> runs = List.of(1.09, 1.01, 1.05, 0.99, 1.20, 1.03, 1.04, 1.02, 1.06);
        assertThat(StartupPhase.interval(runs)).isEqualTo("1.0400 [1.0100, 1.0900] (96.1 %)");
        // n = 5: only the extremes, 93.8 %
        assertThat(StartupPhase.interval(List.of(1.3, 1.0, 1.1, 1.2, 0.9)))
                .isEqualTo("1.1000 [0.9000, 1.3000] (93.8 %)");
        assertThat(StartupPhase.interval(List.of(1.0, 1.1, 1.2))).isEqualTo("1.1000 [too few runs for an interval]");
    }

    @Test
    void verdictIsOnTheMedianOfThePerRunRatios() {
        assertThat(StartupPhase.verdict("startup CPU on÷off ≤ 1.03", List.of(1.01, 1.02, 1.05, 0.99, 1.04)))
                .contains("1.0200  MET (median of 5 per-run ratios, 1.0200 [0.9900, 1.0500] (93.8 %); 3 of 5 runs")
                .endsWith("within the limit: not decided, the interval reaches across the limit)")
                .startsWith("  startup CPU on÷off ≤ 1.03");
        assertThat(StartupPhase.verdict("startup CPU on÷off ≤ 1.03", List.of(1.10, 1.02, 1.05, 1.09, 1.04)))
                .contains("1.0500  MISSED")
                .endsWith("not decided, the interval reaches across the limit)");
        assertThat(StartupPhase.verdict("startup CPU on÷off ≤ 1.03", List.of(1.10, 1.06, 1.05, 1.09, 1.04)))
                .contains("1.0600  MISSED")
                .endsWith("the interval decides it)");
        assertThat(StartupPhase.verdict("startup CPU on÷off ≤ 1.03", List.of(1.01, 1.02, 1.00, 0.99, 1.02)))
                .contains("1.0100  MET")
                .endsWith("the interval decides it)");
        assertThat(StartupPhase.verdict("startup CPU on÷off ≤ 1.03", List.of(1.01, 1.02, 1.00)))
                .contains("1.0100  MET")
                .endsWith("too few runs to decide)");
    }

    @Test
    void threadsAreGroupedIntoMainJitGcAndTheRest() {
        Map<String, Long> threads = new LinkedHashMap<>();
        threads.put("java", 3_000_000_000L);
        threads.put("C2 CompilerThre", 2_000_000_000L);
        threads.put("C1 CompilerThre", 1_000_000_000L);
        threads.put("GC Thread#0", 200_000_000L);
        threads.put("G1 Conc#0", 100_000_000L);
        threads.put("VM Thread", 50_000_000L);
        threads.put("http-nio-127.0.0.1-auto-1-exec-1", 10_000_000L);
        StartupPhase.Sample sample = StartupPhase.Sample.of(4000, 6500, threads, 9900);
        assertThat(sample.mainMillis()).isEqualTo(3000);
        assertThat(sample.jitMillis()).isEqualTo(3000);
        assertThat(sample.gcMillis()).isEqualTo(300);
        assertThat(sample.otherMillis()).isEqualTo(60);
        assertThat(sample.ownMillis()).isEqualTo(3200);
        assertThat(sample.toString()).contains("main  3000 + JIT  3000 + GC  300 + other   60, 9900 classes");
    }

    @Test
    void threadCpuOfThisProcessIncludesItsMainThread() throws IOException {
        Map<String, Long> threads =
                StartupPhase.threadCpu(ProcessHandle.current().pid());
        if (System.getProperty("os.name").startsWith("Linux")) {
            assertThat(threads).isNotEmpty();
            assertThat(threads.values().stream().mapToLong(Long::longValue).sum())
                    .isPositive();
        } else {
            assertThat(threads).isEmpty();
        }
    }
}
