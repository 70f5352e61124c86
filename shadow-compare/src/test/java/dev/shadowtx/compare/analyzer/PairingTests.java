package dev.shadowtx.compare.analyzer;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class PairingTests {

    private static final String ENDPOINT = "POST /orders";

    private final List<String> events = new ArrayList<>();

    private final AnalyzerDriver driver =
            new AnalyzerDriver(AnalyzerDriver.settings(ComparisonRules.defaults()), new AnalyzerEvents() {
                @Override
                public void compared(String service, String endpoint) {
                    PairingTests.this.events.add("compared " + endpoint);
                }

                @Override
                public void unmatched(String service, String endpoint, boolean primary) {
                    PairingTests.this.events.add("unmatched " + (primary ? "primary" : "copy"));
                }

                @Override
                public void invalid(String reason) {
                    PairingTests.this.events.add("invalid");
                }
            });

    @AfterEach
    void close() {
        this.driver.close();
    }

    private void send(String id, String version, String mode, long timestamp, String body) {
        this.driver.send(id, Records.record(id, version, mode, ENDPOINT, 201, body), timestamp);
    }

    @Test
    void assignsRolesByModeAndVersionWhateverTheArrivalOrder() {
        send("a", "2.0", "shadow", 1000, "{\"total\":2}");
        send("a", "1.0", "shadow", 1001, "{\"total\":1}");
        send("a", "1.0", "live", 1002, "{\"total\":1}");
        this.driver.closeWindows();

        ComparisonReport.EndpointReport endpoint = this.driver.report().endpoint("orders", ENDPOINT);
        assertThat(endpoint.comparisons()).isEqualTo(1);
        assertThat(endpoint.candidateComparisons()).isEqualTo(1);
        assertThat(endpoint.secondaryComparisons()).isEqualTo(1);
        ComparisonReport.FieldReport total = endpoint.field("body.total");
        assertThat(total.verdict()).isEqualTo(Verdict.REGRESSION);
        assertThat(total.examples()).singleElement().satisfies(example -> {
            assertThat(example.primary()).isEqualTo("1");
            assertThat(example.secondary()).isEqualTo("1");
            assertThat(example.candidate()).isEqualTo("2");
        });
        assertThat(this.events).containsExactly("compared " + ENDPOINT);
    }

    @Test
    void countsAPrimaryWithoutCopiesAndCopiesWithoutPrimaryAsUnmatchedNotCompared() {
        send("lonely-primary", "1.0", "live", 1000, "{\"total\":1}");
        send("lonely-copy", "2.0", "shadow", 1000, "{\"total\":1}");
        this.driver.closeWindows();

        ComparisonReport report = this.driver.report();
        assertThat(report.unmatchedPrimaries()).isEqualTo(1);
        assertThat(report.unmatchedCopies()).isEqualTo(1);
        assertThat(report.endpoint("orders", ENDPOINT).comparisons()).isZero();
        assertThat(report.endpoint("orders", ENDPOINT).fields()).isEmpty();
        assertThat(this.events).containsExactlyInAnyOrder("unmatched primary", "unmatched copy");
    }

    @Test
    void aCopyArrivingAfterTheGroupWasJudgedIsUnmatched() {
        send("late", "1.0", "live", 1000, "{\"total\":1}");
        this.driver.closeWindows();
        send("late", "2.0", "shadow", 1500, "{\"total\":1}");
        this.driver.closeWindows();

        assertThat(this.driver.report().unmatchedPrimaries()).isEqualTo(1);
        assertThat(this.driver.report().unmatchedCopies()).isEqualTo(1);
    }

    @Test
    void aCopyWhoseRecordTimeIsOutsideTheWindowIsNotCompared() {
        send("far", "1.0", "live", 1000, "{\"total\":1}");
        send("far", "2.0", "shadow", 1000 + Duration.ofSeconds(11).toMillis(), "{\"total\":2}");
        this.driver.closeWindows();

        ComparisonReport report = this.driver.report();
        assertThat(report.unmatchedPrimaries()).isEqualTo(1);
        assertThat(report.unmatchedCopies()).isEqualTo(1);
    }

    @Test
    void waitsForTheWindowAndGraceBeforeJudging() {
        send("w", "1.0", "live", 1000, "{\"total\":1}");
        this.driver.advance(Duration.ofSeconds(14));
        assertThat(this.driver.pendingGroups()).isEqualTo(1);
        send("w", "2.0", "shadow", 1200, "{\"total\":1}");
        this.driver.advance(Duration.ofSeconds(2));
        assertThat(this.driver.pendingGroups())
                .as("records arrived since the last check: the group waits one more")
                .isEqualTo(1);
        this.driver.advance(Duration.ofSeconds(6));
        assertThat(this.driver.pendingGroups()).isZero();
        assertThat(this.driver.report().endpoint("orders", ENDPOINT).comparisons())
                .isEqualTo(1);
    }

    @Test
    void withoutASecondaryEveryDifferenceIsARegressionAndTheReportSaysSo() {
        send("n", "1.0", "live", 1000, "{\"total\":1,\"id\":\"a\"}");
        send("n", "2.0", "shadow", 1000, "{\"total\":1,\"id\":\"b\"}");
        this.driver.closeWindows();

        ComparisonReport.EndpointReport endpoint = this.driver.report().endpoint("orders", ENDPOINT);
        assertThat(endpoint.noiseReference()).isFalse();
        assertThat(endpoint.note()).contains("every difference counts as a regression");
        assertThat(endpoint.field("body.id").verdict()).isEqualTo(Verdict.REGRESSION);
    }

    @Test
    void keepsAGroupWholeWhenItsDeadlinePassedWhileItsRecordsWereStillComing() {
        send("busy", "1.0", "live", 1000, "{\"total\":1}");
        this.driver.advance(Duration.ofSeconds(20));
        // a check with no new record, shorter than the grace period: a stalled fetch, not the end
        this.driver.advance(Duration.ofSeconds(1));
        send("busy", "1.0", "shadow", 1001, "{\"total\":1}");
        send("busy", "2.0", "shadow", 1002, "{\"total\":2}");
        this.driver.closeWindows();

        assertThat(this.driver.report().endpoint("orders", ENDPOINT).comparisons())
                .isEqualTo(1);
        assertThat(this.driver.report().unmatchedPrimaries()).isZero();
    }

    @Test
    void skipsAndCountsRecordsThatAreNotExchangeRecords() {
        this.driver.send("x", "{\"v\":7}", 1000);
        this.driver.send("y", "<html>", 1000);
        this.driver.closeWindows();
        assertThat(this.events).containsExactly("invalid", "invalid");
        assertThat(this.driver.report().endpoints()).isEmpty();
    }

    @Test
    void aResetClearsTheTalliesAtTheNextCheck() {
        send("r", "1.0", "live", 1000, "{\"total\":1}");
        send("r", "2.0", "shadow", 1000, "{\"total\":2}");
        this.driver.closeWindows();
        assertThat(this.driver.report().endpoints()).hasSize(1);

        this.driver.control.requestReset();
        this.driver.advance(Duration.ofSeconds(1));
        assertThat(this.driver.report().endpoints()).isEmpty();
    }
}
