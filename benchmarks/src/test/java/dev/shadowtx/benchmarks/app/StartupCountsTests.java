package dev.shadowtx.benchmarks.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The startup counts of the benchmark application: an auto-configuration excluded takes its bean
 * definitions and its conditions out of what the started context reports.
 */
class StartupCountsTests {

    private static final Pattern COUNTS = Pattern.compile("main thread CPU [\\d.]+ ms, (\\d+) bean definitions, "
            + "(\\d+) conditions evaluated \\((\\d+) on beans\\), (\\d+) classes loaded");

    @Test
    void anExcludedAutoConfigurationTakesItsBeansAndConditionsOut() {
        int[] on = counts("--shadow.enabled=true");
        int[] withoutAudit = counts(
                "--shadow.enabled=true",
                "--spring.autoconfigure.exclude=dev.shadowtx.audit.autoconfigure.ShadowAuditAutoConfiguration");
        assertThat(on[0]).isGreaterThan(withoutAudit[0]);
        assertThat(on[1]).isGreaterThan(withoutAudit[1]);
        assertThat(on[2]).isGreaterThan(withoutAudit[2]);
        assertThat(withoutAudit[3]).isPositive();
    }

    private static int[] counts(String... args) {
        String[] all = new String[args.length + 1];
        all[0] = "--server.port=0";
        System.arraycopy(args, 0, all, 1, args.length);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ConfigurableApplicationContext context =
                BenchApplication.application().run(all)) {
            StartupCounts.print(context, new PrintStream(bytes, true, StandardCharsets.UTF_8));
        }
        Matcher matcher = COUNTS.matcher(bytes.toString(StandardCharsets.UTF_8));
        assertThat(matcher.find()).as(bytes.toString(StandardCharsets.UTF_8)).isTrue();
        return new int[] {
            Integer.parseInt(matcher.group(1)),
            Integer.parseInt(matcher.group(2)),
            Integer.parseInt(matcher.group(3)),
            Integer.parseInt(matcher.group(4))
        };
    }
}
