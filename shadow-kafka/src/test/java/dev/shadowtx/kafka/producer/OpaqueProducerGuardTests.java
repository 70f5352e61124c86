package dev.shadowtx.kafka.producer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import dev.shadowtx.audit.autoconfigure.ShadowAuditAutoConfiguration;
import dev.shadowtx.autoconfigure.ShadowAutoConfiguration;
import dev.shadowtx.core.ShadowBlockedException;
import dev.shadowtx.core.ShadowTraffic;
import dev.shadowtx.core.context.ShadowMode;
import dev.shadowtx.core.testsupport.TakenApart;
import dev.shadowtx.kafka.autoconfigure.ShadowKafkaAutoConfiguration;
import dev.shadowtx.kafka.testsupport.TopicRecords;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.springframework.aop.framework.Advised;
import org.springframework.aop.support.AopUtils;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.core.ProducerFactory;

/**
 * The Kafka guard proxies cannot be taken apart: a producer factory view, a producer bean and a
 * template that refuses to send in shadow are no Spring AOP {@code Advised}, so what a cast
 * reaches behind them in shadow is the guard itself, and no shadow record reaches the live topic.
 * The live twin, the same code unmarked, sends to the live topic.
 */
class OpaqueProducerGuardTests {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(
                    ShadowAutoConfiguration.class,
                    ShadowAuditAutoConfiguration.class,
                    KafkaAutoConfiguration.class,
                    ShadowKafkaAutoConfiguration.class))
            .withUserConfiguration(AnyProducerPathTests.ProducerPaths.class)
            .withPropertyValues("spring.kafka.bootstrap-servers=" + TopicRecords.brokers());

    @Test
    void aGuardedProducerFactoryTakenApartSendsNoShadowRecordToTheLiveTopic() {
        this.runner.run((context) -> {
            @SuppressWarnings("unchecked")
            ProducerFactory<String, String> factory = context.getBean("customFactory", ProducerFactory.class);
            assertThat(AopUtils.isAopProxy(factory)).isTrue();
            String shadowKey = TopicRecords.key("apart-factory-shadow");
            String liveKey = TopicRecords.key("apart-factory-live");
            ShadowTraffic.runIsolated(
                    ShadowMode.SHADOW, () -> send(TakenApart.reach(factory), "custom-orders", shadowKey));
            send(TakenApart.reach(factory), "custom-orders", liveKey);

            assertThat(TopicRecords.withKeys("custom-orders", false, shadowKey, liveKey))
                    .extracting(ConsumerRecord::key)
                    .containsExactly(liveKey);
            assertThat(factory).isNotInstanceOf(Advised.class);
        });
    }

    @Test
    void aGuardedProducerBeanTakenApartSendsNoShadowRecordToTheLiveTopic() {
        this.runner.run((context) -> {
            @SuppressWarnings("unchecked")
            Producer<String, String> producer = context.getBean("producerBean", Producer.class);
            assertThat(AopUtils.isAopProxy(producer)).isTrue();
            String shadowKey = TopicRecords.key("apart-producer-shadow");
            String liveKey = TopicRecords.key("apart-producer-live");
            ShadowTraffic.runIsolated(
                    ShadowMode.SHADOW, () -> send(TakenApart.reach(producer), "bean-orders", shadowKey));
            send(TakenApart.reach(producer), "bean-orders", liveKey);

            assertThat(TopicRecords.withKeys("bean-orders", false, shadowKey, liveKey))
                    .extracting(ConsumerRecord::key)
                    .containsExactly(liveKey);
            assertThat(producer).isNotInstanceOf(Advised.class);
        });
    }

    @Test
    void aTemplateThatRefusesToSendInShadowTakenApartStillRefuses() {
        this.runner.run((context) -> {
            @SuppressWarnings("unchecked")
            KafkaTemplate<String, String> template = context.getBean("unguardableTemplate", KafkaTemplate.class);
            assertThat(AopUtils.isAopProxy(template)).isTrue();
            String shadowKey = TopicRecords.key("apart-template-shadow");
            String liveKey = TopicRecords.key("apart-template-live");
            ShadowTraffic.runIsolated(
                    ShadowMode.SHADOW,
                    () -> assertThatExceptionOfType(ShadowBlockedException.class)
                            .isThrownBy(
                                    () -> TakenApart.reach(template).send("unguardable-orders", shadowKey, "shadow")));
            TakenApart.reach(template)
                    .send("unguardable-orders", liveKey, "live")
                    .get(10, TimeUnit.SECONDS);

            assertThat(TopicRecords.withKeys("unguardable-orders", false, shadowKey, liveKey))
                    .extracting(ConsumerRecord::key)
                    .containsExactly(liveKey);
            assertThat(template).isNotInstanceOf(Advised.class);
        });
    }

    private static void send(ProducerFactory<String, String> factory, String topic, String key) {
        try (Producer<String, String> producer = factory.createProducer()) {
            send(producer, topic, key);
        }
    }

    private static void send(Producer<String, String> producer, String topic, String key) {
        try {
            producer.send(new ProducerRecord<>(topic, key, key)).get(10, TimeUnit.SECONDS);
        } catch (Exception ex) {
            throw new IllegalStateException(ex);
        }
    }
}
