package dev.shadowtx.core.outbound;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shadowtx.core.ShadowBlockedException;
import dev.shadowtx.core.context.MarkerSource;
import dev.shadowtx.core.context.ShadowContext;
import dev.shadowtx.core.context.ShadowMode;
import dev.shadowtx.core.metrics.ShadowRecorder;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class OutboundPolicyTests {

    private static final ShadowContext SHADOW = ShadowContext.of(ShadowMode.SHADOW, MarkerSource.HEADER);

    private final List<String> recorded = new ArrayList<>();

    private final ShadowRecorder recorder = new ShadowRecorder() {

        @Override
        public void outboundDecision(String channel, String action, String destination) {
            OutboundPolicyTests.this.recorded.add(channel + " " + action + " " + destination);
        }
    };

    @ParameterizedTest
    @ValueSource(strings = {"GET", "HEAD", "OPTIONS", "get"})
    void readsPropagateByDefault(String method) {
        OutboundDecision decision = policy(OutboundRuleLookup.NONE)
                .decide(SHADOW, OutboundCall.of(method, URI.create("http://payments/charges")));
        assertThat(decision.action()).isEqualTo(OutboundAction.PROPAGATE);
        assertThat(decision.target()).isEqualTo(URI.create("http://payments/charges"));
        assertThat(decision.marked()).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"POST", "PUT", "PATCH", "DELETE", "TRACE", "PROPFIND"})
    void everyOtherMethodIsBlockedByDefault(String method) {
        OutboundDecision decision = policy(OutboundRuleLookup.NONE)
                .decide(SHADOW, OutboundCall.of(method, URI.create("http://payments/charges?card=4111")));
        assertThat(decision.isBlocked()).isTrue();
        assertThat(decision.outcome()).isEqualTo("block");
        ShadowBlockedException exception = decision.toException();
        assertThat(exception.getChannel()).isEqualTo("http");
        assertThat(exception.getTarget()).isEqualTo(method + " http://payments/charges");
    }

    @Test
    void everyDecisionIsRecordedWithoutTheQuery() {
        OutboundPolicy policy = policy(OutboundRuleLookup.NONE);
        policy.decide(SHADOW, OutboundCall.of("GET", URI.create("http://payments:8080/charges?card=4111")));
        policy.decide(SHADOW, OutboundCall.of("POST", URI.create("http://payments:8080/charges")));
        assertThat(this.recorded)
                .containsExactly(
                        "http propagate GET http://payments:8080/charges",
                        "http block POST http://payments:8080/charges");
    }

    @Test
    void rerouteKeepsPathAndQueryAndReplacesSchemeHostPortAndBasePath() {
        OutboundRule rule = new OutboundRule(OutboundAction.REROUTE, URI.create("https://hoverfly:8500/mock"), null);
        OutboundDecision decision = policy((call) -> rule)
                .decide(
                        SHADOW,
                        OutboundCall.of("POST", URI.create("http://payments:8080/v1/charges?currency=EUR&x=%20")));
        assertThat(decision.action()).isEqualTo(OutboundAction.REROUTE);
        assertThat(decision.target()).isEqualTo(URI.create("https://hoverfly:8500/mock/v1/charges?currency=EUR&x=%20"));
        assertThat(this.recorded).containsExactly("http reroute POST http://payments:8080/v1/charges");
    }

    @Test
    void rerouteReplacesTheClientBasePath() {
        URI rerouted = OutboundPolicy.reroute(
                URI.create("http://payments/v1/charges/7?a=b"), "/v1/", URI.create("http://double:9000/mock"));
        assertThat(rerouted).isEqualTo(URI.create("http://double:9000/mock/charges/7?a=b"));
    }

    @Test
    void rerouteDoesNotCutAPathThatOnlyStartsLikeTheBasePath() {
        URI rerouted = OutboundPolicy.reroute(
                URI.create("http://payments/v10/charges"), "/v1", URI.create("http://double:9000"));
        assertThat(rerouted).isEqualTo(URI.create("http://double:9000/v10/charges"));
    }

    @Test
    void rerouteOfTheRootKeepsTheTargetBasePath() {
        assertThat(OutboundPolicy.reroute(URI.create("http://payments"), "", URI.create("http://double:9000/mock")))
                .isEqualTo(URI.create("http://double:9000/mock"));
    }

    @Test
    void blockAppliesToReadsToo() {
        OutboundRule rule = new OutboundRule(OutboundAction.BLOCK, null, null);
        assertThat(policy((call) -> rule)
                        .decide(SHADOW, OutboundCall.of("GET", URI.create("http://x/y")))
                        .isBlocked())
                .isTrue();
    }

    @Test
    void propagateAppliesToWritesToo() {
        OutboundRule rule = new OutboundRule(OutboundAction.PROPAGATE, null, null);
        assertThat(policy((call) -> rule)
                        .decide(SHADOW, OutboundCall.of("DELETE", URI.create("http://x/y")))
                        .action())
                .isEqualTo(OutboundAction.PROPAGATE);
    }

    @Test
    void stubAnswersWhatTheDefaultBlocksAndLetsReadsThrough() {
        OutboundStub stub = new OutboundStub(202, "{\"id\":\"shadow\"}", "application/json");
        OutboundRule rule = new OutboundRule(null, null, stub);
        OutboundPolicy policy = policy((call) -> rule);
        OutboundDecision write = policy.decide(SHADOW, OutboundCall.of("POST", URI.create("http://x/y")));
        assertThat(write.isBlocked()).isTrue();
        assertThat(write.stub()).isEqualTo(stub);
        assertThat(write.outcome()).isEqualTo("stub");
        OutboundDecision read = policy.decide(SHADOW, OutboundCall.of("GET", URI.create("http://x/y")));
        assertThat(read.action()).isEqualTo(OutboundAction.PROPAGATE);
        assertThat(read.stub()).isNull();
    }

    @Test
    void stubAClientCannotAnswerIsBlockedAndRecordedAsBlockWithTheReason() {
        OutboundStub stub = new OutboundStub(202, "{}", "application/json");
        OutboundPolicy policy = policy((call) -> new OutboundRule(null, null, stub));
        OutboundDecision decision =
                policy.decide(SHADOW, OutboundCall.of("POST", URI.create("http://x/y")), false, true);
        assertThat(decision.isBlocked()).isTrue();
        assertThat(decision.stub()).isNull();
        assertThat(decision.outcome()).isEqualTo("block");
        assertThat(this.recorded)
                .containsExactly("http block POST http://x/y (refused: the client cannot answer with the stub)");
    }

    @Test
    void rerouteAClientCannotCarryOutIsBlockedAndRecordedAsBlockWithTheReason() {
        OutboundRule rule = new OutboundRule(OutboundAction.REROUTE, URI.create("http://double:8500/mock"), null);
        OutboundPolicy policy = policy((call) -> rule);
        OutboundDecision refused =
                policy.decide(SHADOW, OutboundCall.of("POST", URI.create("http://x/y")), true, false);
        assertThat(refused.isBlocked()).isTrue();
        assertThat(refused.target()).isEqualTo(URI.create("http://x/y"));
        OutboundDecision carried = policy.decide(SHADOW, OutboundCall.of("POST", URI.create("http://x/y")), true, true);
        assertThat(carried.action()).isEqualTo(OutboundAction.REROUTE);
        assertThat(this.recorded)
                .containsExactly(
                        "http block POST http://x/y (refused: the client cannot reroute the call)",
                        "http reroute POST http://x/y");
    }

    @Test
    void rerouteToThePlannedUrlAndPropagationNeedNoAbility() {
        OutboundRule rule = new OutboundRule(OutboundAction.REROUTE, URI.create("http://x"), null);
        OutboundDecision same =
                policy((call) -> rule).decide(SHADOW, OutboundCall.of("POST", URI.create("http://x/y")), false, false);
        assertThat(same.action()).isEqualTo(OutboundAction.REROUTE);
        OutboundDecision read = policy(OutboundRuleLookup.NONE)
                .decide(SHADOW, OutboundCall.of("GET", URI.create("http://x/y")), false, false);
        assertThat(read.action()).isEqualTo(OutboundAction.PROPAGATE);
        assertThat(this.recorded).containsExactly("http reroute POST http://x/y", "http propagate GET http://x/y");
    }

    @Test
    void excludedHostsAreNotMarked() {
        MarkerPropagation propagation =
                new MarkerPropagation("X-Shadow", "shadow", List.of(HostPattern.parse("*.stripe.com")));
        OutboundPolicy policy = new OutboundPolicy("http", OutboundRuleLookup.NONE, propagation, () -> this.recorder);
        assertThat(policy.decide(SHADOW, OutboundCall.of("GET", URI.create("https://api.stripe.com/v1")))
                        .marked())
                .isFalse();
        assertThat(policy.decide(SHADOW, OutboundCall.of("GET", URI.create("https://payments/v1")))
                        .marked())
                .isTrue();
    }

    @Test
    void exclusionIsJudgedOnTheReroutedDestination() {
        MarkerPropagation propagation =
                new MarkerPropagation("X-Shadow", "shadow", List.of(HostPattern.parse("payments")));
        OutboundRule rule = new OutboundRule(OutboundAction.REROUTE, URI.create("http://double:9000"), null);
        OutboundPolicy policy = new OutboundPolicy("http", (call) -> rule, propagation, () -> this.recorder);
        assertThat(policy.decide(SHADOW, OutboundCall.of("POST", URI.create("http://payments/x")))
                        .marked())
                .isTrue();
    }

    @Test
    void hostRulesPreferTheMostSpecificPattern() {
        OutboundRule portRule = new OutboundRule(OutboundAction.PROPAGATE, null, null);
        OutboundRule hostRule = new OutboundRule(OutboundAction.BLOCK, null, null);
        OutboundRule wildcardRule = new OutboundRule(OutboundAction.REROUTE, URI.create("http://double"), null);
        HostRules rules = new HostRules(Map.of(
                HostPattern.parse("*.example.com"),
                wildcardRule,
                HostPattern.parse("api.example.com"),
                hostRule,
                HostPattern.parse("api.example.com:8443"),
                portRule));
        assertThat(rules.ruleFor(OutboundCall.of("GET", URI.create("https://API.example.com:8443/x"))))
                .isSameAs(portRule);
        assertThat(rules.ruleFor(OutboundCall.of("GET", URI.create("https://api.example.com/x"))))
                .isSameAs(hostRule);
        assertThat(rules.ruleFor(OutboundCall.of("GET", URI.create("https://www.example.com/x"))))
                .isSameAs(wildcardRule);
        assertThat(rules.ruleFor(OutboundCall.of("GET", URI.create("https://example.com/x"))))
                .isSameAs(OutboundRule.DEFAULT);
    }

    @Test
    void hostPatternWithPortMatchesTheSchemeDefaultPort() {
        OutboundRule rule = new OutboundRule(OutboundAction.BLOCK, null, null);
        HostRules rules = new HostRules(Map.of(HostPattern.parse("api.example.com:443"), rule));
        assertThat(rules.ruleFor(OutboundCall.of("GET", URI.create("https://api.example.com/x"))))
                .isSameAs(rule);
        assertThat(rules.ruleFor(OutboundCall.of("GET", URI.create("http://api.example.com/x"))))
                .isSameAs(OutboundRule.DEFAULT);
    }

    @Test
    void namedRulesIgnoreCase() {
        OutboundRule rule = new OutboundRule(OutboundAction.BLOCK, null, null);
        OutboundRuleLookup rules = OutboundRuleLookup.byName(Map.of("Payments", rule));
        assertThat(rules.ruleFor(new OutboundCall("GET", URI.create("http://x"), "payments", "")))
                .isSameAs(rule);
        assertThat(rules.ruleFor(OutboundCall.of("GET", URI.create("http://payments"))))
                .isSameAs(OutboundRule.DEFAULT);
    }

    private OutboundPolicy policy(OutboundRuleLookup rules) {
        return new OutboundPolicy("http", rules, MarkerPropagation.defaults(), () -> this.recorder);
    }
}
