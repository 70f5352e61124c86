package dev.shadowtx.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shadowtx.core.context.MarkerSource;
import dev.shadowtx.core.context.ShadowMode;
import dev.shadowtx.core.marker.Detection;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;

class KafkaMarkersTests {

    private final KafkaMarkers markers = KafkaMarkers.defaults();

    @Test
    void recordWithoutMarkerIsLive() {
        assertThat(this.markers.detect(headers("other", "value")).isMarked()).isFalse();
        assertThat(this.markers.detect(headers("X-Shadow", "false")).isMarked()).isFalse();
    }

    @Test
    void markerHeaderIsReadIgnoringCase() {
        Detection detection = this.markers.detect(headers("x-shadow", "synthetic"));
        assertThat(detection.mode()).isEqualTo(ShadowMode.SYNTHETIC);
        assertThat(detection.source()).isEqualTo(MarkerSource.MESSAGE);
    }

    @Test
    void baggageEntryIsRead() {
        Detection detection = this.markers.detect(headers("baggage", "userId=1,shadow=true"));
        assertThat(detection.mode()).isEqualTo(ShadowMode.SHADOW);
        assertThat(detection.source()).isEqualTo(MarkerSource.BAGGAGE);
    }

    @Test
    void valueNotUnderstoodOrMissingIsolatesAsShadowAndIsMalformed() {
        RecordHeaders nullValue = new RecordHeaders();
        nullValue.add("X-Shadow", null);
        assertThat(this.markers.detect(headers("X-Shadow", "maybe"))).satisfies((detection) -> {
            assertThat(detection.mode()).isEqualTo(ShadowMode.SHADOW);
            assertThat(detection.malformed()).isTrue();
        });
        assertThat(this.markers.detect(nullValue).mode()).isEqualTo(ShadowMode.SHADOW);
    }

    @Test
    void writingReplacesAnyMarkerAlreadyPresent() {
        RecordHeaders headers = headers("x-shadow", "false");
        headers.add("trace", "1".getBytes(StandardCharsets.UTF_8));
        this.markers.write(headers, ShadowMode.SYNTHETIC);

        assertThat(headers.toArray()).extracting((header) -> header.key()).containsExactly("trace", "X-Shadow");
        assertThat(new String(headers.lastHeader("X-Shadow").value(), StandardCharsets.UTF_8))
                .isEqualTo("synthetic");
    }

    @Test
    void baggageCanBeIgnored() {
        KafkaMarkers headerOnly = new KafkaMarkers("X-Mirror", "");
        assertThat(headerOnly.detect(headers("baggage", "shadow=true")).isMarked())
                .isFalse();
        assertThat(headerOnly.detect(headers("X-Mirror", "shadow")).isMarked()).isTrue();
    }

    private static RecordHeaders headers(String name, String value) {
        RecordHeaders headers = new RecordHeaders();
        headers.add(name, value.getBytes(StandardCharsets.UTF_8));
        return headers;
    }
}
