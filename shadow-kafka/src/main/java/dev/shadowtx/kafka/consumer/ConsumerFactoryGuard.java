package dev.shadowtx.kafka.consumer;

import dev.shadowtx.kafka.support.GuardedViews;
import org.apache.kafka.clients.consumer.Consumer;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.kafka.core.DefaultKafkaConsumerFactory;

/**
 * Puts the consumer guard on a consumer factory bean of any kind, as producer factories of any
 * kind get the producer guard: a {@code DefaultKafkaConsumerFactory} carries the
 * {@link ShadowConsumerPostProcessor}; any other factory (an implementation of the application's
 * own, a subclass, a factory delegating to another) is replaced by a view whose every created
 * consumer goes through the guard. A consumer that already is guarded (a delegate's guarded
 * consumer) is handed out as it is, so a record is never left out, nor counted, twice.
 */
public final class ConsumerFactoryGuard {

    private ConsumerFactoryGuard() {}

    /**
     * Guard a consumer factory bean.
     * @param factory the factory
     * @param guard the post-processor that guards its consumers
     * @return the factory itself when it is a {@code DefaultKafkaConsumerFactory} (now carrying the
     * guard), otherwise a guarding view of it
     */
    @SuppressWarnings({"unchecked", "rawtypes"})
    public static ConsumerFactory<?, ?> guard(
            ConsumerFactory<?, ?> factory, ShadowConsumerPostProcessor<Object, Object> guard) {
        if (factory instanceof GuardedConsumerFactory) {
            return factory;
        }
        if (factory instanceof DefaultKafkaConsumerFactory<?, ?> defaultFactory) {
            addGuard(defaultFactory, guard);
            if (factory.getClass() == DefaultKafkaConsumerFactory.class) {
                return factory;
            }
        }
        return GuardedViews.ofFactory(
                factory,
                GuardedConsumerFactory.class,
                Consumer.class,
                (consumer) -> guard.apply((Consumer<Object, Object>) consumer));
    }

    /**
     * Add the consumer guard to a {@code DefaultKafkaConsumerFactory}'s post-processors, unless
     * one is there already.
     * @param factory the factory
     * @param guard the post-processor that guards its consumers
     */
    @SuppressWarnings({"unchecked", "rawtypes"})
    public static void addGuard(
            DefaultKafkaConsumerFactory<?, ?> factory, ShadowConsumerPostProcessor<Object, Object> guard) {
        if (factory.getPostProcessors().stream().noneMatch(ShadowConsumerPostProcessor.class::isInstance)) {
            ((DefaultKafkaConsumerFactory) factory).addPostProcessor(guard);
        }
    }

    /**
     * Whether every consumer a factory creates goes through the consumer guard: it is a guarding
     * view, or a {@code DefaultKafkaConsumerFactory} carrying the {@link ShadowConsumerPostProcessor}.
     * @param factory the factory
     * @return {@code true} when its consumers are guarded
     */
    public static boolean isGuarded(ConsumerFactory<?, ?> factory) {
        if (factory instanceof GuardedConsumerFactory) {
            return true;
        }
        return factory.getClass() == DefaultKafkaConsumerFactory.class
                && factory.getPostProcessors().stream().anyMatch(ShadowConsumerPostProcessor.class::isInstance);
    }

    /**
     * Implemented by the guarding view of a consumer factory.
     */
    public interface GuardedConsumerFactory {}
}
