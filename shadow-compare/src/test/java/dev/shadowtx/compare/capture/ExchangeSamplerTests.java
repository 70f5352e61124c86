package dev.shadowtx.compare.capture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.util.UUID;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class ExchangeSamplerTests {

    @Test
    void theHashIsFixedSoOtherImplementationsSampleTheSameIds() {
        // FNV-1a 64 of "" is the offset basis; then MurmurHash3's fmix64
        assertThat(ExchangeSampler.hash("")).isEqualTo(fmix64(0xcbf29ce484222325L));
        // FNV-1a 64 of "a" is 0xaf63dc4c8601ec8c
        assertThat(ExchangeSampler.hash("a")).isEqualTo(fmix64(0xaf63dc4c8601ec8cL));
    }

    @Test
    void sampleRateZeroCapturesNothingAndOneCapturesEverything() {
        assertThat(new ExchangeSampler(0.0).samplesNothing()).isTrue();
        assertThat(new ExchangeSampler(0.0).samples("abc")).isFalse();
        ExchangeSampler all = new ExchangeSampler(1.0);
        assertThat(all.samplesNothing()).isFalse();
        assertThat(IntStream.range(0, 1000)
                        .allMatch((i) -> all.samples(UUID.randomUUID().toString())))
                .isTrue();
    }

    @Test
    void theSampledShareFollowsTheRateAndTheDecisionTheId() {
        ExchangeSampler tenPercent = new ExchangeSampler(0.1);
        long sampled = IntStream.range(0, 20_000)
                .filter((i) -> tenPercent.samples("request-" + i))
                .count();
        assertThat(sampled).isBetween(1_700L, 2_300L);
        ExchangeSampler another = new ExchangeSampler(0.1);
        assertThat(IntStream.range(0, 1000)
                        .allMatch((i) -> another.samples("request-" + i) == tenPercent.samples("request-" + i)))
                .isTrue();
    }

    @Test
    void refusesARateOutsideZeroToOneNamingTheProperty() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new ExchangeSampler(1.5))
                .withMessageContaining("shadow.compare.capture.sample-rate");
        assertThatIllegalArgumentException().isThrownBy(() -> new ExchangeSampler(Double.NaN));
    }

    private static long fmix64(long hash) {
        hash ^= hash >>> 33;
        hash *= 0xff51afd7ed558ccdL;
        hash ^= hash >>> 33;
        hash *= 0xc4ceb9fe1a85ec53L;
        hash ^= hash >>> 33;
        return hash;
    }
}
