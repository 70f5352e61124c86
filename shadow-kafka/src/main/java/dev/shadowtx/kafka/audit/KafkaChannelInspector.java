package dev.shadowtx.kafka.audit;

import dev.shadowtx.core.audit.ChannelBean;
import dev.shadowtx.core.audit.ChannelInspector;
import dev.shadowtx.core.audit.ChannelKind;
import dev.shadowtx.core.audit.ModuleChannelKinds;
import dev.shadowtx.kafka.producer.ShadowProducerPostProcessor;
import org.jspecify.annotations.Nullable;
import org.springframework.core.Ordered;
import org.springframework.kafka.core.KafkaOperations;
import org.springframework.kafka.core.ProducerFactory;

/**
 * The leak audit's inspection of Kafka producers: {@code KafkaTemplate}s (every
 * {@code KafkaOperations}) and {@code ProducerFactory} beans are guarded when their producer
 * factory carries the {@link ShadowProducerPostProcessor}.
 */
public final class KafkaChannelInspector implements ChannelInspector, Ordered {

    /**
     * Kafka templates and producer factories, guarded by shadow-kafka.
     */
    public static final ChannelKind KAFKA = ModuleChannelKinds.KAFKA;

    @Override
    public @Nullable ChannelKind kindOf(Class<?> beanType) {
        if (KafkaOperations.class.isAssignableFrom(beanType) || ProducerFactory.class.isAssignableFrom(beanType)) {
            return KAFKA;
        }
        return null;
    }

    @Override
    public @Nullable String guard(ChannelBean channel) {
        ProducerFactory<?, ?> factory = producerFactory(channel.existing());
        if (factory != null
                && factory.getPostProcessors().stream().anyMatch(ShadowProducerPostProcessor.class::isInstance)) {
            return "ShadowProducerPostProcessor on its producer factory";
        }
        return null;
    }

    private static @Nullable ProducerFactory<?, ?> producerFactory(@Nullable Object bean) {
        if (bean instanceof ProducerFactory<?, ?> factory) {
            return factory;
        }
        if (bean instanceof KafkaOperations<?, ?> operations) {
            try {
                return operations.getProducerFactory();
            } catch (UnsupportedOperationException ex) {
                // a template with no single producer factory: nothing shows a guard on it
                return null;
            }
        }
        return null;
    }

    @Override
    public int getOrder() {
        return 200;
    }
}
