package dev.shadowtx.core.marker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shadowtx.core.context.MarkerSource;
import dev.shadowtx.core.context.ShadowMode;
import dev.shadowtx.core.testsupport.CountingChars;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class BaggageDetectorTests {

    private final BaggageDetector detector = new BaggageDetector("shadow");

    @ParameterizedTest(name = "[{index}] baggage: {0} -> {1}, malformed={2}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
			shadow=shadow                                  | SHADOW    | false
			shadow=true                                    | SHADOW    | false
			shadow=synthetic                               | SYNTHETIC | false
			shadow=false                                   | LIVE      | false
			"userId=alice,shadow=synthetic,serverNode=DF28"| SYNTHETIC | false
			" shadow = shadow ; ttl=3 "                    | SHADOW    | false
			shadow=synthetic;prop1;prop2=x                 | SYNTHETIC | false
			shadow=%73ynthetic                             | SYNTHETIC | false
			shadow=%20shadow%20                            | SHADOW    | false
			shadow=                                        | SHADOW    | true
			shadow=maybe                                   | SHADOW    | true
			shadow=%zz                                     | SHADOW    | true
			shadow=%7                                      | SHADOW    | true
			SHADOW=shadow                                  | SHADOW    | false
			"garbage,,=,shadow=true"                       | SHADOW    | false
			"noequals,shadow"                              | LIVE      | false
			"shadowed=true,myshadow=true"                  | LIVE      | false
			userId=alice                                   | LIVE      | false
			"x=1;shadow=true"                              | LIVE      | false
			""                                             | LIVE      | false
			""")
    void readsBaggageEntries(String baggage, String expected, boolean malformed) {
        Detection detection = this.detector.detect(TestCarrier.request().header("baggage", baggage));
        if (expected.equals("LIVE")) {
            assertThat(detection.isMarked()).isFalse();
        } else {
            assertThat(detection.mode()).isEqualTo(ShadowMode.valueOf(expected));
            assertThat(detection.source()).isEqualTo(MarkerSource.BAGGAGE);
            assertThat(detection.malformed()).isEqualTo(malformed);
        }
    }

    @Test
    void findsEntryInAnyOfSeveralBaggageHeaders() {
        Detection detection = this.detector.detect(TestCarrier.request()
                .header("baggage", "userId=alice")
                .header("baggage", "tenant=7,shadow=synthetic")
                .header("baggage", "region=eu"));
        assertThat(detection.mode()).isEqualTo(ShadowMode.SYNTHETIC);
    }

    @Test
    void baggageWithMoreMembersThanTheLimitIsAMalformedMarkerEvenWithoutTheKey() {
        String members = "k=v,".repeat(BaggageDetector.MAX_MEMBERS) + "k=v";
        Detection detection = this.detector.detect(TestCarrier.request().header("baggage", members));
        assertThat(detection.mode()).isEqualTo(ShadowMode.SHADOW);
        assertThat(detection.malformed()).isTrue();
    }

    @Test
    void membersAndLengthAreCountedOverAllBaggageHeadersTogether() {
        String half = "k=" + "v".repeat(BaggageDetector.MAX_LENGTH / 2);
        Detection detection = this.detector.detect(
                TestCarrier.request().header("baggage", half).header("baggage", half));
        assertThat(detection.malformed()).isTrue();
        String members = "k=v,".repeat(BaggageDetector.MAX_MEMBERS / 2);
        detection = this.detector.detect(
                TestCarrier.request().header("baggage", members + "k=v").header("baggage", members + "k=v"));
        assertThat(detection.malformed()).isTrue();
    }

    @Test
    void baggageLongerThanTheLimitIsAMalformedMarker() {
        String value = "k=" + "v".repeat(BaggageDetector.MAX_LENGTH);
        Detection detection = this.detector.detect(TestCarrier.request().header("baggage", value));
        assertThat(detection.mode()).isEqualTo(ShadowMode.SHADOW);
        assertThat(detection.malformed()).isTrue();
    }

    @Test
    void baggageAtTheLimitsIsStillRead() {
        String members = "k=v,".repeat(BaggageDetector.MAX_MEMBERS - 1) + "shadow=synthetic";
        assertThat(this.detector.detect(TestCarrier.request().header("baggage", members)))
                .satisfies((detection) -> {
                    assertThat(detection.mode()).isEqualTo(ShadowMode.SYNTHETIC);
                    assertThat(detection.malformed()).isFalse();
                });
        String live = "k=" + "v".repeat(BaggageDetector.MAX_LENGTH - 2);
        assertThat(this.detector
                        .detect(TestCarrier.request().header("baggage", live))
                        .isMarked())
                .isFalse();
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @ValueSource(
            strings = {"commas ending in =", "one long key", "keys ending in =", "percent escapes", "1 MB of commas"})
    void readingTakesLinearWorkWhateverTheInput(String shape) {
        for (int size : new int[] {1_000, 2_000, 4_000, 8_000}) {
            String baggage = adversarial(shape, size);
            CountingChars chars = new CountingChars(baggage);
            this.detector.read(List.of(chars));
            assertThat(chars.reads())
                    .as("%s of %d characters", shape, baggage.length())
                    .isLessThanOrEqualTo(3L * size);
        }
    }

    private static String adversarial(String shape, int size) {
        return switch (shape) {
            case "commas ending in =" -> ",".repeat(size - 1) + "=";
            case "one long key" -> " ".repeat(size / 2) + "shadow" + " ".repeat(size / 2 - 7) + "=";
            case "keys ending in =" -> ("shadow" + " ".repeat(40) + ",").repeat(size / 47) + "=";
            case "percent escapes" -> "shadow=" + "%41".repeat((size - 7) / 3);
            default -> ",".repeat(1 << 20) + "=";
        };
    }

    @Test
    void decodesUtf8PercentEscapes() {
        assertThat(BaggageDetector.percentDecode("caf%C3%A9+x")).isEqualTo("café+x");
        assertThat(BaggageDetector.percentDecode("%4")).isNull();
    }
}
