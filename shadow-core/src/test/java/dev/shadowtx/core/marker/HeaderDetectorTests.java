package dev.shadowtx.core.marker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import dev.shadowtx.core.context.MarkerSource;
import dev.shadowtx.core.context.ShadowMode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class HeaderDetectorTests {

    private final HeaderDetector detector = new HeaderDetector("X-Shadow");

    @ParameterizedTest(name = "[{index}] ''{0}'' -> {1}, malformed={2}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
			shadow            | SHADOW    | false
			true              | SHADOW    | false
			SHADOW            | SHADOW    | false
			True              | SHADOW    | false
			"  shadow  "      | SHADOW    | false
			synthetic         | SYNTHETIC | false
			SYNTHETIC         | SYNTHETIC | false
			false             | LIVE      | false
			FALSE             | LIVE      | false
			" false "         | LIVE      | false
			""                | SHADOW    | true
			"   "             | SHADOW    | true
			yes               | SHADOW    | true
			0                 | SHADOW    | true
			1                 | SHADOW    | true
			shadowy           | SHADOW    | true
			"false, shadow"   | SHADOW    | false
			"false,false"     | LIVE      | false
			"shadow,synthetic"| SYNTHETIC | false
			"false,garbage"   | SHADOW    | true
			\u0000            | SHADOW    | true
			fal\u017Fe        | SHADOW    | true
			\u017Fhadow       | SHADOW    | true
			""")
    void readsMarkerValues(String value, String expected, boolean malformed) {
        Detection detection = this.detector.detect(TestCarrier.request().header("X-Shadow", value));
        if (expected.equals("LIVE")) {
            assertThat(detection.isMarked()).isFalse();
        } else {
            assertThat(detection.mode()).isEqualTo(ShadowMode.valueOf(expected));
            assertThat(detection.source()).isEqualTo(MarkerSource.HEADER);
            assertThat(detection.malformed()).isEqualTo(malformed);
        }
    }

    @Test
    void repeatedHeaderIsMarkedWhenAnyValueIs() {
        Detection detection = this.detector.detect(
                TestCarrier.request().header("X-Shadow", "false").header("X-Shadow", "synthetic"));
        assertThat(detection.mode()).isEqualTo(ShadowMode.SYNTHETIC);
    }

    @Test
    void absentHeaderIsLive() {
        assertThat(this.detector.detect(TestCarrier.request().header("X-Other", "shadow")))
                .isEqualTo(Detection.LIVE);
    }

    @Test
    void headerNameIsConfigurable() {
        HeaderDetector custom = new HeaderDetector("X-Mirror");
        assertThat(custom.detect(TestCarrier.request().header("x-mirror", "shadow"))
                        .isMarked())
                .isTrue();
        assertThat(custom.detect(TestCarrier.request().header("X-Shadow", "shadow"))
                        .isMarked())
                .isFalse();
    }

    @Test
    void blankHeaderNameIsRefused() {
        assertThatIllegalArgumentException().isThrownBy(() -> new HeaderDetector(" "));
    }
}
