package dev.shadowtx.core.outbound;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import dev.shadowtx.core.context.ShadowMode;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class MarkerPropagationTests {

    private final Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);

    private final MarkerPropagation.HeaderAccess access = new MarkerPropagation.HeaderAccess() {

        @Override
        public List<String> values(String name) {
            return MarkerPropagationTests.this.headers.getOrDefault(name, List.of());
        }

        @Override
        public void set(String name, String value) {
            MarkerPropagationTests.this.headers.put(name, new ArrayList<>(List.of(value)));
        }

        @Override
        public void remove(String name) {
            MarkerPropagationTests.this.headers.remove(name);
        }
    };

    @Test
    void writesTheHeaderAndTheBaggageEntry() {
        MarkerPropagation.defaults().write(ShadowMode.SYNTHETIC, this.access);
        assertThat(this.headers)
                .containsEntry("X-Shadow", List.of("synthetic"))
                .containsEntry("baggage", List.of("shadow=synthetic"));
    }

    @Test
    void appendsToExistingBaggageAndReplacesOnlyItsOwnEntry() {
        this.headers.put("Baggage", List.of("userId=alice, shadow=false", "tenant=acme;prop=1"));
        MarkerPropagation.defaults().write(ShadowMode.SHADOW, this.access);
        assertThat(this.headers.get("baggage")).containsExactly("userId=alice,tenant=acme;prop=1,shadow=shadow");
    }

    @Test
    void replacesAMarkerTheApplicationSetItself() {
        this.headers.put("x-shadow", List.of("false"));
        MarkerPropagation.defaults().write(ShadowMode.SHADOW, this.access);
        assertThat(this.headers.get("X-Shadow")).containsExactly("shadow");
    }

    @Test
    void usesTheConfiguredHeaderAndWritesNoBaggageWhenTheKeyIsEmpty() {
        new MarkerPropagation("X-Mirror", "", List.of()).write(ShadowMode.SHADOW, this.access);
        assertThat(this.headers).containsOnlyKeys("X-Mirror");
    }

    @Test
    void eraseRemovesTheMarkerAndKeepsOtherBaggage() {
        this.headers.put("X-Shadow", List.of("shadow"));
        this.headers.put("baggage", List.of("shadow=shadow,userId=alice"));
        MarkerPropagation.defaults().erase(this.access);
        assertThat(this.headers).containsOnlyKeys("baggage");
        assertThat(this.headers.get("baggage")).containsExactly("userId=alice");
    }

    @Test
    void eraseRemovesABaggageHeaderThatOnlyHeldTheMarker() {
        this.headers.put("baggage", List.of("shadow=shadow"));
        MarkerPropagation.defaults().erase(this.access);
        assertThat(this.headers).isEmpty();
    }

    @Test
    void excludedHostsMatchByHostPortOrSubdomain() {
        MarkerPropagation propagation = new MarkerPropagation(
                "X-Shadow",
                "shadow",
                List.of(
                        HostPattern.parse("maps.example.org"), HostPattern.parse("127.0.0.1:9999"),
                        HostPattern.parse("*.stripe.com"), HostPattern.parse("[::1]:8080")));
        assertThat(propagation.isExcluded(URI.create("https://MAPS.example.org/tiles")))
                .isTrue();
        assertThat(propagation.isExcluded(URI.create("http://127.0.0.1:9999/x")))
                .isTrue();
        assertThat(propagation.isExcluded(URI.create("http://127.0.0.1:9998/x")))
                .isFalse();
        assertThat(propagation.isExcluded(URI.create("https://api.stripe.com/v1")))
                .isTrue();
        assertThat(propagation.isExcluded(URI.create("https://stripe.com/v1"))).isFalse();
        assertThat(propagation.isExcluded(URI.create("http://[::1]:8080/x"))).isTrue();
        assertThat(propagation.isExcluded(URI.create("http://payments/x"))).isFalse();
    }

    @Test
    void rejectsHostPatternsThatAreUrls() {
        assertThatIllegalArgumentException().isThrownBy(() -> HostPattern.parse("https://api.stripe.com"));
        assertThatIllegalArgumentException().isThrownBy(() -> HostPattern.parse("api.stripe.com/v1"));
        assertThatIllegalArgumentException().isThrownBy(() -> HostPattern.parse("api:99999"));
        assertThatIllegalArgumentException().isThrownBy(() -> HostPattern.parse("*"));
        assertThatIllegalArgumentException().isThrownBy(() -> HostPattern.parse(" "));
    }

    @Test
    void rejectsHeaderNamesAndBaggageKeysThatAreNotTokens() {
        assertThatIllegalArgumentException().isThrownBy(() -> new MarkerPropagation("X Shadow", "shadow", List.of()));
        assertThatIllegalArgumentException().isThrownBy(() -> new MarkerPropagation("X-Shadow", "sha dow", List.of()));
    }
}
