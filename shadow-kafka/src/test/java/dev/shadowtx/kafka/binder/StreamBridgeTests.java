package dev.shadowtx.kafka.binder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.shadowtx.audit.ChannelCoverage;
import dev.shadowtx.audit.ShadowLeakAudit;
import dev.shadowtx.core.ShadowBlockedException;
import dev.shadowtx.core.ShadowTraffic;
import dev.shadowtx.core.context.ShadowMode;
import dev.shadowtx.core.outbound.StreamBinderGuard;
import dev.shadowtx.kafka.testsupport.TopicRecords;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.cloud.stream.function.StreamBridge;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.kafka.support.KafkaHeaders;
import org.springframework.messaging.Message;
import org.springframework.messaging.MessageDeliveryException;
import org.springframework.messaging.support.MessageBuilder;

/**
 * {@code StreamBridge} in shadow: with the Kafka binder and shadow-kafka a shadow send goes to the
 * shadow twin of its topic; through a binder no module guards it is refused before the binder sees
 * it. The live twin of each case reaches the live topic.
 */
@Tag("spring-cloud-stream")
class StreamBridgeTests {

    private static final String PROPERTIES_BROKERS = "spring.kafka.bootstrap-servers=${spring.embedded.kafka.brokers}";

    private static final String BINDER_BROKERS =
            "spring.cloud.stream.kafka.binder.brokers=${spring.embedded.kafka.brokers}";

    @Nested
    @SpringBootTest(
            classes = App.class,
            properties = {"spring.main.web-application-type=none", PROPERTIES_BROKERS, BINDER_BROKERS})
    class ThroughTheGuardedKafkaBinder {

        @Autowired
        StreamBridge bridge;

        @Autowired
        ShadowLeakAudit audit;

        @Test
        void aShadowSendReachesOnlyTheShadowTopicWhileItsLiveTwinReachesTheLiveOne() {
            String shadowKey = TopicRecords.key("bridge-shadow");
            String liveKey = TopicRecords.key("bridge-live");
            ShadowTraffic.runIsolated(ShadowMode.SHADOW, () -> this.bridge.send("bridge-out", message(shadowKey)));
            this.bridge.send("bridge-out", message(liveKey));

            assertThat(TopicRecords.awaitWithKey("bridge-out", liveKey)).hasSize(1);
            assertThat(TopicRecords.awaitWithKey("bridge-out.shadow", shadowKey))
                    .singleElement()
                    .satisfies((record) ->
                            assertThat(TopicRecords.header(record, "X-Shadow")).isEqualTo("shadow"));
            assertThat(TopicRecords.withKeys("bridge-out", false, shadowKey)).isEmpty();
        }

        @Test
        void theAuditListsTheBridgeAsGuarded() {
            assertThat(this.audit.inventory().channels())
                    .filteredOn((channel) -> channel.kind().tagValue().equals("stream"))
                    .singleElement()
                    .satisfies((channel) -> assertThat(channel.coverage()).isEqualTo(ChannelCoverage.GUARDED));
        }
    }

    @Nested
    @SpringBootTest(
            classes = {App.class, UnguardedBinder.class},
            properties = {"spring.main.web-application-type=none", PROPERTIES_BROKERS, BINDER_BROKERS})
    class ThroughABinderNoModuleGuards {

        @Autowired
        StreamBridge bridge;

        @Test
        void aShadowSendIsRefusedBeforeTheBinderWhileItsLiveTwinIsSent() {
            String shadowKey = TopicRecords.key("bridge-refused");
            String liveKey = TopicRecords.key("bridge-sent");
            assertThatThrownBy(() -> ShadowTraffic.runIsolated(
                            ShadowMode.SHADOW, () -> this.bridge.send("bridge-unguarded", message(shadowKey))))
                    .isInstanceOf(MessageDeliveryException.class)
                    .rootCause()
                    .isInstanceOf(ShadowBlockedException.class)
                    .hasMessageContaining("bridge-unguarded");
            this.bridge.send("bridge-unguarded", message(liveKey));

            assertThat(TopicRecords.awaitWithKey("bridge-unguarded", liveKey)).hasSize(1);
            assertThat(TopicRecords.withKeys("bridge-unguarded", false, shadowKey))
                    .isEmpty();
            assertThat(TopicRecords.withKeys("bridge-unguarded.shadow", false, shadowKey))
                    .isEmpty();
        }
    }

    private static Message<String> message(String key) {
        return MessageBuilder.withPayload("value of " + key)
                .setHeader(KafkaHeaders.KEY, key.getBytes(StandardCharsets.UTF_8))
                .build();
    }

    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class App {

        @Bean
        NewTopic bridgeOut() {
            return TopicBuilder.name("bridge-out").partitions(1).build();
        }

        @Bean
        NewTopic bridgeOutShadow() {
            return TopicBuilder.name("bridge-out.shadow").partitions(1).build();
        }

        @Bean
        NewTopic bridgeUnguarded() {
            return TopicBuilder.name("bridge-unguarded").partitions(1).build();
        }
    }

    /**
     * Stands for a binder that no shadowtx module guards (RabbitMQ, Pulsar, ...): the Kafka
     * binder's own guard is replaced by one that guards nothing.
     */
    @Import(App.class)
    static class UnguardedBinder {

        @Bean
        StreamBinderGuard shadowKafkaStreamBinderGuard() {
            return (binder) -> false;
        }
    }
}
