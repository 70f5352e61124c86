package dev.shadowtx.core.marker;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * A detector's answer through a probe ({@link MarkerDetector#mayDetect}) decides an unmarked
 * message live before any carrier is made, so it must never call a message live that
 * {@link MarkerDetector#detect} would mark.
 */
class MarkerDetectorProbeTests {

    private static final List<String> HOSTS = List.of(
            "orders:8080",
            "orders-shadow:8080",
            "orders-shadow",
            "orders:8080-shadow",
            "[::1]-shadow:8080",
            " orders-shadow ",
            "shadow",
            "orders-shado",
            "x.-shadow.y",
            "ördérs-shadow:8080",
            "");

    private static final List<String> NAMES =
            List.of("X-Shadow", "x-shadow", "X-SHADOW", "baggage", "Baggage", "traceparent", "X-Other");

    private static final List<String> VALUES = List.of(
            "shadow",
            "synthetic",
            "true",
            "false",
            "",
            "yes-please",
            "shadow=true",
            "tenant=acme,shadow=synthetic;ttl=1",
            "a=b",
            "%zz",
            ",,,=");

    private static final MarkerDetector DEFAULTS = new CompositeMarkerDetector(
            List.of(new HostSuffixDetector(), new HeaderDetector("X-Shadow"), new BaggageDetector("shadow")));

    private static final List<MarkerDetector> DETECTORS = List.of(
            new HostSuffixDetector(),
            new HeaderDetector("X-Shadow"),
            new BaggageDetector("shadow"),
            DEFAULTS,
            new CompositeMarkerDetector(List.of(
                    new HeaderDetector("X-One"),
                    new HeaderDetector("X-Two"),
                    new HeaderDetector("X-Three"),
                    new BaggageDetector("shadow"),
                    new HostSuffixDetector(),
                    new HeaderDetector("X-Shadow"))));

    @Test
    void noDetectorCallsAMessageLiveThatItWouldMark() {
        Random random = new Random(20261206L);
        int marked = 0;
        int decidedLiveByTheProbe = 0;
        for (int i = 0; i < 20_000; i++) {
            TestCarrier carrier = randomMessage(random);
            for (MarkerDetector detector : DETECTORS) {
                boolean mayDetect = detector.mayDetect(HeaderProbe.CARRIER, carrier);
                if (detector.detect(carrier).isMarked()) {
                    assertThat(mayDetect).as("%s on %s", detector, carrier).isTrue();
                    marked++;
                } else if (!mayDetect) {
                    decidedLiveByTheProbe++;
                }
            }
        }
        assertThat(marked).isGreaterThan(10_000);
        assertThat(decidedLiveByTheProbe).isGreaterThan(10_000);
    }

    @Test
    void unmarkedMessageWithoutAnyMarkerHeaderIsDecidedLiveByTheProbe() {
        TestCarrier carrier = TestCarrier.request().host("orders:8080").header("traceparent", "00-1-2-01");
        assertThat(DEFAULTS.mayDetect(HeaderProbe.CARRIER, carrier)).isFalse();
        assertThat(DEFAULTS.detect(carrier)).isEqualTo(Detection.LIVE);
    }

    @Test
    void messageThatMayBeMarkedIsLeftToTheDetectors() {
        assertThat(DEFAULTS.mayDetect(HeaderProbe.CARRIER, TestCarrier.request().host("ORDERS-SHADOW")))
                .isTrue();
        assertThat(DEFAULTS.mayDetect(HeaderProbe.CARRIER, TestCarrier.request().header("x-shadow", "false")))
                .isTrue();
        assertThat(DEFAULTS.mayDetect(HeaderProbe.CARRIER, TestCarrier.request().header("BAGGAGE", "a=b")))
                .isTrue();
    }

    @Test
    void detectorThatDoesNotUseTheProbeIsAlwaysAsked() {
        MarkerDetector custom = (carrier) -> Detection.LIVE;
        TestCarrier plain = TestCarrier.request().host("orders:8080");
        assertThat(custom.mayDetect(HeaderProbe.CARRIER, plain)).isTrue();
        assertThat(new CompositeMarkerDetector(List.of(new HostSuffixDetector(), custom))
                        .mayDetect(HeaderProbe.CARRIER, plain))
                .isTrue();
    }

    @Test
    void compositeOfNoDetectorsCallsEveryMessageLive() {
        assertThat(new CompositeMarkerDetector(List.of())
                        .mayDetect(HeaderProbe.CARRIER, TestCarrier.request().header("X-Shadow", "shadow")))
                .isFalse();
    }

    @Test
    void everyDetectorOfACompositeIsAskedHoweverManyThereAre() {
        TestCarrier carrier = TestCarrier.request().header("X-Last", "shadow");
        for (int count = 1; count <= 5; count++) {
            List<MarkerDetector> detectors = new java.util.ArrayList<>();
            for (int i = 1; i < count; i++) {
                detectors.add(new HeaderDetector("X-Unused-" + i));
            }
            CompositeMarkerDetector without = new CompositeMarkerDetector(detectors);
            assertThat(without.mayDetect(HeaderProbe.CARRIER, carrier))
                    .as("%d", count)
                    .isFalse();
            detectors.add(new HeaderDetector("X-Last"));
            CompositeMarkerDetector with = new CompositeMarkerDetector(detectors);
            assertThat(with.mayDetect(HeaderProbe.CARRIER, carrier))
                    .as("%d", count)
                    .isTrue();
        }
    }

    @Test
    void everyDetectorIsAskedInTurnWhenOneIsNotBuiltIn() {
        TestCarrier carrier = TestCarrier.request().header("X-Last", "shadow");
        MarkerDetector quiet = new MarkerDetector() {

            @Override
            public Detection detect(MarkerCarrier message) {
                return Detection.LIVE;
            }

            @Override
            public <M> boolean mayDetect(HeaderProbe<M> probe, M message) {
                return false;
            }
        };
        for (int count = 1; count <= 5; count++) {
            List<MarkerDetector> detectors = new java.util.ArrayList<>();
            detectors.add(quiet);
            for (int i = 2; i < count; i++) {
                detectors.add(new HeaderDetector("X-Unused-" + i));
            }
            assertThat(new CompositeMarkerDetector(detectors).mayDetect(HeaderProbe.CARRIER, carrier))
                    .as("%d", count)
                    .isFalse();
            detectors.add(new HeaderDetector("X-Last"));
            assertThat(new CompositeMarkerDetector(detectors).mayDetect(HeaderProbe.CARRIER, carrier))
                    .as("%d", count)
                    .isTrue();
        }
    }

    private static TestCarrier randomMessage(Random random) {
        TestCarrier carrier = TestCarrier.request();
        if (random.nextInt(4) > 0) {
            carrier.host(randomCase(random, HOSTS.get(random.nextInt(HOSTS.size()))));
        }
        int headers = random.nextInt(4);
        for (int i = 0; i < headers; i++) {
            carrier.header(
                    NAMES.get(random.nextInt(NAMES.size())),
                    randomCase(random, VALUES.get(random.nextInt(VALUES.size()))));
        }
        return carrier;
    }

    private static String randomCase(Random random, String value) {
        return switch (random.nextInt(3)) {
            case 0 -> value.toUpperCase(Locale.ROOT);
            case 1 -> value;
            default -> {
                StringBuilder mixed = new StringBuilder(value.length());
                for (char c : value.toCharArray()) {
                    mixed.append(random.nextBoolean() ? Character.toUpperCase(c) : c);
                }
                yield mixed.toString();
            }
        };
    }
}
