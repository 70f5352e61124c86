package dev.shadowtx.kafka.producer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ShadowTopicRouterTests {

    private final ShadowTopicRouter router = new ShadowTopicRouter(
            KafkaShadowAction.REROUTE,
            ".shadow",
            Map.of(
                    "payments",
                    new ShadowTopicRouter.Rule(KafkaShadowAction.DROP, null),
                    "audit",
                    new ShadowTopicRouter.Rule(null, "audit-sandbox"),
                    "events",
                    new ShadowTopicRouter.Rule(KafkaShadowAction.PROPAGATE, null)));

    @Test
    void reroutesATopicWithoutRuleToItsSuffixedTwin() {
        assertThat(this.router.route("orders")).isEqualTo(new KafkaRoute(KafkaShadowAction.REROUTE, "orders.shadow"));
    }

    @Test
    void appliesPerTopicRules() {
        assertThat(this.router.route("payments")).isEqualTo(new KafkaRoute(KafkaShadowAction.DROP, "payments"));
        assertThat(this.router.route("audit")).isEqualTo(new KafkaRoute(KafkaShadowAction.REROUTE, "audit-sandbox"));
        assertThat(this.router.route("events")).isEqualTo(new KafkaRoute(KafkaShadowAction.PROPAGATE, "events"));
    }

    @Test
    void sendsToAShadowTopicAsItIsSoThatShadowConsumersCanRepublish() {
        assertThat(this.router.route("orders.shadow"))
                .isEqualTo(new KafkaRoute(KafkaShadowAction.REROUTE, "orders.shadow"));
        assertThat(this.router.route("audit-sandbox"))
                .isEqualTo(new KafkaRoute(KafkaShadowAction.REROUTE, "audit-sandbox"));
    }

    @Test
    void defaultActionAppliesToTopicsWithoutRule() {
        ShadowTopicRouter dropping = ShadowTopicRouter.of(KafkaShadowAction.DROP);
        assertThat(dropping.route("orders")).isEqualTo(new KafkaRoute(KafkaShadowAction.DROP, "orders"));
        assertThat(dropping.route("orders.shadow").action()).isEqualTo(KafkaShadowAction.REROUTE);
    }

    @Test
    void refusesRulesThatWouldSendShadowRecordsToALiveTopic() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new ShadowTopicRouter(KafkaShadowAction.REROUTE, "", Map.of()));
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new ShadowTopicRouter(
                        KafkaShadowAction.REROUTE,
                        ".shadow",
                        Map.of("orders", new ShadowTopicRouter.Rule(null, "orders"))));
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new ShadowTopicRouter(
                        KafkaShadowAction.REROUTE,
                        ".shadow",
                        Map.of(
                                "orders",
                                new ShadowTopicRouter.Rule(null, "payments"),
                                "payments",
                                new ShadowTopicRouter.Rule(KafkaShadowAction.DROP, null))));
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new ShadowTopicRouter.Rule(KafkaShadowAction.PROPAGATE, "orders-sandbox"));
    }
}
