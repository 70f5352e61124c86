package dev.shadowtx.kafka.producer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import dev.shadowtx.audit.ChannelCoverage;
import dev.shadowtx.audit.ShadowLeakAudit;
import dev.shadowtx.audit.autoconfigure.ShadowAuditAutoConfiguration;
import dev.shadowtx.autoconfigure.ShadowAutoConfiguration;
import dev.shadowtx.core.ShadowBlockedException;
import dev.shadowtx.core.ShadowExempt;
import dev.shadowtx.core.ShadowTraffic;
import dev.shadowtx.core.context.ShadowMode;
import dev.shadowtx.kafka.autoconfigure.ShadowKafkaAutoConfiguration;
import dev.shadowtx.kafka.testsupport.TopicRecords;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.core.ProducerFactory;
import org.springframework.kafka.core.RoutingKafkaTemplate;

/**
 * Every way an application builds a producer path sends shadow records by the shadow policy, or
 * refuses them, never to the live topic: a {@code KafkaTemplate} bean over a factory built inline,
 * each factory of a {@code RoutingKafkaTemplate}, a {@code KafkaProducer} declared as a bean
 * itself (still injectable by its class), a {@code ProducerFactory} bean that is not a
 * {@code DefaultKafkaProducerFactory}, and a template over an inline factory that refuses
 * post-processors. Each has its live twin, which reaches the live topic unchanged. A factory of
 * shadowtx's own ({@link ShadowExempt}) keeps its destination.
 */
class AnyProducerPathTests {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(
                    ShadowAutoConfiguration.class,
                    ShadowAuditAutoConfiguration.class,
                    KafkaAutoConfiguration.class,
                    ShadowKafkaAutoConfiguration.class))
            .withUserConfiguration(ProducerPaths.class)
            .withPropertyValues("spring.kafka.bootstrap-servers=" + TopicRecords.brokers());

    @Test
    void templateOverAnInlineFactoryReroutesShadowRecordsAndSendsLiveOnesUnchanged() {
        this.runner.run((context) -> {
            KafkaTemplate<String, String> template = template(context, "inlineTemplate");
            assertReroutedInShadowAndLiveUnchanged(template, "inline-orders");
        });
    }

    @Test
    void routingTemplateReroutesShadowRecordsOfEveryFactory() {
        this.runner.run((context) -> {
            KafkaTemplate<String, String> template = template(context, "routingTemplate");
            assertReroutedInShadowAndLiveUnchanged(template, "routed-audit");
            assertReroutedInShadowAndLiveUnchanged(template, "routed-orders");
        });
    }

    @Test
    void producerFactoryBeanThatRefusesPostProcessorsStillHandsOutGuardedProducers() {
        this.runner.run((context) -> {
            assertThat(context.getBean("customFactory"))
                    .isInstanceOf(ProducerFactoryGuard.GuardedProducerFactory.class);
            KafkaTemplate<String, String> template = template(context, "customFactoryTemplate");
            assertReroutedInShadowAndLiveUnchanged(template, "custom-orders");
        });
    }

    @Test
    void templateOverAnUnguardableInlineFactoryRefusesToSendInShadow() {
        this.runner.run((context) -> {
            KafkaTemplate<String, String> template = template(context, "unguardableTemplate");
            String shadowKey = TopicRecords.key("unguardable-shadow");
            String liveKey = TopicRecords.key("unguardable-live");
            ShadowTraffic.runIsolated(
                    ShadowMode.SHADOW,
                    () -> assertThatExceptionOfType(ShadowBlockedException.class)
                            .isThrownBy(() -> template.send("unguardable-orders", shadowKey, "shadow")));
            template.send("unguardable-orders", liveKey, "live").get(10, TimeUnit.SECONDS);

            assertThat(TopicRecords.withKeys("unguardable-orders", false, shadowKey, liveKey))
                    .extracting(ConsumerRecord::key)
                    .containsExactly(liveKey);
        });
    }

    @Test
    void producerDeclaredAsABeanReroutesShadowRecordsAndSendsLiveOnesUnchanged() {
        this.runner.run((context) -> {
            @SuppressWarnings("unchecked")
            KafkaProducer<String, String> producer = context.getBean("producerBean", KafkaProducer.class);
            String shadowKey = TopicRecords.key("bean-orders-shadow");
            String liveKey = TopicRecords.key("bean-orders-live");
            ShadowTraffic.runIsolated(ShadowMode.SHADOW, () -> {
                try {
                    producer.send(new ProducerRecord<>("bean-orders", shadowKey, "shadow"))
                            .get(10, TimeUnit.SECONDS);
                } catch (Exception ex) {
                    throw new IllegalStateException(ex);
                }
            });
            producer.send(new ProducerRecord<>("bean-orders", liveKey, "live")).get(10, TimeUnit.SECONDS);

            assertThat(TopicRecords.withKeys("bean-orders", false, shadowKey, liveKey))
                    .singleElement()
                    .satisfies((record) -> {
                        assertThat(record.key()).isEqualTo(liveKey);
                        assertThat(TopicRecords.header(record, "X-Shadow")).isNull();
                    });
            assertThat(TopicRecords.withKeys("bean-orders.shadow", false, shadowKey))
                    .singleElement()
                    .satisfies((record) ->
                            assertThat(TopicRecords.header(record, "X-Shadow")).isEqualTo("shadow"));
            assertThat(context.getBean(ShadowLeakAudit.class).inventory().channels())
                    .filteredOn((channel) -> channel.beanName().equals("producerBean"))
                    .singleElement()
                    .satisfies((channel) -> {
                        assertThat(channel.kind().tagValue()).isEqualTo("kafka-producer");
                        assertThat(channel.coverage()).isEqualTo(ChannelCoverage.GUARDED);
                    });
        });
    }

    @Test
    void exemptFactoryOfShadowtxKeepsItsDestinationInShadow() {
        this.runner.run((context) -> {
            KafkaTemplate<String, String> template = template(context, "exemptTemplate");
            String key = TopicRecords.key("exempt");
            ShadowTraffic.runIsolated(ShadowMode.SHADOW, () -> sendAndWait(template, "exchanges", key));

            assertThat(TopicRecords.withKeys("exchanges", false, key))
                    .singleElement()
                    .satisfies((record) ->
                            assertThat(TopicRecords.header(record, "X-Shadow")).isNull());
            assertThat(TopicRecords.withKeys("exchanges.shadow", false, key)).isEmpty();
        });
    }

    @Test
    void leakAuditListsEveryProducerPathAsCoveredAndSaysHow() {
        this.runner.run((context) -> {
            Map<String, String> detail = new LinkedHashMap<>();
            context.getBean(ShadowLeakAudit.class).inventory().channels().stream()
                    .filter((channel) -> channel.kind().tagValue().equals("kafka"))
                    .forEach((channel) -> {
                        assertThat(channel.coverage()).as(channel.beanName()).isEqualTo(ChannelCoverage.GUARDED);
                        detail.put(channel.beanName(), channel.detail());
                    });
            assertThat(detail)
                    .containsEntry("inlineTemplate", "ShadowProducerPostProcessor on its producer factory")
                    .containsEntry("routingTemplate", "ShadowProducerPostProcessor on each of its 2 producer factories")
                    .containsEntry("customFactory", "ShadowProducerPostProcessor on its producer factory")
                    .containsEntry(
                            "unguardableTemplate",
                            "its producer factory cannot be guarded: every send is refused in shadow")
                    .containsEntry("exemptTemplate", "exempt: shadowtx's own channel (ShadowExempt)");
        });
    }

    private static void assertReroutedInShadowAndLiveUnchanged(KafkaTemplate<String, String> template, String topic)
            throws Exception {
        String shadowKey = TopicRecords.key(topic + "-shadow");
        String liveKey = TopicRecords.key(topic + "-live");
        ShadowTraffic.runIsolated(ShadowMode.SHADOW, () -> sendAndWait(template, topic, shadowKey));
        template.send(topic, liveKey, "live").get(10, TimeUnit.SECONDS);

        assertThat(TopicRecords.withKeys(topic, false, shadowKey, liveKey))
                .singleElement()
                .satisfies((record) -> {
                    assertThat(record.key()).isEqualTo(liveKey);
                    assertThat(TopicRecords.header(record, "X-Shadow")).isNull();
                });
        List<ConsumerRecord<String, String>> shadow = TopicRecords.withKeys(topic + ".shadow", false, shadowKey);
        assertThat(shadow)
                .singleElement()
                .satisfies((record) ->
                        assertThat(TopicRecords.header(record, "X-Shadow")).isEqualTo("shadow"));
    }

    private static void sendAndWait(KafkaTemplate<String, String> template, String topic, String key) {
        try {
            template.send(topic, key, "shadow").get(10, TimeUnit.SECONDS);
        } catch (Exception ex) {
            throw new IllegalStateException(ex);
        }
    }

    @SuppressWarnings("unchecked")
    private static KafkaTemplate<String, String> template(ApplicationContext context, String name) {
        return context.getBean(name, KafkaTemplate.class);
    }

    static Map<String, Object> producerConfig() {
        return Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                TopicRecords.brokers(),
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG,
                StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG,
                StringSerializer.class);
    }

    /**
     * A producer factory of another kind than {@code DefaultKafkaProducerFactory}: it takes no
     * post-processor (the interface's default does nothing).
     */
    static final class PlainProducerFactory implements ProducerFactory<String, String> {

        @Override
        public Producer<String, String> createProducer() {
            return new KafkaProducer<>(producerConfig());
        }
    }

    /**
     * The shape of shadowtx's own producer factories.
     */
    static final class ExemptProducerFactory extends DefaultKafkaProducerFactory<String, String>
            implements ShadowExempt {

        ExemptProducerFactory() {
            super(producerConfig());
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class ProducerPaths {

        @Bean
        KafkaTemplate<String, String> inlineTemplate() {
            return new KafkaTemplate<>(new DefaultKafkaProducerFactory<>(producerConfig()));
        }

        @Bean
        RoutingKafkaTemplate routingTemplate() {
            Map<Pattern, ProducerFactory<Object, Object>> factories = new LinkedHashMap<>();
            factories.put(Pattern.compile("routed-audit.*"), new DefaultKafkaProducerFactory<>(producerConfig()));
            factories.put(Pattern.compile(".*"), new DefaultKafkaProducerFactory<>(producerConfig()));
            return new RoutingKafkaTemplate(factories);
        }

        @Bean
        ProducerFactory<String, String> customFactory() {
            return new PlainProducerFactory();
        }

        @Bean
        KafkaTemplate<String, String> customFactoryTemplate(
                @Qualifier("customFactory") ProducerFactory<String, String> customFactory) {
            return new KafkaTemplate<>(customFactory);
        }

        @Bean
        KafkaTemplate<String, String> unguardableTemplate() {
            return new KafkaTemplate<>(new PlainProducerFactory());
        }

        @Bean
        KafkaTemplate<String, String> exemptTemplate() {
            return new KafkaTemplate<>(new ExemptProducerFactory());
        }

        @Bean(destroyMethod = "close")
        KafkaProducer<String, String> producerBean() {
            return new KafkaProducer<>(producerConfig());
        }

        @Bean
        NewTopic beanOrders() {
            return TopicBuilder.name("bean-orders").partitions(1).build();
        }

        @Bean
        NewTopic inlineOrders() {
            return TopicBuilder.name("inline-orders").partitions(1).build();
        }

        @Bean
        NewTopic routedAudit() {
            return TopicBuilder.name("routed-audit").partitions(1).build();
        }

        @Bean
        NewTopic routedOrders() {
            return TopicBuilder.name("routed-orders").partitions(1).build();
        }

        @Bean
        NewTopic customOrders() {
            return TopicBuilder.name("custom-orders").partitions(1).build();
        }

        @Bean
        NewTopic unguardableOrders() {
            return TopicBuilder.name("unguardable-orders").partitions(1).build();
        }

        @Bean
        NewTopic exchanges() {
            return TopicBuilder.name("exchanges").partitions(1).build();
        }
    }
}
