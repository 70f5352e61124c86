package dev.shadowtx.core.marker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

import org.junit.jupiter.api.Test;

class MarkerNamesTests {

    @Test
    void defaultsAreTheHeaderAndBaggageKeyOfTheContract() {
        assertThat(MarkerNames.DEFAULTS.header()).isEqualTo("X-Shadow");
        assertThat(MarkerNames.DEFAULTS.baggageKey()).isEqualTo("shadow");
        assertThat(MarkerNames.DEFAULTS.hasBaggageKey()).isTrue();
    }

    @Test
    void aBlankBaggageKeyMeansNoBaggage() {
        assertThat(new MarkerNames("X-Mirror", "").hasBaggageKey()).isFalse();
        assertThat(new MarkerNames("X-Mirror", "  ").hasBaggageKey()).isFalse();
    }

    @Test
    void refusesNamesThatAreNotTokens() {
        assertThatIllegalArgumentException().isThrownBy(() -> new MarkerNames("X Shadow", "shadow"));
        assertThatIllegalArgumentException().isThrownBy(() -> new MarkerNames("", "shadow"));
        assertThatIllegalArgumentException().isThrownBy(() -> new MarkerNames("X-Shadow", "sha dow"));
    }

    @Test
    void withoutTheStarterTheDefaultsServeUnlessAStarterPropertyIsSet() {
        assertThat(MarkerNames.withoutStarter((property) -> false)).isSameAs(MarkerNames.DEFAULTS);
        assertThat(MarkerNames.withoutStarter((property) -> property.startsWith("shadow.kafka")))
                .isSameAs(MarkerNames.DEFAULTS);
        assertThatIllegalStateException()
                .isThrownBy(() -> MarkerNames.withoutStarter("shadow.detection.baggage-key"::equals))
                .withMessageStartingWith("shadow.detection.baggage-key is set")
                .withMessageContaining("shadow-spring-boot-starter");
        assertThatIllegalStateException()
                .isThrownBy(() -> MarkerNames.withoutStarter("shadow.propagation.exclude-hosts[0]"::equals))
                .withMessageStartingWith("shadow.propagation.exclude-hosts is set");
    }
}
