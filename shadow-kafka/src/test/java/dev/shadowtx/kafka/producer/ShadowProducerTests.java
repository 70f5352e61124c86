package dev.shadowtx.kafka.producer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;

import dev.shadowtx.core.context.MarkerSource;
import dev.shadowtx.core.context.ShadowContext;
import dev.shadowtx.core.context.ShadowContextHolder;
import dev.shadowtx.core.context.ShadowMode;
import dev.shadowtx.kafka.testsupport.TopicRecords;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Bean;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.core.ProducerFactory;
import org.springframework.kafka.support.SendResult;

@SpringBootTest(
        classes = ShadowProducerTests.App.class,
        properties = {
            "spring.main.web-application-type=none", "spring.kafka.bootstrap-servers=${spring.embedded.kafka.brokers}",
            "spring.kafka.producer.properties.max.block.ms=30000", "shadow.kafka.topics.payments.action=DROP",
            "shadow.kafka.topics.audit.target=audit-sandbox", "shadow.kafka.topics[events.v1].action=PROPAGATE"
        })
class ShadowProducerTests {

    @Autowired
    KafkaTemplate<String, String> template;

    @Autowired
    ProducerFactory<String, String> producerFactory;

    @Autowired
    KafkaAdmin admin;

    @Autowired
    SimpleMeterRegistry registry;

    @Test
    void liveSendReachesTheLiveTopicWithoutMarker() throws Exception {
        String key = TopicRecords.key("live");
        this.template.send("orders", key, "live order").get(10, TimeUnit.SECONDS);

        List<ConsumerRecord<String, String>> onOrders = TopicRecords.withKeys("orders", false, key);
        assertThat(onOrders).singleElement().satisfies((record) -> {
            assertThat(record.value()).isEqualTo("live order");
            assertThat(record.headers().lastHeader("X-Shadow")).isNull();
        });
        assertThat(TopicRecords.withKeys("orders.shadow", false, key)).isEmpty();
    }

    @Test
    void shadowSendIsReroutedToTheShadowTopicWithTheMarkerAndNeverReachesTheLiveTopic() throws Exception {
        String key = TopicRecords.key("shadow");
        inShadow(ShadowMode.SHADOW, () -> this.template.send("orders", key, "mirrored order"));

        assertThat(TopicRecords.withKeys("orders", false, key)).isEmpty();
        assertThat(TopicRecords.withKeys("orders.shadow", false, key))
                .singleElement()
                .satisfies((record) -> {
                    assertThat(record.value()).isEqualTo("mirrored order");
                    assertThat(TopicRecords.header(record, "X-Shadow")).isEqualTo("shadow");
                });
    }

    @Test
    void syntheticSendCarriesTheSyntheticMarker() throws Exception {
        String key = TopicRecords.key("synthetic");
        inShadow(ShadowMode.SYNTHETIC, () -> this.template.send("orders", key, "test order"));

        assertThat(TopicRecords.withKeys("orders.shadow", false, key))
                .singleElement()
                .satisfies((record) ->
                        assertThat(TopicRecords.header(record, "X-Shadow")).isEqualTo("synthetic"));
    }

    @Test
    void droppedShadowSendReachesNoTopicAndItsFutureCompletesAndIsCounted() throws Exception {
        String key = TopicRecords.key("drop");
        double before = outbound("drop");
        SendResult<String, String> result =
                inShadow(ShadowMode.SHADOW, () -> this.template.send("payments", key, "charge 10 EUR"));

        assertThat(result.getRecordMetadata().hasOffset()).isFalse();
        assertThat(TopicRecords.withKeys("payments", false, key)).isEmpty();
        assertThat(this.admin.describeTopics("payments")).containsKey("payments");
        assertThat(topicNames()).doesNotContain("payments.shadow");
        assertThat(outbound("drop")).isEqualTo(before + 1);
    }

    @Test
    void perTopicTargetIsHonoured() throws Exception {
        String key = TopicRecords.key("target");
        inShadow(ShadowMode.SHADOW, () -> this.template.send("audit", key, "audit entry"));

        assertThat(TopicRecords.withKeys("audit", false, key)).isEmpty();
        assertThat(TopicRecords.withKeys("audit-sandbox", false, key))
                .singleElement()
                .satisfies((record) ->
                        assertThat(TopicRecords.header(record, "X-Shadow")).isEqualTo("shadow"));
    }

    @Test
    void propagatedShadowSendKeepsItsTopicAndCarriesTheMarker() throws Exception {
        String key = TopicRecords.key("propagate");
        inShadow(ShadowMode.SHADOW, () -> this.template.send("events.v1", key, "event"));

        assertThat(TopicRecords.withKeys("events.v1", false, key))
                .singleElement()
                .satisfies((record) ->
                        assertThat(TopicRecords.header(record, "X-Shadow")).isEqualTo("shadow"));
    }

    @Test
    void sendOfAProducerRecordWithAnExplicitPartitionIsReroutedAndTheCallersRecordIsUntouched() throws Exception {
        String key = TopicRecords.key("record");
        ProducerRecord<String, String> record = new ProducerRecord<>("orders", 0, key, "explicit partition");
        inShadow(ShadowMode.SHADOW, () -> this.template.send(record));

        assertThat(record.headers().toArray()).isEmpty();
        assertThat(TopicRecords.withKeys("orders", false, key)).isEmpty();
        assertThat(TopicRecords.withKeys("orders.shadow", false, key)).hasSize(1);
    }

    @Test
    void rawProducerFromTheFactoryIsGuardedToo() throws Exception {
        String key = TopicRecords.key("raw");
        try (Producer<String, String> producer = this.producerFactory.createProducer();
                ShadowContextHolder.Scope scope =
                        ShadowContextHolder.bind(ShadowContext.of(ShadowMode.SHADOW, MarkerSource.PROGRAMMATIC))) {
            producer.send(new ProducerRecord<>("orders", key, "raw send")).get(10, TimeUnit.SECONDS);
        }

        assertThat(TopicRecords.withKeys("orders", false, key)).isEmpty();
        assertThat(TopicRecords.withKeys("orders.shadow", false, key)).hasSize(1);
    }

    @Test
    void shadowSendToATopicWithoutShadowTopicFailsAtOnceInsteadOfBlocking() throws Exception {
        long start = System.nanoTime();
        assertThatException()
                .isThrownBy(() -> inShadow(ShadowMode.SHADOW, () -> this.template.send("undeclared", "k", "v")))
                .havingRootCause()
                .isInstanceOf(ShadowTopicMissingException.class)
                .withMessageContaining("'undeclared.shadow'")
                .withMessageContaining("shadow.kafka.topics[undeclared].action=DROP");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
        assertThat(topicNames()).doesNotContain("undeclared", "undeclared.shadow");
    }

    @Test
    void topicsDeclaredInAKafkaAdminNewTopicsBeanGetTheirShadowTwinWithTheirPartitions() throws Exception {
        assertThat(topicNames()).contains("invoices", "invoices.shadow");
        assertThat(this.admin
                        .describeTopics("invoices.shadow")
                        .get("invoices.shadow")
                        .partitions())
                .hasSize(3);
    }

    @Test
    void shadowTopicsAreProvisionedForDeclaredTopicsAndRerouteRulesWithTheLiveTopicsPartitions() throws Exception {
        assertThat(topicNames())
                .contains("orders.shadow", "audit-sandbox")
                .doesNotContain("payments.shadow", "events.v1.shadow");
        assertThat(this.admin
                        .describeTopics("orders.shadow")
                        .get("orders.shadow")
                        .partitions())
                .hasSize(2);
    }

    private java.util.Set<String> topicNames() throws Exception {
        try (org.apache.kafka.clients.admin.Admin client =
                org.apache.kafka.clients.admin.Admin.create(this.admin.getConfigurationProperties())) {
            return client.listTopics().names().get(10, TimeUnit.SECONDS);
        }
    }

    private double outbound(String action) {
        var counter = this.registry
                .find("shadow.outbound")
                .tags("channel", "kafka", "action", action)
                .counter();
        return (counter != null) ? counter.count() : 0;
    }

    static <T> T inShadow(ShadowMode mode, Sender<T> sender) throws Exception {
        try (ShadowContextHolder.Scope scope =
                ShadowContextHolder.bind(ShadowContext.of(mode, MarkerSource.PROGRAMMATIC))) {
            return sender.send().get(10, TimeUnit.SECONDS);
        }
    }

    interface Sender<T> {

        java.util.concurrent.Future<T> send() throws Exception;
    }

    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class App {

        @Bean
        SimpleMeterRegistry meterRegistry() {
            return new SimpleMeterRegistry();
        }

        @Bean
        KafkaAdmin.NewTopics liveTopics() {
            return new KafkaAdmin.NewTopics(
                    TopicBuilder.name("payments").build(),
                    TopicBuilder.name("audit").build(),
                    TopicBuilder.name("events.v1").build(),
                    TopicBuilder.name("invoices").partitions(3).build());
        }

        @Bean
        NewTopic orders() {
            return TopicBuilder.name("orders").partitions(2).build();
        }
    }
}
