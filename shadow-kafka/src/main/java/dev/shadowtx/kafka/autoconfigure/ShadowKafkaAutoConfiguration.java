package dev.shadowtx.kafka.autoconfigure;

import dev.shadowtx.core.marker.MarkerNames;
import dev.shadowtx.core.metrics.ShadowRecorder;
import dev.shadowtx.core.outbound.StreamBinderGuard;
import dev.shadowtx.kafka.KafkaMarkers;
import dev.shadowtx.kafka.audit.KafkaBinderInputs;
import dev.shadowtx.kafka.consumer.ConsumerFactoryGuard;
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
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
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
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.kafka.autoconfigure.DefaultKafkaConsumerFactoryCustomizer;
import org.springframework.boot.kafka.autoconfigure.DefaultKafkaProducerFactoryCustomizer;
import org.springframework.cloud.stream.binder.kafka.KafkaMessageChannelBinder;
import org.springframework.cloud.stream.config.ListenerContainerCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.Environment;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.AbstractMessageListenerContainer;
import org.springframework.util.function.SingletonSupplier;

/**
 * Kafka side of shadowtx: records sent in shadow are rerouted, dropped or propagated with the
 * marker, and consumed records with a marker run their listener in shadow.
 * <p>
 * Producers are guarded through a {@link DefaultKafkaProducerFactoryCustomizer} (and, for
 * factories the application defines itself, a bean post-processor); listener containers get the
 * shadow interceptors around their own, never as competing {@code RecordInterceptor} beans.
 * Shadow topics are declared for the {@code KafkaAdmin} when there is one. The marker header and
 * baggage key are the starter's {@link MarkerNames}, the same on every channel; without them the
 * defaults, unless {@code shadow.detection.*} is set ({@link MarkerNames#withoutStarter}).
 */
@AutoConfiguration(
        afterName = {
            "dev.shadowtx.autoconfigure.ShadowAutoConfiguration",
            "org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration"
        },
        beforeName = "dev.shadowtx.audit.autoconfigure.ShadowAuditAutoConfiguration")
@ConditionalOnClass(KafkaTemplate.class)
@ConditionalOnBooleanProperty(name = "shadow.enabled", matchIfMissing = true)
@EnableConfigurationProperties(ShadowKafkaProperties.class)
public final class ShadowKafkaAutoConfiguration {

    private static final Log logger = LogFactory.getLog(ShadowKafkaAutoConfiguration.class);

    @Bean
    @ConditionalOnMissingBean
    KafkaMarkers shadowKafkaMarkers(ObjectProvider<MarkerNames> names, Environment environment) {
        return new KafkaMarkers(names.getIfAvailable(() -> MarkerNames.withoutStarter(environment::containsProperty)));
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
        return ShadowKafkaComponentFactory.router(properties);
    }

    @Bean
    @ConditionalOnMissingBean
    ShadowTopicCheck shadowTopicCheck(ShadowKafkaProperties properties, ObjectProvider<KafkaAdmin> kafkaAdmin) {
        ShadowKafkaProperties.TopicCheck topicCheck = properties.getTopicCheck();
        ShadowKafkaComponentFactory.checkTopicCheck(topicCheck);
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
        return new ShadowProducerPostProcessor<>(router, markers, topicCheck, ShadowRecorder.lazy(recorder));
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
                markers,
                ShadowKafkaComponentFactory.listenerPolicy(properties.getConsumer(), Set.of()),
                ShadowRecorder.lazy(recorder));
    }

    @Bean
    @ConditionalOnMissingBean
    static ShadowAwareListenerScanner shadowAwareListenerScanner(Environment environment) {
        // a bean post-processor exists before configuration properties beans are bound
        ShadowKafkaProperties.Consumer consumer =
                Binder.get(environment).bindOrCreate("shadow.kafka.consumer", ShadowKafkaProperties.Consumer.class);
        return new ShadowAwareListenerScanner(consumer.isSkipShadowRecords());
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
                ShadowKafkaComponentFactory.listenerPolicy(
                        properties.getConsumer(), (annotated != null) ? annotated.shadowAware() : Set.of()),
                ShadowRecorder.lazy(recorder));
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
            return (factory) -> ConsumerFactoryGuard.addGuard(factory, postProcessor);
        }
    }

    /**
     * Spring Cloud Stream's Kafka binder builds its factories and containers itself, outside the
     * bean factory: its factories are guarded through a {@code ClientFactoryCustomizer}, its
     * containers get the shadow interceptors through a {@code ListenerContainerCustomizer} unless
     * the application has its own (then the consumer guard keeps marked records away from them).
     */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(
            name = {
                "org.springframework.cloud.stream.binder.kafka.config.ClientFactoryCustomizer",
                "org.springframework.cloud.stream.config.ListenerContainerCustomizer"
            })
    static class StreamBinderConfiguration {

        /**
         * The bean that tells the Spring Cloud Stream guard that the Kafka binder's sends follow the Kafka policy.
         */
        static final String KAFKA_BINDER_GUARD = "shadowKafkaStreamBinderGuard";

        @Bean
        @ConditionalOnMissingBean(name = "shadowBinderClientFactoryCustomizer")
        ShadowBinderClientFactoryCustomizer shadowBinderClientFactoryCustomizer(
                ObjectProvider<ShadowProducerPostProcessor<Object, Object>> producerPostProcessor,
                ObjectProvider<ShadowConsumerPostProcessor<Object, Object>> consumerPostProcessor) {
            return new ShadowBinderClientFactoryCustomizer(
                    SingletonSupplier.of(producerPostProcessor::getObject),
                    SingletonSupplier.of(consumerPostProcessor::getObject));
        }

        @Bean(KAFKA_BINDER_GUARD)
        @ConditionalOnMissingBean(name = KAFKA_BINDER_GUARD)
        StreamBinderGuard shadowKafkaStreamBinderGuard() {
            return (binder) -> binder instanceof KafkaMessageChannelBinder;
        }

        @Bean
        @ConditionalOnMissingBean(ListenerContainerCustomizer.class)
        ListenerContainerCustomizer<AbstractMessageListenerContainer<?, ?>> shadowBinderContainerCustomizer(
                ObjectProvider<ShadowListenerInstaller> installer) {
            return (container, destination, group) -> installer.getObject().install(container);
        }

        /**
         * Lists each input binding of the binder for the leak audit, the binder's own containers
         * being no beans.
         */
        @Bean
        static KafkaBinderInputs shadowKafkaBinderInputs() {
            return new KafkaBinderInputs();
        }
    }

    /**
     * Spring Cloud Function, with or without a Stream binder (a function-web application, any
     * binder), takes an application's single functional bean for its function; shadowtx's
     * post-processor beans are functional too, so it names the application's one.
     */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = "org.springframework.cloud.function.context.FunctionCatalog")
    static class FunctionDefinitionConfiguration {

        @Bean
        @ConditionalOnMissingBean
        static ShadowFunctionDefinition shadowFunctionDefinition(ConfigurableEnvironment environment) {
            return new ShadowFunctionDefinition(environment);
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
                    ShadowKafkaComponentFactory.listenerPolicy(properties.getConsumer(), Set.of()),
                    producerPostProcessor,
                    consumerPostProcessor,
                    ShadowRecorder.lazy(recorder));
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

        private static final String SHADOW_KAFKA_TOPICS = "shadowKafkaTopics";

        @Bean(SHADOW_KAFKA_TOPICS)
        @ConditionalOnMissingBean(name = SHADOW_KAFKA_TOPICS)
        KafkaAdmin.NewTopics shadowKafkaTopics(
                ShadowTopicRouter router, ObjectProvider<NewTopic> declared, ListableBeanFactory beanFactory) {
            List<NewTopic> topics = new ArrayList<>(declared.orderedStream().toList());
            topics.addAll(ShadowTopicDeclarations.declaredInGroups(beanFactory, SHADOW_KAFKA_TOPICS));
            return ShadowTopicDeclarations.of(router, topics);
        }
    }
}
