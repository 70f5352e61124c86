package dev.shadowtx.core.marker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shadowtx.core.context.MarkerSource;
import dev.shadowtx.core.context.ShadowMode;
import java.util.List;
import org.junit.jupiter.api.Test;

class CompositeMarkerDetectorTests {

    private final CompositeMarkerDetector detector = new CompositeMarkerDetector(
            List.of(new HostSuffixDetector(), new HeaderDetector("X-Shadow"), new BaggageDetector("shadow")));

    @Test
    void unmarkedRequestIsLive() {
        assertThat(this.detector.detect(
                        TestCarrier.request().host("orders:8080").header("baggage", "a=b")))
                .isEqualTo(Detection.LIVE);
    }

    @Test
    void explicitFalseCannotCancelHostSuffix() {
        Detection detection = this.detector.detect(
                TestCarrier.request().host("orders-shadow:8080").header("X-Shadow", "false"));
        assertThat(detection.mode()).isEqualTo(ShadowMode.SHADOW);
        assertThat(detection.source()).isEqualTo(MarkerSource.HOST_SUFFIX);
    }

    @Test
    void syntheticWinsOverShadow() {
        Detection detection =
                this.detector.detect(TestCarrier.request().host("orders-shadow").header("baggage", "shadow=synthetic"));
        assertThat(detection.mode()).isEqualTo(ShadowMode.SYNTHETIC);
        assertThat(detection.source()).isEqualTo(MarkerSource.BAGGAGE);
    }

    @Test
    void malformedIsRememberedWhenAnotherDetectorAlsoMarks() {
        Detection detection =
                this.detector.detect(TestCarrier.request().host("orders-shadow").header("X-Shadow", "bogus"));
        assertThat(detection.mode()).isEqualTo(ShadowMode.SHADOW);
        assertThat(detection.malformed()).isTrue();
    }

    @Test
    void noDetectorsMeansLive() {
        assertThat(new CompositeMarkerDetector(List.of())
                        .detect(TestCarrier.request().header("X-Shadow", "shadow")))
                .isEqualTo(Detection.LIVE);
    }

    @Test
    void everyDetectorIsAskedHoweverManyThereAre() {
        for (int count = 1; count <= 5; count++) {
            List<MarkerDetector> detectors = new java.util.ArrayList<>();
            for (int i = 1; i < count; i++) {
                detectors.add(new HeaderDetector("X-Unused-" + i));
            }
            detectors.add(new HeaderDetector("X-Last"));
            CompositeMarkerDetector composite = new CompositeMarkerDetector(detectors);
            assertThat(composite
                            .detect(TestCarrier.request().header("X-Last", "synthetic"))
                            .mode())
                    .as("%d detectors", count)
                    .isEqualTo(ShadowMode.SYNTHETIC);
            assertThat(composite.detect(TestCarrier.request().header("X-Other", "synthetic")))
                    .as("%d detectors", count)
                    .isEqualTo(Detection.LIVE);
        }
    }
}
