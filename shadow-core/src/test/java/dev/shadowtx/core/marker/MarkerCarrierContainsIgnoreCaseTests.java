package dev.shadowtx.core.marker;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;

class MarkerCarrierContainsIgnoreCaseTests {

    @Test
    void noCharacterButItselfMatchesAnAsciiCharacterThatIsNoLetter() {
        for (char fragment = 0; fragment < 128; fragment++) {
            boolean letter = Character.isLetter(fragment);
            for (int c = Character.MIN_VALUE; c <= Character.MAX_VALUE; c++) {
                boolean matches = String.valueOf((char) c).regionMatches(true, 0, String.valueOf(fragment), 0, 1);
                if (!letter && c != fragment) {
                    assertThat(matches)
                            .as("U+%04X against U+%04X", c, (int) fragment)
                            .isFalse();
                }
            }
        }
    }

    @Test
    void answersAsRegionMatchesAtEveryPosition() {
        Random random = new Random(7);
        String alphabet = "-shadowSHADOW:.8[]ſKıİ\u212A\u00df";
        String[] fragments = {"-shadow", "-SHADOW", "shadow", "ſhadow", ":8", "-", "", "8080", "kelvin"};
        for (int n = 0; n < 20_000; n++) {
            StringBuilder value = new StringBuilder();
            int length = random.nextInt(16);
            for (int i = 0; i < length; i++) {
                value.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            for (String fragment : fragments) {
                assertThat(MarkerCarrier.containsIgnoreCase(value.toString(), fragment))
                        .as("%s in %s", fragment, value)
                        .isEqualTo(everyPosition(value.toString(), fragment));
            }
        }
    }

    @Test
    void findsTheFragmentAfterAnEarlierFalseStartAndNotPastTheEnd() {
        assertThat(MarkerCarrier.containsIgnoreCase("orders-v2-SHADOW:8080", "-shadow"))
                .isTrue();
        assertThat(MarkerCarrier.containsIgnoreCase("orders-shado", "-shadow")).isFalse();
        assertThat(MarkerCarrier.containsIgnoreCase("orders:8080", "-shadow")).isFalse();
        assertThat(MarkerCarrier.containsIgnoreCase("-ſHADOW", "-shadow")).isTrue();
    }

    private static boolean everyPosition(String value, String fragment) {
        for (int i = 0; i <= value.length() - fragment.length(); i++) {
            if (value.regionMatches(true, i, fragment, 0, fragment.length())) {
                return true;
            }
        }
        return false;
    }
}
