package dev.shadowtx.kafka.consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.shadowtx.audit.ChannelCoverage;
import dev.shadowtx.audit.ShadowLeakAudit;
import dev.shadowtx.audit.autoconfigure.ShadowAuditAutoConfiguration;
import dev.shadowtx.autoconfigure.ShadowAutoConfiguration;
import dev.shadowtx.core.ShadowTraffic;
import dev.shadowtx.kafka.KafkaMarkers;
import dev.shadowtx.kafka.autoconfigure.ShadowKafkaAutoConfiguration;
import dev.shadowtx.kafka.testsupport.TopicRecords;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.kafka.core.ConsumerFactory;

/**
 * A poll loop of the application's own cannot have each record's context bound, so shadowtx
 * fails closed there: a {@code KafkaConsumer} bean, and a consumer taken from the consumer
 * factory outside a listener container, never hand a marked record to the loop (it would be
 * processed as live), while live records come through unchanged. A loop declared shadow-aware
 * receives marked records and binds them itself.
 */
class RawConsumerTests {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(
                    ShadowAutoConfiguration.class,
                    ShadowAuditAutoConfiguration.class,
                    KafkaAutoConfiguration.class,
                    ShadowKafkaAutoConfiguration.class))
            .withUserConfiguration(RawConsumers.class)
            .withPropertyValues(
                    "spring.kafka.bootstrap-servers=" + TopicRecords.brokers(),
                    "spring.kafka.consumer.auto-offset-reset=earliest");

    @Test
    void consumerBeanNeverHandsAMarkedRecordToThePollLoop() {
        this.runner.run((context) -> {
            KafkaConsumer<String, String> consumer = context.getBean("rawConsumer", KafkaConsumer.class);
            String shadowKey = TopicRecords.key("raw-bean-shadow");
            String liveKey = TopicRecords.key("raw-bean-live");
            TopicRecords.send("raw-consumer-orders", shadowKey, "X-Shadow", "shadow");
            TopicRecords.send("raw-consumer-orders", liveKey);

            List<String> processed = pollUntil(consumer, "raw-consumer-orders", liveKey);
            assertThat(processed).contains(liveKey).doesNotContain(shadowKey);
            assertThat(context.getBean(ShadowLeakAudit.class).inventory().channels())
                    .filteredOn((channel) -> channel.beanName().equals("rawConsumer"))
                    .singleElement()
                    .satisfies((channel) -> {
                        assertThat(channel.kind().tagValue()).isEqualTo("kafka-consumer");
                        assertThat(channel.coverage()).isEqualTo(ChannelCoverage.GUARDED);
                    });
        });
    }

    @Test
    void consumerFromTheFactoryOutsideAContainerNeverHandsAMarkedRecordToThePollLoop() {
        this.runner.run((context) -> {
            @SuppressWarnings("unchecked")
            ConsumerFactory<String, String> factory = context.getBean(ConsumerFactory.class);
            try (Consumer<String, String> consumer = factory.createConsumer("raw-factory-loop", null)) {
                String shadowKey = TopicRecords.key("raw-factory-shadow");
                String liveKey = TopicRecords.key("raw-factory-live");
                TopicRecords.send("raw-consumer-orders", shadowKey, "baggage", "shadow=synthetic");
                TopicRecords.send("raw-consumer-orders", liveKey);

                List<String> processed = pollUntil(consumer, "raw-consumer-orders", liveKey);
                assertThat(processed).contains(liveKey).doesNotContain(shadowKey);
            }
        });
    }

    @Test
    void shadowAwareConsumerBeanReceivesMarkedRecordsAndBindsTheirContext() {
        this.runner
                .withPropertyValues("shadow.kafka.consumer.shadow-aware-listeners=rawConsumer")
                .run((context) -> {
                    KafkaConsumer<String, String> consumer = context.getBean("rawConsumer", KafkaConsumer.class);
                    KafkaMarkers markers = context.getBean(KafkaMarkers.class);
                    String shadowKey = TopicRecords.key("raw-aware-shadow");
                    String liveKey = TopicRecords.key("raw-aware-live");
                    TopicRecords.send("raw-consumer-orders", shadowKey, "X-Shadow", "shadow");
                    TopicRecords.send("raw-consumer-orders", liveKey);

                    consumer.subscribe(Set.of("raw-consumer-orders"));
                    List<String> inShadow = new ArrayList<>();
                    List<String> live = new ArrayList<>();
                    await().atMost(Duration.ofSeconds(30)).until(() -> {
                        for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                            markers.runInContext(
                                    record.headers(),
                                    () -> (ShadowTraffic.isShadow() ? inShadow : live).add(record.key()));
                        }
                        return live.contains(liveKey);
                    });
                    assertThat(inShadow).containsExactly(shadowKey);
                    assertThat(live).doesNotContain(shadowKey);
                    assertThat(ShadowTraffic.isLive()).isTrue();
                });
    }

    private static List<String> pollUntil(Consumer<String, String> consumer, String topic, String lastKey) {
        consumer.subscribe(Set.of(topic));
        List<String> keys = new ArrayList<>();
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            consumer.poll(Duration.ofMillis(200)).forEach((record) -> keys.add(record.key()));
            return keys.contains(lastKey);
        });
        return keys;
    }

    @Configuration(proxyBeanMethods = false)
    static class RawConsumers {

        @Bean
        NewTopic rawConsumerOrders() {
            return TopicBuilder.name("raw-consumer-orders").partitions(1).build();
        }

        @Bean(destroyMethod = "close")
        KafkaConsumer<String, String> rawConsumer() {
            return new KafkaConsumer<>(Map.of(
                    ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                    TopicRecords.brokers(),
                    ConsumerConfig.GROUP_ID_CONFIG,
                    "raw-bean-" + System.nanoTime(),
                    ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                    "earliest",
                    ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG,
                    StringDeserializer.class,
                    ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG,
                    StringDeserializer.class));
        }
    }
}
