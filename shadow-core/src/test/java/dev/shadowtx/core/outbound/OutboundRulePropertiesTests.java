package dev.shadowtx.core.outbound;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import java.net.URI;
import org.junit.jupiter.api.Test;

class OutboundRulePropertiesTests {

    private final OutboundRuleProperties properties = new OutboundRuleProperties();

    @Test
    void emptyPropertiesGiveTheDefaultRule() {
        assertThat(this.properties.toRule()).isEqualTo(OutboundRule.DEFAULT);
    }

    @Test
    void actionIsReadLikeBootReadsEnums() {
        this.properties.setAction(" block ");
        assertThat(this.properties.toRule().action()).isEqualTo(OutboundAction.BLOCK);
        this.properties.setAction("Propagate");
        assertThat(this.properties.toRule().action()).isEqualTo(OutboundAction.PROPAGATE);
    }

    @Test
    void rerouteUrlLosesItsTrailingSlash() {
        this.properties.setAction("REROUTE");
        this.properties.setUrl("http://hoverfly:8500/payments/");
        assertThat(this.properties.toRule().url()).isEqualTo(URI.create("http://hoverfly:8500/payments"));
    }

    @Test
    void unknownActionNamesTheActionField() {
        this.properties.setAction("DROP");
        assertInvalid("action", "DROP");
    }

    @Test
    void rerouteWithoutUrlNamesTheUrlField() {
        this.properties.setAction("REROUTE");
        assertInvalid("url", null);
    }

    @Test
    void malformedUrlNamesTheUrlField() {
        this.properties.setAction("REROUTE");
        this.properties.setUrl("http://exa mple:80");
        assertInvalid("url", "http://exa mple:80");
    }

    @Test
    void relativeUrlIsRejected() {
        this.properties.setAction("REROUTE");
        this.properties.setUrl("hoverfly:8500");
        assertInvalid("url", "hoverfly:8500");
    }

    @Test
    void urlWithAQueryIsRejected() {
        this.properties.setAction("REROUTE");
        this.properties.setUrl("http://hoverfly:8500/x?y=1");
        assertInvalid("url", "http://hoverfly:8500/x?y=1");
    }

    @Test
    void urlWithoutRerouteIsRejectedBecauseItWouldSendWritesLive() {
        this.properties.setAction("PROPAGATE");
        this.properties.setUrl("http://hoverfly:8500");
        assertInvalid("action", "PROPAGATE");
    }

    @Test
    void stubDefaultsToStatus200() {
        this.properties.getStub().setBody("{}");
        this.properties.getStub().setContentType("application/json");
        assertThat(this.properties.toRule().stub()).isEqualTo(new OutboundStub(200, "{}", "application/json"));
    }

    @Test
    void stubWithRerouteIsRejected() {
        this.properties.setAction("REROUTE");
        this.properties.setUrl("http://hoverfly:8500");
        this.properties.getStub().setStatus(202);
        assertInvalid("action", "REROUTE");
    }

    @Test
    void stubStatusOutOfRangeNamesTheStatusField() {
        this.properties.getStub().setStatus(99);
        assertInvalid("stub.status", 99);
    }

    @Test
    void malformedStubContentTypeNamesItsField() {
        this.properties.getStub().setContentType("json");
        assertInvalid("stub.content-type", "json");
    }

    private void assertInvalid(String field, Object value) {
        assertThatExceptionOfType(InvalidOutboundRuleException.class)
                .isThrownBy(this.properties::toRule)
                .satisfies((ex) -> {
                    assertThat(ex.getField()).isEqualTo(field);
                    assertThat(ex.getValue()).isEqualTo(value);
                });
    }
}
