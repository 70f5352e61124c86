package dev.shadowtx.compare.analyzer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shadowtx.compare.testsupport.ExchangeWorkload;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The accuracy figure: a generated workload of at least 10 000 primary / secondary / candidate
 * triples over three endpoints, where the candidate changes one field in 5 % of its answers and
 * ids, timestamps and a random token differ in every answer. The report must flag exactly the
 * changed field as REGRESSION, the noise fields as NOISE, and nothing else.
 */
class AccuracyTests {

    private static final int TRIPLES = Integer.getInteger("compare.accuracy.triples", 12_000);

    @Test
    void flagsTheChangedFieldAsTheOnlyRegressionAndTheNoiseAsNoise() {
        long started = System.nanoTime();
        ComparisonReport report;
        try (AnalyzerDriver driver =
                new AnalyzerDriver(AnalyzerDriver.settings(ComparisonRules.defaults()), AnalyzerEvents.NONE)) {
            int[] sent = {0};
            new ExchangeWorkload(42).generate(TRIPLES, (key, json, timestamp) -> {
                driver.send(key, json, timestamp);
                if (++sent[0] % 3000 == 0) {
                    driver.closeWindows();
                }
            });
            driver.closeWindows();
            assertThat(driver.pendingGroups()).isZero();
            report = driver.report();
        }
        double seconds = (System.nanoTime() - started) / 1e9;

        assertThat(report.endpoints())
                .extracting(ComparisonReport.EndpointReport::endpoint)
                .containsExactlyInAnyOrderElementsOf(ExchangeWorkload.ENDPOINTS);
        assertThat(report.endpoints()).allSatisfy(endpoint -> {
            assertThat(endpoint.comparisons()).isEqualTo(TRIPLES / 3);
            assertThat(endpoint.noiseReference()).isTrue();
            assertThat(endpoint.unmatchedPrimaries() + endpoint.unmatchedCopies())
                    .isZero();
        });
        List<String> flagged = new ArrayList<>();
        List<String> regressions = new ArrayList<>();
        int noise = 0;
        for (ComparisonReport.EndpointReport endpoint : report.endpoints()) {
            for (ComparisonReport.FieldReport field : endpoint.fields()) {
                flagged.add(endpoint.endpoint() + " " + field.path());
                if (field.verdict() == Verdict.REGRESSION) {
                    regressions.add(endpoint.endpoint() + " " + field.path());
                } else {
                    noise++;
                    assertThat(ExchangeWorkload.NOISE_PATHS).contains(field.path());
                    assertThat(field.noiseRate()).isEqualTo(1.0);
                }
            }
        }
        assertThat(regressions)
                .containsExactly(ExchangeWorkload.CHANGED_ENDPOINT + " " + ExchangeWorkload.CHANGED_PATH);
        assertThat(noise).isEqualTo(ExchangeWorkload.ENDPOINTS.size() * ExchangeWorkload.NOISE_PATHS.size());
        assertThat(flagged).hasSize(noise + 1);

        ComparisonReport.FieldReport changed = report.endpoint(
                        ExchangeWorkload.SERVICE, ExchangeWorkload.CHANGED_ENDPOINT)
                .field(ExchangeWorkload.CHANGED_PATH);
        assertThat(changed.candidateDifferences()).isEqualTo(ExchangeWorkload.changedCount(TRIPLES));
        assertThat(changed.secondaryDifferences()).isZero();
        assertThat(changed.examples()).isNotEmpty().allSatisfy(example -> {
            assertThat(example.candidateDiffers()).isTrue();
            assertThat(example.candidate()).isNotEqualTo(example.primary());
            assertThat(example.secondary()).isEqualTo(example.primary());
        });

        System.out.printf(
                "[compare] accuracy: %d triples (%d records) over %d endpoints; candidate changes %s on %s in %d answers"
                        + " (%.1f %%); flagged %d paths: %d REGRESSION (%s, candidate %.2f %% / noise %.2f %%), %d NOISE"
                        + " (%s on every endpoint, noise rate 100 %%), 0 others; %.1f s%n",
                TRIPLES,
                TRIPLES * 3,
                ExchangeWorkload.ENDPOINTS.size(),
                ExchangeWorkload.CHANGED_PATH,
                ExchangeWorkload.CHANGED_ENDPOINT,
                changed.candidateDifferences(),
                100.0 * changed.candidateDifferences() / (TRIPLES / 3),
                flagged.size(),
                regressions.size(),
                regressions.get(0),
                changed.candidateRate() * 100,
                changed.noiseRate() * 100,
                noise,
                String.join(", ", ExchangeWorkload.NOISE_PATHS),
                seconds);
    }
}
