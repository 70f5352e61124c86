package dev.shadowtx.test;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shadowtx.core.context.ShadowMode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.http.HttpHeaders;

class ShadowMarkersTests {

    @ParameterizedTest
    @CsvSource({
        "orders:8080, orders-shadow:8080",
        "orders, orders-shadow",
        "[::1]:8080, [::1]-shadow:8080",
        "[::1], [::1]-shadow",
        "orders.svc.cluster.local:80, orders.svc.cluster.local-shadow:80"
    })
    void shadowHostIsWhatEnvoyMirrorSends(String live, String shadow) {
        assertThat(ShadowMarkers.shadowHost(live)).isEqualTo(shadow);
    }

    @Test
    void headerCustomizersSetEachMarkerForm() {
        HttpHeaders headers = new HttpHeaders();
        ShadowMarkers.header(ShadowMode.SYNTHETIC).accept(headers);
        ShadowMarkers.baggage(ShadowMode.SHADOW).accept(headers);
        ShadowMarkers.hostSuffix("orders:8080").accept(headers);
        assertThat(headers.getFirst("X-Shadow")).isEqualTo("synthetic");
        assertThat(headers.getFirst("baggage")).isEqualTo("shadow=shadow");
        assertThat(headers.getFirst("Host")).isEqualTo("orders-shadow:8080");
        ShadowMarkers.explicitLive().accept(headers);
        assertThat(headers.getFirst("X-Shadow")).isEqualTo("false");
    }

    @Test
    void signedMarkerCarriesAValidSignature() {
        HttpHeaders headers = new HttpHeaders();
        ShadowMarkers.signed(ShadowMode.SHADOW, "a-secret-a-secret-a-secret-a-secret", "GET", "/orders?id=7")
                .accept(headers);
        String value = headers.getFirst("X-Shadow-Signature");
        assertThat(value).isNotNull();
        dev.shadowtx.core.marker.MarkerSignature.Parsed parsed = dev.shadowtx.core.marker.MarkerSignature.parse(value);
        assertThat(parsed).isNotNull();
        assertThat(new dev.shadowtx.core.marker.MarkerSignature("a-secret-a-secret-a-secret-a-secret")
                        .matches(ShadowMode.SHADOW, parsed, "GET", "/orders?id=7", null))
                .isTrue();
    }
}
