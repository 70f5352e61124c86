package dev.shadowtx.kafka.autoconfigure;

import dev.shadowtx.core.ShadowExempt;
import dev.shadowtx.kafka.consumer.ConsumerFactoryGuard;
import dev.shadowtx.kafka.consumer.MixedPollSplitting;
import dev.shadowtx.kafka.consumer.ShadowConsumerPostProcessor;
import dev.shadowtx.kafka.consumer.ShadowListenerInstaller;
import dev.shadowtx.kafka.producer.ProducerFactoryGuard;
import dev.shadowtx.kafka.producer.ShadowProducerPostProcessor;
import java.lang.reflect.Field;
import java.util.function.Supplier;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.producer.Producer;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.kafka.config.AbstractKafkaListenerContainerFactory;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.core.ProducerFactory;
import org.springframework.util.ReflectionUtils;

/**
 * Guards the Kafka infrastructure the application defines itself, beside what Boot builds:
 * producer and consumer factories get the shadow post-processors (if a customizer has not already
 * added them), listener container factories get the shadow interceptors around their own.
 * Without it, a {@code ProducerFactory} bean of the application's own would send shadow records to
 * live topics.
 * <p>
 * Every producer path is covered whatever its factory: a {@code KafkaTemplate} bean (or subclass)
 * built over a factory created inline, each factory of a {@code RoutingKafkaTemplate}, a
 * {@code ProducerFactory} bean of any kind. A factory that refuses post-processors is replaced by
 * a guarding view; a template whose factories cannot be guarded refuses to send in shadow.
 * <p>
 * Consumer factories are guarded the same way, whatever their kind: a
 * {@code DefaultKafkaConsumerFactory} carries the consumer post-processor, any other consumer
 * factory bean is replaced by a view that guards every consumer it creates, so a poll loop of the
 * application's own, or a listener container built inline over it, never receives a marked record
 * as a live one.
 * <p>
 * A Kafka {@code Producer} declared as a bean itself gets the guard a factory's producers get.
 * A Kafka {@code Consumer} declared as a bean is polled by the application's own loop, where no
 * record's context can be bound: it is wrapped so that its polls leave out marked records, unless
 * its bean name or group id is shadow-aware.
 * <p>
 * A spring-integration-kafka {@code KafkaMessageSource} bean polls a consumer factory of its own:
 * unless {@code max.poll.records} is 1 it copies the factory it was given into a new
 * {@code DefaultKafkaConsumerFactory} without its post-processors. That copy gets the consumer
 * guard too; a factory of another kind it keeps (one with {@code max.poll.records} 1, built inline
 * rather than declared as a bean) is replaced by a guarding view; so the polled source never
 * receives a marked record. A source whose factory cannot be read or replaced refuses startup.
 */
final class ShadowKafkaInfrastructurePostProcessor implements BeanPostProcessor {

    private static final Log logger = LogFactory.getLog(ShadowKafkaInfrastructurePostProcessor.class);

    private static final String KAFKA_MESSAGE_SOURCE =
            "org.springframework.integration.kafka.inbound.KafkaMessageSource";

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
        if (bean instanceof ShadowExempt) {
            return bean;
        }
        if (bean instanceof DefaultKafkaProducerFactory<?, ?> factory) {
            guard(factory, this.producerPostProcessor.get());
        } else if (bean instanceof ProducerFactory<?, ?> factory) {
            if (!ProducerFactoryGuard.guard(factory, this.producerPostProcessor.get())) {
                return ProducerFactoryGuard.guardedView(factory, this.producerPostProcessor.get());
            }
        } else if (bean instanceof KafkaTemplate<?, ?> template) {
            if (!ProducerFactoryGuard.guardTemplate(template, this.producerPostProcessor.get())) {
                logger.warn("The producer factory of KafkaTemplate '" + beanName + "' ("
                        + template.getClass().getName()
                        + ") cannot be guarded: its sends are refused in shadow (ShadowBlockedException). Build it "
                        + "over a DefaultKafkaProducerFactory to have shadow records rerouted instead");
                return ProducerFactoryGuard.blockedInShadow(template, beanName);
            }
        } else if (bean instanceof Producer<?, ?> producer) {
            return guard(producer, this.producerPostProcessor.get());
        } else if (bean instanceof ConsumerFactory<?, ?> factory) {
            return ConsumerFactoryGuard.guard(factory, this.consumerPostProcessor.get());
        } else if (bean instanceof Consumer<?, ?> consumer && !(bean instanceof MixedPollSplitting)) {
            return this.consumerPostProcessor.get().wrapBean(consumer, beanName);
        } else if (bean instanceof AbstractKafkaListenerContainerFactory<?, ?, ?> factory) {
            this.installer.get().install(factory);
        } else if (isMessageSource(bean.getClass())) {
            guardMessageSource(bean, beanName, this.consumerPostProcessor.get());
        }
        return bean;
    }

    private static boolean isMessageSource(Class<?> type) {
        for (Class<?> current = type; current != null; current = current.getSuperclass()) {
            if (current.getName().equals(KAFKA_MESSAGE_SOURCE)) {
                return true;
            }
        }
        return false;
    }

    private static void guardMessageSource(
            Object source, String beanName, ShadowConsumerPostProcessor<Object, Object> guard) {
        Field field = ReflectionUtils.findField(source.getClass(), "consumerFactory");
        if (field == null) {
            throw new IllegalStateException("The consumer factory of KafkaMessageSource '" + beanName
                    + "' cannot be read, so its polls cannot leave out records marked as shadow; "
                    + "use a spring-integration-kafka version whose KafkaMessageSource keeps it in 'consumerFactory'");
        }
        ReflectionUtils.makeAccessible(field);
        if (ReflectionUtils.getField(field, source) instanceof ConsumerFactory<?, ?> factory) {
            ConsumerFactory<?, ?> guarded = ConsumerFactoryGuard.guard(factory, guard);
            if (guarded != factory) {
                replaceConsumerFactory(source, beanName, field, factory, guarded);
            }
        }
    }

    private static void replaceConsumerFactory(
            Object source, String beanName, Field field, ConsumerFactory<?, ?> factory, ConsumerFactory<?, ?> guarded) {
        try {
            field.set(source, guarded);
        } catch (IllegalAccessException | RuntimeException ex) {
            throw new IllegalStateException(
                    "The consumer factory of KafkaMessageSource '" + beanName + "' ("
                            + factory.getClass().getName() + ") is no DefaultKafkaConsumerFactory and cannot be "
                            + "replaced by a guarding view, so its polls cannot leave out records marked as shadow; "
                            + "give the source a DefaultKafkaConsumerFactory or a consumer factory bean",
                    ex);
        }
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    static void guard(DefaultKafkaProducerFactory<?, ?> factory, ShadowProducerPostProcessor<Object, Object> guard) {
        if (!(factory instanceof ShadowExempt)
                && factory.getPostProcessors().stream().noneMatch(ShadowProducerPostProcessor.class::isInstance)) {
            ((DefaultKafkaProducerFactory) factory).addPostProcessor(guard);
        }
    }

    @SuppressWarnings("unchecked")
    private static Object guard(Producer<?, ?> producer, ShadowProducerPostProcessor<Object, Object> guard) {
        return guard.wrapBean((Producer<Object, Object>) producer);
    }
}
