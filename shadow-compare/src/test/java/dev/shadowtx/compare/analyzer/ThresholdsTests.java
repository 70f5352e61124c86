package dev.shadowtx.compare.analyzer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import org.junit.jupiter.api.Test;

class ThresholdsTests {

    private final Thresholds thresholds = new Thresholds(0.2, 0.01);

    @Test
    void aCandidateDifferenceTheSecondaryNeverShowsIsARegression() {
        assertThat(this.thresholds.judge(0.05, 0.0, true)).isEqualTo(Verdict.REGRESSION);
    }

    @Test
    void aDifferenceTheSecondaryShowsAsOftenIsNoise() {
        assertThat(this.thresholds.judge(1.0, 1.0, true)).isEqualTo(Verdict.NOISE);
        assertThat(this.thresholds.judge(0.30, 0.28, true)).isEqualTo(Verdict.NOISE);
    }

    @Test
    void bothGapsMustBeExceeded() {
        // absolute gap 0.5 %, below 1 %
        assertThat(this.thresholds.judge(0.005, 0.0, true)).isEqualTo(Verdict.NOISE);
        // absolute gap 10 %, relative gap 0.1 / 0.9 = 11 %, below 20 %
        assertThat(this.thresholds.judge(0.5, 0.4, true)).isEqualTo(Verdict.NOISE);
        // absolute gap 40 %, relative gap 0.4 / 0.6 = 67 %
        assertThat(this.thresholds.judge(0.5, 0.1, true)).isEqualTo(Verdict.REGRESSION);
    }

    @Test
    void withoutASecondaryEveryDifferenceIsARegression() {
        assertThat(this.thresholds.judge(0.001, 0.0, false)).isEqualTo(Verdict.REGRESSION);
    }

    @Test
    void refusesThresholdsOutsideZeroToOne() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new Thresholds(1.5, 0.1))
                .withMessageContaining("relative");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new Thresholds(0.1, -0.1))
                .withMessageContaining("absolute");
    }
}
