package dev.shadowtx.benchmarks.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.shadowtx.benchmarks.app.ProcessProbe;
import java.io.File;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The arithmetic and format of the report, the application's probe, and the class path of each
 * variant.
 */
class LoadComparisonTests {

    @Test
    void medianOfOddAndEvenCounts() {
        assertThat(LoadComparison.median(List.of(3.0, 1.0, 2.0))).isEqualTo(2.0);
        assertThat(LoadComparison.median(List.of(4.0, 1.0, 2.0, 3.0))).isEqualTo(2.5);
    }

    @Test
    void spreadIsRangeOverMedian() {
        assertThat(LoadComparison.spread(List.of(99.0, 100.0, 101.0))).isEqualTo(0.02);
        assertThat(LoadComparison.spread(List.of(100.0))).isNaN();
    }

    @Test
    void percentilesAndHalfRange() {
        List<Double> values = List.of(1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0);
        assertThat(LoadComparison.percentile(values, 25)).isEqualTo(2.0);
        assertThat(LoadComparison.percentile(values, 75)).isEqualTo(6.0);
        assertThat(LoadComparison.halfRange(List.of(0.98, 1.02))).isCloseTo(0.02, within(1e-9));
        assertThat(LoadComparison.halfRange(List.of(1.0))).isNaN();
    }

    @Test
    void slicesMergeIntoOneResult() {
        Phase.Result merged = Phase.Result.merge(List.of(
                new Phase.Result(2, 0, 1_000_000_000L, new long[] {1, 5}),
                new Phase.Result(3, 1, 1_000_000_000L, new long[] {2, 3, 4})));
        assertThat(merged.requests()).isEqualTo(5);
        assertThat(merged.errors()).isEqualTo(1);
        assertThat(merged.throughput()).isEqualTo(2.5);
        assertThat(merged.sortedLatencies()).containsExactly(1, 2, 3, 4, 5);
    }

    @Test
    void deterministicTargetsPrintMetOrMissedWithEveryRoundAndWhetherTheRoundsAgree() {
        assertThat(LoadComparison.deterministicVerdict(
                        "live GET allocation on−off ≤ 64 B/request", "rounds", List.of(40.0, 70.0, 50.0), 64))
                .contains("live GET allocation on−off ≤ 64 B/request")
                .contains("50.0000  MET (rounds: [40.0000, 70.0000, 50.0000]; 2 of 3 within the limit; "
                        + "noise ±15.0000, half their range)");
        assertThat(LoadComparison.deterministicVerdict(
                        "shadow POST ÷ live POST allocation ≤ 1.03", "rounds", List.of(1.12, 1.14), 1.03))
                .contains("1.1300  MISSED (rounds: [1.1200, 1.1400]; none within the limit; noise ±0.0100");
        assertThat(LoadComparison.deterministicVerdict(
                        "shadow POST ÷ live POST allocation ≤ 1.03", "rounds", List.of(1.01, 1.02), 1.03))
                .contains("1.0150  MET (rounds: [1.0100, 1.0200]; every one within the limit");
        assertThat(LoadComparison.deterministicVerdict(
                        "startup CPU on÷off ≤ 1.03", "runs", List.of(0.92, 1.05, 1.07), 1.03))
                .contains("1.0500  MISSED (runs: [0.9200, 1.0500, 1.0700]; 1 of 3 within the limit");
    }

    @Test
    void liveCpuIsMetWithinTheLargestDistanceOfTheZeroFromOneAndMissedBeyondIt() {
        List<Double> zero = List.of(1.004, 0.988, 1.011, 0.995);
        assertThat(LivePairsPhase.verdict(
                        "live GET CPU on÷off within the noise", List.of(1.003, 1.015, 1.009, 0.997), zero))
                .contains("1.0060  MET (median of 4 pass medians of on÷off")
                .contains("3 of 4 within the noise ±0.0120")
                .contains("off'÷off, [1.0040, 0.9880, 1.0110, 0.9950]");
        assertThat(LivePairsPhase.verdict(
                        "live POST CPU on÷off within the noise", List.of(1.030, 1.013, 1.025, 1.019), zero))
                .contains("1.0220  MISSED")
                .contains("0 of 4 within the noise ±0.0120");
        // a zero wide below 1 widens the noise above it too: which twin is called off is arbitrary
        assertThat(LivePairsPhase.verdict("wide", List.of(1.02), List.of(0.97, 1.0)))
                .contains("MET");
        assertThatThrownBy(() -> LivePairsPhase.verdict("none", List.of(), zero))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("No pass of none");
    }

    @Test
    void warmUpSettlesWhenEveryKindAgreesWithItsPreviousWindow() {
        assertThat(AdaptiveWarmup.largestChange(new double[] {20_000, 30_000}, new double[] {20_040, 29_700}))
                .isCloseTo(0.01, within(1e-9));
        assertThat(AdaptiveWarmup.largestChange(new double[] {20_000}, new double[] {20_000}))
                .isZero();
    }

    @Test
    void decisionTimeIsDecidedOnlyWhenItsConfidenceIntervalStaysOnOneSideOfTheLimit() {
        assertThat(DecisionPhase.timeVerdict("unmarked decision Tomcat ≤ 50 ns", 30, 5))
                .contains("30.0  MET (± 5.0 ns)");
        assertThat(DecisionPhase.timeVerdict("unmarked decision Tomcat ≤ 50 ns", 80, 5))
                .contains("80.0  MISSED (± 5.0 ns)");
        assertThat(DecisionPhase.timeVerdict("unmarked decision Tomcat ≤ 50 ns", 45, 20))
                .contains("45.0  NOT MEASURABLE here (± 20.0 ns crosses the limit; this run: met)");
        assertThat(DecisionPhase.timeVerdict("unmarked decision Tomcat ≤ 50 ns", 45, Double.NaN))
                .contains("NOT MEASURABLE here (no confidence interval)");
    }

    @Test
    void cpuRatioIsMetOnlyWhenTheIntervalOfTheSlicesMedianLiesWithinTheLimit() {
        List<Double> slices = List.of(1.00, 1.01, 1.02, 1.02, 1.03, 1.03, 1.03, 1.04, 1.04, 1.045);
        assertThat(LoadComparison.cpuLimitVerdict(
                        "shadow POST ÷ live POST CPU ≤ 1.05", List.of(1.02, 1.03, 1.04), slices, 1.05))
                .contains("1.0300  MET (median of 10 slice ratios 1.0300 [1.0100, 1.0400] (97.9 %): "
                        + "the interval lies within the limit; rounds: [1.0200, 1.0300, 1.0400])");
    }

    @Test
    void cpuRatioIsMissedOnlyWhenTheIntervalOfTheSlicesMedianLiesAboveTheLimit() {
        List<Double> slices = List.of(1.04, 1.06, 1.07, 1.08, 1.08, 1.09, 1.10, 1.11, 1.12, 1.20);
        assertThat(LoadComparison.cpuLimitVerdict("shadow POST ÷ live POST CPU ≤ 1.05", List.of(1.08), slices, 1.05))
                .contains("1.0850  MISSED (median of 10 slice ratios 1.0850 [1.0600, 1.1200] (97.9 %): "
                        + "the interval lies above the limit");
    }

    @Test
    void cpuRatioWhoseIntervalReachesAcrossTheLimitIsNotDecidedWhateverItsMedian() {
        List<Double> slices = List.of(0.95, 1.00, 1.02, 1.03, 1.04, 1.045, 1.06, 1.07, 1.10, 1.15);
        assertThat(LoadComparison.cpuLimitVerdict("shadow POST ÷ live POST CPU ≤ 1.05", List.of(1.04), slices, 1.05))
                .contains("1.0425  NOT DECIDED (median of 10 slice ratios 1.0425 [1.0000, 1.1000] (97.9 %): "
                        + "the interval reaches across the limit");
        assertThat(LoadComparison.cpuLimitVerdict(
                        "shadow POST ÷ live POST CPU ≤ 1.05", List.of(1.01), List.of(1.0, 1.01, 1.02), 1.05))
                .contains("1.0100  NOT DECIDED (median of 3 slice ratios 1.0100: too few slices for an interval");
    }

    @Test
    void liveCpuIsWithinTheNoiseWhileTheIntervalOfItsMedianReachesOne() {
        assertThat(LoadComparison.cpuNoiseVerdict(
                        "live POST CPU on÷off within the noise",
                        List.of(0.93, 0.97, 0.99, 1.0, 1.01, 1.02, 1.03, 1.05, 1.06, 1.1)))
                .contains("1.0150  MET (median of 10 slice ratios 1.0150 [0.9700, 1.0600] (97.9 %): "
                        + "the interval reaches 1: no cost above the noise)");
        assertThat(LoadComparison.cpuNoiseVerdict(
                        "live POST CPU on÷off within the noise",
                        List.of(1.01, 1.02, 1.03, 1.04, 1.05, 1.06, 1.07, 1.08, 1.09, 1.1)))
                .contains(
                        "MISSED (median of 10 slice ratios 1.0550 [1.0200, 1.0900] (97.9 %): the interval lies above 1)");
    }

    private static final List<Double> ZERO = List.of(0.97, 0.98, 0.99, 1.0, 1.0, 1.01, 1.01, 1.02, 1.03, 1.04);

    @Test
    void liveCpuIsWithinTheNoiseWhenItsIntervalLiesWithinTheBandOfTwoIdenticalJvms() {
        assertThat(LoadComparison.cpuNoiseVerdict(
                        "live GET CPU on÷off within the noise",
                        List.of(0.97, 0.99, 1.0, 1.0, 1.01, 1.01, 1.02, 1.02, 1.03, 1.05),
                        ZERO))
                .contains("1.0100  MET (median of 10 slice ratios 1.0100 [0.9900, 1.0300] (97.9 %): "
                        + "the interval lies within the band of two identical JVMs; "
                        + "the zero, off'÷off, 1.0050 [0.9800, 1.0300] (97.9 %): band [0.9709, 1.0300])");
    }

    @Test
    void liveCpuIsMissedWhenItsIntervalLiesAboveTheBandOfTwoIdenticalJvms() {
        assertThat(LoadComparison.cpuNoiseVerdict(
                        "live GET CPU on÷off within the noise",
                        List.of(1.04, 1.05, 1.05, 1.06, 1.06, 1.07, 1.07, 1.08, 1.09, 1.10),
                        ZERO))
                .contains("1.0650  MISSED (median of 10 slice ratios 1.0650 [1.0500, 1.0900] (97.9 %): "
                        + "the interval lies above the band of two identical JVMs");
    }

    @Test
    void liveCpuReachingAcrossTheEdgeOfTheBandIsNotDecided() {
        assertThat(LoadComparison.cpuNoiseVerdict(
                        "live GET CPU on÷off within the noise",
                        List.of(1.0, 1.02, 1.03, 1.03, 1.04, 1.04, 1.05, 1.05, 1.06, 1.08),
                        ZERO))
                .contains("1.0400  NOT DECIDED (median of 10 slice ratios 1.0400 [1.0200, 1.0600] (97.9 %): "
                        + "the interval reaches across the edge of the band of two identical JVMs");
        assertThat(LoadComparison.cpuNoiseVerdict(
                        "live GET CPU on÷off within the noise", ZERO, List.of(1.0, 1.01, 1.02)))
                .contains("NOT DECIDED (median of 10 slice ratios 1.0050 [0.9800, 1.0300] (97.9 %): "
                        + "too few slices for the interval of the zero)");
    }

    @Test
    void bandOfTheZeroIsSymmetricAroundOneWhicheverWayTheTwinsDiffer() {
        List<Double> lowZero = List.of(0.94, 0.96, 0.97, 0.98, 0.98, 0.99, 0.99, 1.0, 1.01, 1.02);
        assertThat(LoadComparison.cpuNoiseVerdict(
                        "live GET CPU on÷off within the noise",
                        List.of(1.0, 1.01, 1.02, 1.02, 1.03, 1.03, 1.03, 1.04, 1.04, 1.06),
                        lowZero))
                .contains("1.0300  MET (median of 10 slice ratios 1.0300 [1.0100, 1.0400] (97.9 %): "
                        + "the interval lies above 1: on cost more than off in this run, no more than two identical "
                        + "JVMs differ; the interval lies within the band of two identical JVMs")
                .contains("band [0.9600, 1.0417]");
    }

    @Test
    void intervalOfAMedianTakesTheWidestOrderStatisticsWithTheCoverageAsked() {
        MedianInterval interval = MedianInterval.of(List.of(9.0, 1.0, 8.0, 2.0, 7.0, 3.0, 6.0, 4.0, 5.0, 10.0), 0.95);
        assertThat(interval).isNotNull();
        // P(Binomial(10, 1/2) < 2) = 11/1024: coverage 1 - 22/1024; k = 3 would cover 0.891 only
        assertThat(interval.lower()).isEqualTo(2.0);
        assertThat(interval.upper()).isEqualTo(9.0);
        assertThat(interval.coverage()).isCloseTo(1 - 22 / 1024.0, within(1e-12));
        assertThat(MedianInterval.of(List.of(1.0, 2.0, 3.0, 4.0, 5.0), 0.95)).isNull();
        // thousands of values: the sum in logarithms does not underflow, and the interval narrows
        List<Double> many = java.util.stream.IntStream.range(0, 4000)
                .mapToObj((i) -> (double) i)
                .toList();
        MedianInterval wide = MedianInterval.of(many, 0.99);
        assertThat(wide).isNotNull();
        assertThat(wide.coverage()).isBetween(0.99, 0.992);
        assertThat(wide.upper() - wide.lower()).isBetween(150.0, 170.0);
        assertThat(MedianInterval.binomialBelow(9, 2)).isCloseTo(10 / 512.0, within(1e-12));
    }

    @Test
    void probeReadingsSubtractAndAdd() {
        Usage earlier = Usage.parse("1000 2000 300\n");
        Usage later = Usage.parse("1600 2500 420");
        assertThat(later.minus(earlier)).isEqualTo(new Usage(600, 500, 120));
        assertThat(later.plus(earlier)).isEqualTo(new Usage(2600, 4500, 720));
        assertThatIllegalArgumentException().isThrownBy(() -> Usage.parse("1000 2000"));
    }

    @Test
    void probeReportsWhatTheProcessAllocatesAndSpends() throws Exception {
        int port = ProcessProbe.start(0);
        Usage before = read(port);
        byte[][] garbage = new byte[64][];
        for (int i = 0; i < garbage.length; i++) {
            garbage[i] = new byte[16 * 1024];
        }
        Usage after = read(port);
        assertThat(garbage[63]).hasSize(16 * 1024);
        assertThat(after.allocatedBytes() - before.allocatedBytes()).isGreaterThanOrEqualTo(64L * 16 * 1024);
        assertThat(after.cpuNanos()).isGreaterThanOrEqualTo(before.cpuNanos());
    }

    @Test
    void probeCountsTheCpuTimeOfRequestThreadsAloneAsTheirs() throws Exception {
        int port = ProcessProbe.start(0);
        long burn = TimeUnit.MILLISECONDS.toNanos(40);
        CountDownLatch burned = new CountDownLatch(1);
        CountDownLatch readDone = new CountDownLatch(1);
        Usage before = read(port);
        Thread worker = new Thread(
                () -> {
                    burnCpu(burn);
                    burned.countDown();
                    awaitQuietly(readDone);
                },
                "http-nio-127.0.0.1-8080-exec-1");
        worker.start();
        assertThat(burned.await(30, TimeUnit.SECONDS)).isTrue();
        Usage whileAlive = read(port);
        readDone.countDown();
        worker.join();
        burnCpu(burn);
        Usage after = read(port);
        assertThat(whileAlive.requestCpuNanos() - before.requestCpuNanos()).isGreaterThanOrEqualTo(burn);
        assertThat(after.cpuNanos() - before.cpuNanos()).isGreaterThanOrEqualTo(2 * burn);
        // the test thread's own burn is the process', not a request thread's
        assertThat(after.requestCpuNanos() - before.requestCpuNanos()).isLessThan(burn);
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Spend the given CPU time on the calling thread, whatever else runs on the machine.
     */
    private static void burnCpu(long nanos) {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long end = threads.getCurrentThreadCpuTime() + nanos;
        long sink = 0;
        while (threads.getCurrentThreadCpuTime() < end) {
            sink += Long.numberOfTrailingZeros(System.nanoTime());
        }
        assertThat(sink).isNotNegative();
    }

    private static Usage read(int port) throws Exception {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            return Usage.parse(new String(socket.getInputStream().readAllBytes(), StandardCharsets.US_ASCII));
        }
    }

    @Test
    void absentVariantDropsShadowtxModulesFromTheClassPath() {
        String project = Path.of("shadowtx").toAbsolutePath().toString();
        String repository = Path.of("m2", "repository").toAbsolutePath().toString();
        String benchmarks = project + "/benchmarks/target/classes";
        String springCore = repository + "/org/springframework/spring-core/7.0.8/spring-core-7.0.8.jar";
        String classPath = String.join(
                File.pathSeparator,
                benchmarks,
                project + "/shadow-core/target/shadow-core-0.1.0-SNAPSHOT.jar",
                project + "/shadow-spring-boot-starter/target/classes",
                repository
                        + "/dev/shadowtx/shadow-spring-boot-starter/0.1.0-SNAPSHOT/shadow-spring-boot-starter-0.1.0-SNAPSHOT.jar",
                springCore);
        assertThat(Variant.ABSENT.classPath(classPath).split(File.pathSeparator))
                .containsExactly(benchmarks, springCore);
        assertThat(Variant.ON.classPath(classPath)).isEqualTo(classPath);
    }

    @Test
    void everyVariantLeavesTheBenchmarkOnlyLibrariesOut() {
        String repository = Path.of("m2", "repository").toAbsolutePath().toString();
        String springCore = repository + "/org/springframework/spring-core/7.0.8/spring-core-7.0.8.jar";
        String classPath = String.join(
                File.pathSeparator,
                springCore,
                repository + "/io/netty/netty-codec-http/4.2.15.Final/netty-codec-http-4.2.15.Final.jar",
                repository + "/io/projectreactor/reactor-core/3.8.0/reactor-core-3.8.0.jar",
                repository + "/io/projectreactor/netty/reactor-netty-http/1.3.6/reactor-netty-http-1.3.6.jar",
                repository + "/io/projectreactor/netty/reactor-netty-core/1.3.6/reactor-netty-core-1.3.6.jar");
        for (Variant variant : Variant.values()) {
            assertThat(variant.classPath(classPath)).isEqualTo(springCore);
        }
    }
}
