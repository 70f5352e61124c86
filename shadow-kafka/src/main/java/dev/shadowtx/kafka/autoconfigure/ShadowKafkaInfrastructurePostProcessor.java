package dev.shadowtx.kafka.autoconfigure;

import dev.shadowtx.kafka.consumer.ShadowConsumerPostProcessor;
import dev.shadowtx.kafka.consumer.ShadowListenerInstaller;
import dev.shadowtx.kafka.producer.ShadowProducerPostProcessor;
import java.util.function.Supplier;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.kafka.config.AbstractKafkaListenerContainerFactory;
import org.springframework.kafka.core.DefaultKafkaConsumerFactory;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;

/**
 * Guards the Kafka infrastructure the application defines itself, beside what Boot builds:
 * producer and consumer factories get the shadow post-processors (if a customizer has not already
 * added them), listener container factories get the shadow interceptors around their own.
 * Without it, a {@code ProducerFactory} bean of the application's own would send shadow records to
 * live topics.
 */
final class ShadowKafkaInfrastructurePostProcessor implements BeanPostProcessor {

    private final Supplier<ShadowProducerPostProcessor<Object, Object>> producerPostProcessor;

    private final Supplier<ShadowConsumerPostProcessor<Object, Object>> consumerPostProcessor;

    private final Supplier<ShadowListenerInstaller> installer;

    ShadowKafkaInfrastructurePostProcessor(
            Supplier<ShadowProducerPostProcessor<Object, Object>> producerPostProcessor,
            Supplier<ShadowConsumerPostProcessor<Object, Object>> consumerPostProcessor,
            Supplier<ShadowListenerInstaller> installer) {
        this.producerPostProcessor = producerPostProcessor;
        this.consumerPostProcessor = consumerPostProcessor;
        this.installer = installer;
    }

    @Override
    public Object postProcessAfterInitialization(Object bean, String beanName) {
        if (bean instanceof DefaultKafkaProducerFactory<?, ?> factory) {
            guard(factory, this.producerPostProcessor.get());
        } else if (bean instanceof DefaultKafkaConsumerFactory<?, ?> factory) {
            guard(factory, this.consumerPostProcessor.get());
        } else if (bean instanceof AbstractKafkaListenerContainerFactory<?, ?, ?> factory) {
            this.installer.get().install(factory);
        }
        return bean;
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    static void guard(DefaultKafkaProducerFactory<?, ?> factory, ShadowProducerPostProcessor<Object, Object> guard) {
        if (factory.getPostProcessors().stream().noneMatch(ShadowProducerPostProcessor.class::isInstance)) {
            ((DefaultKafkaProducerFactory) factory).addPostProcessor(guard);
        }
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    static void guard(DefaultKafkaConsumerFactory<?, ?> factory, ShadowConsumerPostProcessor<Object, Object> guard) {
        if (factory.getPostProcessors().stream().noneMatch(ShadowConsumerPostProcessor.class::isInstance)) {
            ((DefaultKafkaConsumerFactory) factory).addPostProcessor(guard);
        }
    }
}
