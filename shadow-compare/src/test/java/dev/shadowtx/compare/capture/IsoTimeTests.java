package dev.shadowtx.compare.capture;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;

class IsoTimeTests {

    @Test
    void formatsInstantsAsInstantDoesForWholeMilliseconds() {
        char[] chars = new char[32];
        long[] samples = {0, 951_782_400_000L, 4_107_542_399_999L, 1_796_528_467_215L, -1, -86_400_001L};
        for (long millis : samples) {
            assertThat(new String(chars, 0, IsoTime.format(millis, chars))).isEqualTo(iso(millis));
        }
        for (int i = 0; i < 10_000; i++) {
            long millis = ThreadLocalRandom.current().nextLong(0, 253_402_300_799_999L);
            assertThat(new String(chars, 0, IsoTime.format(millis, chars))).isEqualTo(iso(millis));
        }
    }

    @Test
    void writesDurationsInMillisecondsWithThreeDecimals() {
        char[] chars = new char[32];
        assertThat(new String(chars, 0, IsoTime.millis(12_407_999, chars))).isEqualTo("12.407");
        assertThat(new String(chars, 0, IsoTime.millis(999, chars))).isEqualTo("0.000");
        assertThat(new String(chars, 0, IsoTime.millis(3_600_000_000_000L, chars)))
                .isEqualTo("3600000.000");
        assertThat(new String(chars, 0, IsoTime.millis(-5, chars))).isEqualTo("0.000");
    }

    private static String iso(long millis) {
        String text = Instant.ofEpochMilli(millis).toString();
        // Instant leaves out a zero fraction
        return text.length() == 20 ? text.substring(0, 19) + ".000Z" : text;
    }
}
