package dev.shadowtx.audit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shadowtx.audit.autoconfigure.ShadowAuditAutoConfiguration;
import dev.shadowtx.autoconfigure.ShadowAutoConfiguration;
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
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.TopicBuilder;

/**
 * A Kafka {@code Producer} declared as a bean by hand (here by its interface) gets the guard a
 * producer factory's producers get: the leak audit lists it as a covered {@code kafka-producer}
 * channel, its shadow records go to the shadow topic with the marker, never to the live one, and
 * its live twin reaches the live topic unchanged. Accepting the bean changes nothing: a guarded
 * bean stays guarded.
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
            .withPropertyValues("spring.kafka.bootstrap-servers=" + TopicRecords.brokers());

    @Test
    void rawProducerIsListedGuardedAndReroutesShadowRecordsWhileLiveSendsGoThrough() {
        this.runner.run((context) -> assertGuarded(context.getBean(ShadowLeakAudit.class), producer(context)));
    }

    @Test
    void acceptedRawProducerStaysGuarded() {
        this.runner
                .withPropertyValues("shadow.audit.accepted=rawProducer")
                .run((context) -> assertGuarded(context.getBean(ShadowLeakAudit.class), producer(context)));
    }

    private static void assertGuarded(ShadowLeakAudit audit, Producer<String, String> producer) throws Exception {
        assertThat(audit.inventory().channels())
                .filteredOn((channel) -> channel.beanName().equals("rawProducer"))
                .singleElement()
                .satisfies((channel) -> {
                    assertThat(channel.kind().tagValue()).isEqualTo("kafka-producer");
                    assertThat(channel.coverage()).isEqualTo(ChannelCoverage.GUARDED);
                });
        String shadowKey = TopicRecords.key("raw-shadow");
        String liveKey = TopicRecords.key("raw-live");
        ShadowTraffic.runIsolated(ShadowMode.SHADOW, () -> {
            try {
                producer.send(new ProducerRecord<>(TOPIC, shadowKey, "shadow")).get(10, TimeUnit.SECONDS);
            } catch (Exception ex) {
                throw new IllegalStateException(ex);
            }
        });
        producer.send(new ProducerRecord<>(TOPIC, liveKey, "live")).get(10, TimeUnit.SECONDS);

        assertThat(TopicRecords.withKeys(TOPIC, false, shadowKey, liveKey))
                .extracting(ConsumerRecord::key)
                .containsExactly(liveKey);
        assertThat(TopicRecords.withKeys(TOPIC + ".shadow", false, shadowKey))
                .singleElement()
                .satisfies((record) ->
                        assertThat(TopicRecords.header(record, "X-Shadow")).isEqualTo("shadow"));
    }

    @SuppressWarnings("unchecked")
    private static Producer<String, String> producer(ApplicationContext context) {
        return context.getBean("rawProducer", Producer.class);
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
