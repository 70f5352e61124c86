package dev.shadowtx.benchmarks.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.core.metrics.StartupStep;

/**
 * Startup steps timed on their thread's CPU clock: a step's own time leaves out the steps nested
 * in it, and the report names the steps that mention shadowtx.
 */
class CpuApplicationStartupTests {

    @Test
    void ownCpuTimeLeavesOutNestedSteps() {
        CpuApplicationStartup startup = new CpuApplicationStartup();
        StartupStep outer = startup.start("spring.beans.instantiate").tag("beanName", "orderService");
        spin(20);
        StartupStep inner = startup.start("spring.beans.instantiate").tag("beanName", "shadowRecorder");
        spin(40);
        inner.end();
        outer.end();
        List<CpuApplicationStartup.Step> steps = startup.steps();
        assertThat(steps).hasSize(2);
        CpuApplicationStartup.Step ended = steps.get(0);
        CpuApplicationStartup.Step parent = steps.get(1);
        assertThat(ended.getParentId()).isEqualTo(parent.getId());
        assertThat(parent.selfCpuNanos()).isEqualTo(parent.cpuNanos() - ended.cpuNanos());
        assertThat(ended.cpuNanos()).isGreaterThan(parent.selfCpuNanos());

        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        StartupSteps.print(
                steps, 5, Duration.ofMillis(100), 1_000_000L, new PrintStream(bytes, true, StandardCharsets.UTF_8));
        String report = bytes.toString(StandardCharsets.UTF_8);
        assertThat(report).contains("2 steps recorded (1 name shadowtx");
        assertThat(report).contains("2 × spring.beans.instantiate");
        assertThat(report.substring(report.indexOf("that name shadowtx%n".formatted())))
                .contains("[beanName=shadowRecorder]")
                .doesNotContain("orderService");
    }

    /**
     * Spend this much of the thread's own CPU time, however loaded the machine is.
     */
    private static void spin(long millis) {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long until = threads.getCurrentThreadCpuTime() + millis * 1_000_000;
        long sum = 0;
        while (threads.getCurrentThreadCpuTime() < until) {
            sum += System.nanoTime() % 7;
        }
        assertThat(sum).isNotNegative();
    }
}
