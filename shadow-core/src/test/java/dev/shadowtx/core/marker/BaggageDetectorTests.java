package dev.shadowtx.core.marker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shadowtx.core.context.MarkerSource;
import dev.shadowtx.core.context.ShadowMode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

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
    void hugeBaggageIsReadWithoutFailing() {
        String members = "k=v,".repeat(20_000);
        Detection detection = this.detector.detect(TestCarrier.request().header("baggage", members + "shadow=shadow"));
        assertThat(detection.mode()).isEqualTo(ShadowMode.SHADOW);
    }

    @Test
    void decodesUtf8PercentEscapes() {
        assertThat(BaggageDetector.percentDecode("caf%C3%A9+x")).isEqualTo("café+x");
        assertThat(BaggageDetector.percentDecode("%4")).isNull();
    }
}
