package dev.shadowtx.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import dev.shadowtx.audit.autoconfigure.ShadowAuditAutoConfiguration;
import dev.shadowtx.autoconfigure.ShadowAutoConfiguration;
import dev.shadowtx.core.ShadowBlockedException;
import dev.shadowtx.core.ShadowTraffic;
import dev.shadowtx.core.context.ShadowMode;
import dev.shadowtx.kafka.autoconfigure.ShadowKafkaAutoConfiguration;
import dev.shadowtx.kafka.testsupport.TopicRecords;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.TopicBuilder;

/**
 * A Kafka {@code Producer} declared as a bean by hand escapes shadow-kafka, which guards producer
 * factories: the leak audit lists it as an uncovered {@code kafka-producer} channel and, by
 * default, refuses its calls in shadow, so no shadow record reaches the live topic through it.
 */
class RawProducerAuditTests {

    private static final String TOPIC = "raw-producer-orders";

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(
                    ShadowAutoConfiguration.class,
                    ShadowAuditAutoConfiguration.class,
                    KafkaAutoConfiguration.class,
                    ShadowKafkaAutoConfiguration.class))
            .withUserConfiguration(RawProducerConfiguration.class)
            .withPropertyValues(
                    "spring.kafka.bootstrap-servers=" + TopicRecords.brokers(),
                    "shadow.kafka.provisioning.enabled=false",
                    "shadow.kafka.topic-check.enabled=false");

    @Test
    void rawProducerIsListedUncoveredAndRefusedInShadowWhileLiveSendsGoThrough() {
        this.runner.run((context) -> {
            assertThat(context).hasNotFailed();
            ChannelInventory inventory = context.getBean(ShadowLeakAudit.class).inventory();
            assertThat(inventory.uncovered())
                    .filteredOn((channel) -> channel.beanName().equals("rawProducer"))
                    .singleElement()
                    .satisfies(
                            (channel) -> assertThat(channel.kind().tagValue()).isEqualTo("kafka-producer"));

            @SuppressWarnings("unchecked")
            Producer<String, String> producer = context.getBean("rawProducer", Producer.class);
            String shadowKey = TopicRecords.key("raw-shadow");
            String liveKey = TopicRecords.key("raw-live");
            ShadowTraffic.runIsolated(
                    ShadowMode.SHADOW,
                    () -> assertThatExceptionOfType(ShadowBlockedException.class)
                            .isThrownBy(() -> producer.send(new ProducerRecord<>(TOPIC, shadowKey, "shadow"))));
            producer.send(new ProducerRecord<>(TOPIC, liveKey, "live")).get(10, TimeUnit.SECONDS);

            assertThat(TopicRecords.withKeys(TOPIC, false, shadowKey, liveKey))
                    .extracting(ConsumerRecord::key)
                    .containsExactly(liveKey);
        });
    }

    @Test
    void acceptedRawProducerSendsInShadowToo() {
        this.runner.withPropertyValues("shadow.audit.accepted=rawProducer").run((context) -> {
            assertThat(context).hasNotFailed();
            @SuppressWarnings("unchecked")
            Producer<String, String> producer = context.getBean("rawProducer", Producer.class);
            String key = TopicRecords.key("raw-accepted");
            ShadowTraffic.runIsolated(ShadowMode.SHADOW, () -> {
                try {
                    producer.send(new ProducerRecord<>(TOPIC, key, "accepted")).get(10, TimeUnit.SECONDS);
                } catch (Exception ex) {
                    throw new IllegalStateException(ex);
                }
            });
            assertThat(TopicRecords.withKeys(TOPIC, false, key))
                    .extracting(ConsumerRecord::key)
                    .containsExactly(key);
        });
    }

    @Configuration(proxyBeanMethods = false)
    static class RawProducerConfiguration {

        @Bean
        NewTopic rawProducerTopic() {
            return TopicBuilder.name(TOPIC).partitions(1).build();
        }

        @Bean(destroyMethod = "close")
        Producer<String, String> rawProducer() {
            return new KafkaProducer<>(Map.of(
                    ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                    TopicRecords.brokers(),
                    ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG,
                    StringSerializer.class,
                    ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG,
                    StringSerializer.class));
        }
    }
}
