package dev.shadowtx.core.outbound;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shadowtx.core.context.MarkerSource;
import dev.shadowtx.core.context.ShadowContext;
import dev.shadowtx.core.context.ShadowMode;
import dev.shadowtx.core.metrics.ShadowRecorder;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RedirectDecisionTests {

    private static final ShadowContext SHADOW = ShadowContext.of(ShadowMode.SHADOW, MarkerSource.HEADER);

    private final List<String> recorded = new ArrayList<>();

    private final OutboundPolicy policy = new OutboundPolicy(
            "http",
            new HostRules(Map.of(
                    HostPattern.parse("double"), new OutboundRule(OutboundAction.PROPAGATE, null, null),
                    HostPattern.parse("ledger"),
                            new OutboundRule(OutboundAction.REROUTE, URI.create("http://double/mock"), null))),
            new MarkerPropagation("X-Shadow", "shadow", List.of(HostPattern.parse("maps"))),
            () -> new ShadowRecorder() {

                @Override
                public void outboundDecision(String channel, String action, String destination) {
                    RedirectDecisionTests.this.recorded.add(channel + " " + action + " " + destination);
                }
            });

    private OutboundDecision post() {
        return this.policy.decide(SHADOW, OutboundCall.of("POST", URI.create("http://double/charges")));
    }

    @Test
    void redirectOfAWriteToAHostWithoutARuleIsBlockedAndRecorded() {
        OutboundDecision next = this.policy.decideRedirect(post(), 307, URI.create("http://payments/charges"));
        assertThat(next.isBlocked()).isTrue();
        assertThat(next.toException().getTarget()).isEqualTo("POST http://payments/charges");
        assertThat(this.recorded).last().isEqualTo("http block redirect to POST http://payments/charges");
    }

    @Test
    void redirectToTheSameOriginFollowsAsTheCallDid() {
        OutboundDecision next = this.policy.decideRedirect(post(), 308, URI.create("http://double:80/v2/charges"));
        assertThat(next.action()).isEqualTo(OutboundAction.PROPAGATE);
        assertThat(next.target()).isEqualTo(URI.create("http://double:80/v2/charges"));
        assertThat(next.call().method()).isEqualTo("POST");
    }

    @Test
    void redirectToARerouteDestinationGoesToItsTestDouble() {
        OutboundDecision next = this.policy.decideRedirect(post(), 307, URI.create("http://ledger/entries?x=1"));
        assertThat(next.action()).isEqualTo(OutboundAction.REROUTE);
        assertThat(next.target()).isEqualTo(URI.create("http://double/mock/entries?x=1"));
    }

    @Test
    void seeOtherTurnsTheWriteIntoAReadThatTheDefaultLetsThrough() {
        OutboundDecision next = this.policy.decideRedirect(post(), 303, URI.create("http://payments/orders/7"));
        assertThat(next.call().method()).isEqualTo("GET");
        assertThat(next.action()).isEqualTo(OutboundAction.PROPAGATE);
    }

    @ParameterizedTest
    @CsvSource({
        "301, POST, GET, false",
        "302, POST, GET, false",
        "301, PUT, PUT, true",
        "302, DELETE, DELETE, true",
        "303, PUT, GET, false",
        "303, HEAD, HEAD, false",
        "307, POST, POST, true",
        "308, PATCH, PATCH, true",
        "307, GET, GET, false"
    })
    void methodAndBodyAfterARedirect(int status, String method, String next, boolean keepsBody) {
        assertThat(Redirects.methodAfter(status, method)).isEqualTo(next);
        assertThat(Redirects.keepsBody(status, method)).isEqualTo(keepsBody);
    }

    @Test
    void locationIsResolvedAgainstTheAnsweringUrlAndIgnoredWhenUnusable() {
        URI current = URI.create("http://double/a/b");
        assertThat(Redirects.location(current, "../c?d=1")).isEqualTo(URI.create("http://double/c?d=1"));
        assertThat(Redirects.location(current, "https://live/x")).isEqualTo(URI.create("https://live/x"));
        assertThat(Redirects.location(current, null)).isNull();
        assertThat(Redirects.location(current, " ")).isNull();
        assertThat(Redirects.location(current, "http://bad host/")).isNull();
    }

    @Test
    void nextRequestDropsTheBodyHeadersAndCredentialsAcrossOriginsAndErasesTheMarkerForExcludedHosts() {
        OutboundDecision previous = post();
        OutboundDecision next = this.policy.decideRedirect(previous, 303, URI.create("http://maps/tiles"));
        Map<String, List<String>> headers = new LinkedHashMap<>();
        headers.put("Content-Type", List.of("application/json"));
        headers.put("Authorization", List.of("Bearer t"));
        headers.put("X-Shadow", List.of("shadow"));
        headers.put("X-Request", List.of("1"));
        this.policy.prepareRedirect(previous, next, 303, new MapHeaders(headers));
        assertThat(headers).containsOnlyKeys("X-Request");
    }

    /**
     * Headers in a map, for the propagation to write on.
     */
    private record MapHeaders(Map<String, List<String>> map) implements MarkerPropagation.HeaderAccess {

        @Override
        public List<String> values(String name) {
            return this.map.getOrDefault(name, List.of());
        }

        @Override
        public void set(String name, String value) {
            this.map.put(name, List.of(value));
        }

        @Override
        public void remove(String name) {
            this.map.remove(name);
        }
    }
}
