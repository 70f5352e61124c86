package dev.shadowtx.kafka.autoconfigure;

import dev.shadowtx.kafka.consumer.ConsumerFactoryGuard;
import dev.shadowtx.kafka.consumer.ShadowConsumerPostProcessor;
import dev.shadowtx.kafka.producer.ProducerFactoryGuard;
import dev.shadowtx.kafka.producer.ShadowProducerPostProcessor;
import java.util.function.Supplier;
import org.springframework.cloud.stream.binder.kafka.config.ClientFactoryCustomizer;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.kafka.core.DefaultKafkaConsumerFactory;
import org.springframework.kafka.core.ProducerFactory;

/**
 * Guards the producer and consumer factories that Spring Cloud Stream's Kafka binder builds for
 * its bindings (they are no beans): outputs and {@code StreamBridge} sends follow the shadow
 * Kafka policy, and the binder's consumers get the consumer guard, which delivers marked records
 * only to containers that carry the shadow interceptors.
 */
final class ShadowBinderClientFactoryCustomizer implements ClientFactoryCustomizer {

    private final Supplier<ShadowProducerPostProcessor<Object, Object>> producerGuard;

    private final Supplier<ShadowConsumerPostProcessor<Object, Object>> consumerGuard;

    ShadowBinderClientFactoryCustomizer(
            Supplier<ShadowProducerPostProcessor<Object, Object>> producerGuard,
            Supplier<ShadowConsumerPostProcessor<Object, Object>> consumerGuard) {
        this.producerGuard = producerGuard;
        this.consumerGuard = consumerGuard;
    }

    @Override
    public void configure(ProducerFactory<?, ?> producerFactory) {
        if (!ProducerFactoryGuard.guard(producerFactory, this.producerGuard.get())) {
            throw new IllegalStateException("The Kafka binder's producer factory " + producerFactory
                    + " takes no post-processor, so shadow records could reach live topics through it");
        }
    }

    @Override
    public void configure(ConsumerFactory<?, ?> consumerFactory) {
        if (consumerFactory instanceof DefaultKafkaConsumerFactory<?, ?> factory) {
            ConsumerFactoryGuard.addGuard(factory, this.consumerGuard.get());
        }
    }
}
