package dev.shadowtx.kafka.autoconfigure;

import dev.shadowtx.core.metrics.ShadowRecorder;
import dev.shadowtx.kafka.KafkaMarkers;
import dev.shadowtx.kafka.consumer.ShadowAwareListenerScanner;
import dev.shadowtx.kafka.consumer.ShadowConsumerPostProcessor;
import dev.shadowtx.kafka.consumer.ShadowListenerInstaller;
import dev.shadowtx.kafka.observation.ShadowListenerObservationFilter;
import dev.shadowtx.kafka.producer.AdminShadowTopicCheck;
import dev.shadowtx.kafka.producer.ShadowKafkaCommitPolicy;
import dev.shadowtx.kafka.producer.ShadowProducerPostProcessor;
import dev.shadowtx.kafka.producer.ShadowTopicCheck;
import dev.shadowtx.kafka.producer.ShadowTopicRouter;
import dev.shadowtx.kafka.streams.ShadowStreamsGuard;
import java.util.Set;
import java.util.function.Supplier;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.apache.kafka.clients.admin.NewTopic;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.kafka.autoconfigure.DefaultKafkaConsumerFactoryCustomizer;
import org.springframework.boot.kafka.autoconfigure.DefaultKafkaProducerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.util.function.SingletonSupplier;

/**
 * Kafka side of shadowtx: records sent in shadow are rerouted, dropped or propagated with the
 * marker, and consumed records with a marker run their listener in shadow.
 * <p>
 * Producers are guarded through a {@link DefaultKafkaProducerFactoryCustomizer} (and, for
 * factories the application defines itself, a bean post-processor); listener containers get the
 * shadow interceptors around their own, never as competing {@code RecordInterceptor} beans.
 * Shadow topics are declared for the {@code KafkaAdmin} when there is one.
 */
@AutoConfiguration(
        afterName = {
            "dev.shadowtx.autoconfigure.ShadowAutoConfiguration",
            "org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration"
        })
@ConditionalOnClass(KafkaTemplate.class)
@ConditionalOnBooleanProperty(name = "shadow.enabled", matchIfMissing = true)
@EnableConfigurationProperties(ShadowKafkaProperties.class)
public final class ShadowKafkaAutoConfiguration {

    private static final Log logger = LogFactory.getLog(ShadowKafkaAutoConfiguration.class);

    @Bean
    @ConditionalOnMissingBean
    KafkaMarkers shadowKafkaMarkers(Environment environment) {
        return ShadowKafkaConfigurer.markers(environment);
    }

    @Bean
    @ConditionalOnMissingBean
    @ConditionalOnClass(name = "io.micrometer.observation.ObservationFilter")
    ShadowListenerObservationFilter shadowListenerObservationFilter(KafkaMarkers markers) {
        return new ShadowListenerObservationFilter(markers);
    }

    @Bean
    @ConditionalOnMissingBean
    ShadowTopicRouter shadowTopicRouter(ShadowKafkaProperties properties) {
        return ShadowKafkaConfigurer.router(properties);
    }

    @Bean
    @ConditionalOnMissingBean
    ShadowTopicCheck shadowTopicCheck(ShadowKafkaProperties properties, ObjectProvider<KafkaAdmin> kafkaAdmin) {
        ShadowKafkaProperties.TopicCheck topicCheck = properties.getTopicCheck();
        ShadowKafkaConfigurer.checkTopicCheck(topicCheck);
        if (!topicCheck.isEnabled()) {
            return ShadowTopicCheck.ASSUME_PRESENT;
        }
        KafkaAdmin admin = kafkaAdmin.getIfUnique();
        if (admin == null) {
            logger.warn("No unique KafkaAdmin: shadow topics cannot be checked before records are rerouted to them, "
                    + "so a missing shadow topic blocks a shadow send for max.block.ms. Define a KafkaAdmin or "
                    + "set shadow.kafka.topic-check.enabled=false to silence this warning.");
            return ShadowTopicCheck.ASSUME_PRESENT;
        }
        return new AdminShadowTopicCheck(admin.getConfigurationProperties(), topicCheck.getTimeout());
    }

    @Bean
    @ConditionalOnMissingBean
    ShadowProducerPostProcessor<Object, Object> shadowProducerPostProcessor(
            ShadowTopicRouter router,
            KafkaMarkers markers,
            ShadowTopicCheck topicCheck,
            ObjectProvider<ShadowRecorder> recorder) {
        return new ShadowProducerPostProcessor<>(router, markers, topicCheck, lazy(recorder));
    }

    @Bean
    @ConditionalOnMissingBean
    @ConditionalOnBooleanProperty(name = "shadow.kafka.transactions.commit-in-shadow")
    ShadowKafkaCommitPolicy shadowKafkaCommitPolicy() {
        return new ShadowKafkaCommitPolicy();
    }

    @Bean
    @ConditionalOnMissingBean
    ShadowConsumerPostProcessor<Object, Object> shadowConsumerPostProcessor(
            KafkaMarkers markers, ShadowKafkaProperties properties, ObjectProvider<ShadowRecorder> recorder) {
        return new ShadowConsumerPostProcessor<>(
                markers, ShadowKafkaConfigurer.listenerPolicy(properties.getConsumer(), Set.of()), lazy(recorder));
    }

    @Bean
    @ConditionalOnMissingBean
    static ShadowAwareListenerScanner shadowAwareListenerScanner(Environment environment) {
        return new ShadowAwareListenerScanner(
                environment.getProperty("shadow.kafka.consumer.skip-shadow-records", Boolean.class, false));
    }

    @Bean
    @ConditionalOnMissingBean
    ShadowListenerInstaller shadowListenerInstaller(
            KafkaMarkers markers,
            ShadowKafkaProperties properties,
            ObjectProvider<ShadowAwareListenerScanner> scanner,
            ObjectProvider<ShadowRecorder> recorder) {
        ShadowAwareListenerScanner annotated = scanner.getIfAvailable();
        return new ShadowListenerInstaller(
                markers,
                ShadowKafkaConfigurer.listenerPolicy(
                        properties.getConsumer(), (annotated != null) ? annotated.shadowAware() : Set.of()),
                lazy(recorder));
    }

    @Bean
    ShadowListenerContainersLifecycle shadowListenerContainersLifecycle(
            ListableBeanFactory beanFactory, ShadowListenerInstaller installer) {
        return new ShadowListenerContainersLifecycle(beanFactory, installer);
    }

    @Bean
    static ShadowKafkaInfrastructurePostProcessor shadowKafkaInfrastructurePostProcessor(
            ObjectProvider<ShadowProducerPostProcessor<Object, Object>> producerPostProcessor,
            ObjectProvider<ShadowConsumerPostProcessor<Object, Object>> consumerPostProcessor,
            ObjectProvider<ShadowListenerInstaller> installer) {
        return new ShadowKafkaInfrastructurePostProcessor(
                SingletonSupplier.of(producerPostProcessor::getObject),
                SingletonSupplier.of(consumerPostProcessor::getObject),
                SingletonSupplier.of(installer::getObject));
    }

    static Supplier<ShadowRecorder> lazy(ObjectProvider<ShadowRecorder> recorder) {
        return SingletonSupplier.of(() -> recorder.getIfAvailable(() -> ShadowRecorder.NOOP));
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(DefaultKafkaProducerFactoryCustomizer.class)
    static class BootFactoriesConfiguration {

        @Bean
        DefaultKafkaProducerFactoryCustomizer shadowKafkaProducerFactoryCustomizer(
                ShadowProducerPostProcessor<Object, Object> postProcessor) {
            return (factory) -> ShadowKafkaInfrastructurePostProcessor.guard(factory, postProcessor);
        }

        @Bean
        DefaultKafkaConsumerFactoryCustomizer shadowKafkaConsumerFactoryCustomizer(
                ShadowConsumerPostProcessor<Object, Object> postProcessor) {
            return (factory) -> ShadowKafkaInfrastructurePostProcessor.guard(factory, postProcessor);
        }
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = "org.apache.kafka.streams.StreamsBuilder")
    static class StreamsConfiguration {

        @Bean
        @ConditionalOnMissingBean
        ShadowStreamsGuard shadowStreamsGuard(
                KafkaMarkers markers,
                ShadowKafkaProperties properties,
                ShadowProducerPostProcessor<Object, Object> producerPostProcessor,
                ShadowConsumerPostProcessor<Object, Object> consumerPostProcessor,
                ObjectProvider<ShadowRecorder> recorder) {
            return new ShadowStreamsGuard(
                    markers,
                    ShadowKafkaConfigurer.listenerPolicy(properties.getConsumer(), Set.of()),
                    producerPostProcessor,
                    consumerPostProcessor,
                    lazy(recorder));
        }

        @Bean
        static ShadowStreamsPostProcessor shadowStreamsPostProcessor(ObjectProvider<ShadowStreamsGuard> guard) {
            return new ShadowStreamsPostProcessor(SingletonSupplier.of(guard::getObject));
        }
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnBean(KafkaAdmin.class)
    @ConditionalOnBooleanProperty(name = "shadow.kafka.provisioning.enabled", matchIfMissing = true)
    static class ProvisioningConfiguration {

        @Bean
        @ConditionalOnMissingBean(name = "shadowKafkaTopics")
        KafkaAdmin.NewTopics shadowKafkaTopics(ShadowTopicRouter router, ObjectProvider<NewTopic> declared) {
            return ShadowTopicDeclarations.of(router, declared.orderedStream().toList());
        }
    }
}
