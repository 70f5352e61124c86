package dev.shadowtx.compare.capture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CorrelationIdsTests {

    private final CorrelationIds ids = new CorrelationIds(List.of("X-Request-Id", "traceparent"));

    @Test
    void theRequestIdComesFirst() {
        assertThat(ids.resolve(Map.of(
                        "x-request-id", "3f2b8c1e-5d4a",
                        "traceparent", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01")::get))
                .isEqualTo("3f2b8c1e-5d4a");
    }

    @Test
    void withoutARequestIdTheTraceIdOfTraceparentIsUsed() {
        assertThat(ids.resolve(Map.of("traceparent", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01")::get))
                .isEqualTo("4bf92f3577b34da6a3ce929d0e0e4736");
    }

    @Test
    void unusableValuesCountAsAbsent() {
        assertThat(ids.resolve(Map.of("x-request-id", "has space", "traceparent", "00-garbage")::get))
                .isNull();
        assertThat(ids.resolve(Map.of("x-request-id", "x".repeat(129))::get)).isNull();
        assertThat(ids.resolve(Map.of("traceparent", "00-00000000000000000000000000000000-00f067aa0ba902b7-01")::get))
                .isNull();
        assertThat(ids.resolve(Map.of("traceparent", "00-4BF92F3577B34DA6A3CE929D0E0E4736-00f067aa0ba902b7-01")::get))
                .isNull();
        assertThat(ids.resolve(Map.<String, String>of()::get)).isNull();
    }

    @Test
    void refusesAnEmptyHeaderListNamingTheProperty() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new CorrelationIds(List.of()))
                .withMessageContaining("shadow.compare.correlation-headers");
    }
}
