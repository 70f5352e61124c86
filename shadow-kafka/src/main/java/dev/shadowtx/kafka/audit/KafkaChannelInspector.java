package dev.shadowtx.kafka.audit;

import dev.shadowtx.core.audit.ChannelBean;
import dev.shadowtx.core.audit.ChannelInspector;
import dev.shadowtx.core.audit.ChannelKind;
import dev.shadowtx.core.audit.ModuleChannelKinds;
import dev.shadowtx.kafka.consumer.ConsumerFactoryGuard;
import dev.shadowtx.kafka.consumer.MixedPollSplitting;
import dev.shadowtx.kafka.producer.ProducerFactoryGuard;
import dev.shadowtx.kafka.producer.ShadowProducerPostProcessor;
import java.util.List;
import java.util.Set;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.producer.Producer;
import org.jspecify.annotations.Nullable;
import org.springframework.core.Ordered;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.kafka.core.KafkaOperations;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.core.ProducerFactory;
import org.springframework.util.ClassUtils;

/**
 * The leak audit's inspection of Kafka channels:
 * <ul>
 * <li>{@code KafkaTemplate}s (every {@code KafkaOperations}, {@code RoutingKafkaTemplate}
 * included) and {@code ProducerFactory} beans: guarded when every producer factory they send
 * through carries the {@code ShadowProducerPostProcessor}, refused in shadow when shadowtx could
 * not guard it, exempt when it is shadowtx's own;</li>
 * <li>Kafka {@code Producer} beans (a {@code KafkaProducer} declared as a bean itself): guarded
 * when they carry the producer guard;</li>
 * <li>Kafka {@code Consumer} beans, polled by the application's own loop: guarded when their
 * polls leave out marked records; {@code ConsumerFactory} beans of any kind: guarded when every
 * consumer they create carries the consumer guard;</li>
 * <li>Kafka Streams topologies built by a {@code StreamsBuilderFactoryBean}: guarded when the
 * shadow processor wrapper and client supplier are configured; a {@code KafkaStreams} bean the
 * application built itself ({@code new KafkaStreams(topology, properties)}) is guarded when
 * shadow-kafka built it again guarded before it started;</li>
 * <li>spring-integration-kafka endpoints: listed, not guarded;</li>
 * <li>the input bindings of Spring Cloud Stream's Kafka binder ({@link KafkaBinderInput}s, one
 * per input of a bound function): guarded when the binder's containers get shadowtx's
 * {@code ListenerContainerCustomizer} (each record runs in its own context), or, when the
 * application's own customizer replaced it, when shadowtx's {@code ClientFactoryCustomizer} gives
 * the binder's consumers the consumer guard (marked records skipped).</li>
 * </ul>
 */
public final class KafkaChannelInspector implements ChannelInspector, Ordered {

    /**
     * Kafka templates and producer factories, guarded by shadow-kafka.
     */
    public static final ChannelKind KAFKA = ModuleChannelKinds.KAFKA;

    /**
     * Kafka producers declared as beans themselves, outside any producer factory.
     */
    public static final ChannelKind KAFKA_PRODUCER = ChannelKind.guardable(
            "kafka-producer",
            "its sends are not guarded",
            "add dev.shadowtx:shadow-kafka, whose producer guard sends shadow records by the shadow policy");

    /**
     * Kafka consumers declared as beans and polled by the application's own loop, and consumer
     * factories of any kind.
     */
    public static final ChannelKind KAFKA_CONSUMER = ChannelKind.guardable(
            "kafka-consumer",
            "its polls are not guarded",
            "add dev.shadowtx:shadow-kafka, whose consumer guard leaves marked records out of its polls");

    /**
     * Kafka Streams topologies built through a StreamsBuilderFactoryBean.
     */
    public static final ChannelKind KAFKA_STREAMS = ChannelKind.guardable(
            "kafka-streams",
            "no shadow processor wrapper on its topology",
            "add dev.shadowtx:shadow-kafka, which guards every StreamsBuilderFactoryBean before its topology is built");

    /**
     * Kafka Streams applications built by the application itself, outside a
     * StreamsBuilderFactoryBean: guarded when shadow-kafka built them again before they started.
     */
    public static final ChannelKind KAFKA_STREAMS_BUILT_BY_HAND = ChannelKind.guardable(
            "kafka-streams",
            "built outside a StreamsBuilderFactoryBean and not built again by shadow-kafka, so marked records are "
                    + "processed as live ones",
            "add dev.shadowtx:shadow-kafka, which builds a KafkaStreams bean again guarded before it starts, or "
                    + "build the topology through a StreamsBuilderFactoryBean (@EnableKafkaStreams)");

    /**
     * spring-integration-kafka endpoints: recognised, not guarded.
     */
    public static final ChannelKind KAFKA_INTEGRATION = ChannelKind.unguarded("kafka-integration");

    /**
     * Input bindings of Spring Cloud Stream's Kafka binder, whose consumers and containers the
     * binder builds in its own context.
     */
    public static final ChannelKind KAFKA_BINDER = ChannelKind.guardable(
            "kafka-binder",
            "the binder's consumers hand marked records to the function as live ones",
            "keep shadow-kafka's binder support on: its ClientFactoryCustomizer bean "
                    + "'shadowBinderClientFactoryCustomizer' and either its ListenerContainerCustomizer or one of the "
                    + "application's that calls ShadowListenerInstaller.install(container)");

    /**
     * The bean name of shadowtx's {@code ListenerContainerCustomizer} for the Kafka binder.
     */
    static final String BINDER_CONTAINER_CUSTOMIZER = "shadowBinderContainerCustomizer";

    private static final String LISTENER_CONTAINER_CUSTOMIZER =
            "org.springframework.cloud.stream.config.ListenerContainerCustomizer";

    private static final String CLIENT_FACTORY_CUSTOMIZER =
            "org.springframework.cloud.stream.binder.kafka.config.ClientFactoryCustomizer";

    private static final String BINDER_CLIENT_FACTORY_CUSTOMIZER =
            "dev.shadowtx.kafka.autoconfigure.ShadowBinderClientFactoryCustomizer";

    private static final String STREAMS_BUILDER = "org.apache.kafka.streams.StreamsBuilder";

    private static final String KAFKA_STREAMS_TYPE = "org.apache.kafka.streams.KafkaStreams";

    private static final String STREAMS_GUARD = "dev.shadowtx.kafka.streams.ShadowStreamsGuard";

    private static final List<String> INTEGRATION_ENDPOINTS = List.of(
            "org.springframework.integration.kafka.inbound.KafkaMessageDrivenChannelAdapter",
            "org.springframework.integration.kafka.inbound.KafkaInboundGateway",
            "org.springframework.integration.kafka.inbound.KafkaMessageSource",
            "org.springframework.integration.kafka.outbound.KafkaProducerMessageHandler");

    private static final Set<String> STREAMS_GUARD_KEYS = Set.of("dev.shadowtx.kafka.streams.guard");

    @Override
    public @Nullable ChannelKind kindOf(Class<?> beanType) {
        if (KafkaOperations.class.isAssignableFrom(beanType) || ProducerFactory.class.isAssignableFrom(beanType)) {
            return KAFKA;
        }
        if (Producer.class.isAssignableFrom(beanType)) {
            return KAFKA_PRODUCER;
        }
        if (Consumer.class.isAssignableFrom(beanType) || ConsumerFactory.class.isAssignableFrom(beanType)) {
            return KAFKA_CONSUMER;
        }
        if (isA(beanType, STREAMS_BUILDER)) {
            return KAFKA_STREAMS;
        }
        if (isA(beanType, KAFKA_STREAMS_TYPE)) {
            return KAFKA_STREAMS_BUILT_BY_HAND;
        }
        if (KafkaBinderInput.class.isAssignableFrom(beanType)) {
            return KAFKA_BINDER;
        }
        for (String endpoint : INTEGRATION_ENDPOINTS) {
            if (isA(beanType, endpoint)) {
                return KAFKA_INTEGRATION;
            }
        }
        return null;
    }

    private static boolean isA(Class<?> beanType, String typeName) {
        ClassLoader classLoader = beanType.getClassLoader();
        if (!ClassUtils.isPresent(typeName, classLoader)) {
            return false;
        }
        return ClassUtils.resolveClassName(typeName, classLoader).isAssignableFrom(beanType);
    }

    @Override
    public @Nullable String guard(ChannelBean channel) {
        if (channel.kind() == KAFKA_CONSUMER && channel.existing() instanceof ConsumerFactory<?, ?> factory) {
            if (factory instanceof dev.shadowtx.core.ShadowExempt) {
                return "exempt: shadowtx's own channel (ShadowExempt)";
            }
            return ConsumerFactoryGuard.isGuarded(factory)
                    ? "the consumer guard on every consumer it creates: polls outside a listener container leave out "
                            + "marked records"
                    : null;
        }
        if (channel.kind() == KAFKA_CONSUMER) {
            return (channel.existing() instanceof MixedPollSplitting)
                    ? "polled outside a listener container: marked records are left out of its polls"
                    : null;
        }
        if (channel.kind() == KAFKA_PRODUCER) {
            return (channel.existing() instanceof ShadowProducerPostProcessor.GuardedBean)
                    ? "the producer guard of producer factories: shadow records rerouted, dropped or propagated by policy"
                    : null;
        }
        if (channel.kind() == KAFKA_STREAMS) {
            return streamsGuard(channel);
        }
        if (channel.kind() == KAFKA_STREAMS_BUILT_BY_HAND) {
            return handBuiltStreamsGuard(channel);
        }
        if (channel.kind() == KAFKA_BINDER) {
            return binderInputGuard(channel);
        }
        if (channel.kind() != KAFKA) {
            return null;
        }
        Object bean = channel.existing();
        if (bean == null) {
            return null;
        }
        if (ProducerFactoryGuard.isExempt(bean)) {
            return "exempt: shadowtx's own channel (ShadowExempt)";
        }
        if (bean instanceof ProducerFactoryGuard.BlockedInShadow) {
            return "its producer factory cannot be guarded: every send is refused in shadow";
        }
        if (bean instanceof ProducerFactory<?, ?> factory) {
            return ProducerFactoryGuard.isGuarded(factory)
                    ? "ShadowProducerPostProcessor on its producer factory"
                    : null;
        }
        if (bean instanceof KafkaTemplate<?, ?> template) {
            List<ProducerFactory<?, ?>> factories = ProducerFactoryGuard.factoriesOf(template);
            if (factories == null || factories.isEmpty()) {
                return null;
            }
            if (factories.stream()
                    .allMatch((factory) ->
                            ProducerFactoryGuard.isGuarded(factory) || ProducerFactoryGuard.isExempt(factory))) {
                return (factories.size() == 1)
                        ? "ShadowProducerPostProcessor on its producer factory"
                        : "ShadowProducerPostProcessor on each of its " + factories.size() + " producer factories";
            }
            return null;
        }
        if (bean instanceof KafkaOperations<?, ?> operations) {
            try {
                return ProducerFactoryGuard.isGuarded(operations.getProducerFactory())
                        ? "ShadowProducerPostProcessor on its producer factory"
                        : null;
            } catch (UnsupportedOperationException ex) {
                return null;
            }
        }
        return null;
    }

    /**
     * A {@code StreamsBuilder} bean is the product of a factory bean: its guard shows in the
     * factory's streams configuration.
     */
    private static @Nullable String streamsGuard(ChannelBean channel) {
        String factoryName = "&" + channel.name();
        if (!channel.beanFactory().containsBean(factoryName)
                || !ClassUtils.isPresent(STREAMS_GUARD, channel.beanFactory().getBeanClassLoader())) {
            return null;
        }
        try {
            Object factory = channel.beanFactory().getBean(factoryName);
            if (factory instanceof dev.shadowtx.core.ShadowExempt) {
                return "exempt: shadowtx's own channel (ShadowExempt)";
            }
            if (factory instanceof org.springframework.kafka.config.StreamsBuilderFactoryBean streams) {
                java.util.Properties properties = streams.getStreamsConfiguration();
                if (properties != null && STREAMS_GUARD_KEYS.stream().anyMatch(properties::containsKey)) {
                    return "shadow processor wrapper and client supplier: marked records are bound, skipped or "
                            + "rerouted, never processed by a stateful step";
                }
            }
        } catch (RuntimeException ex) {
            return null;
        }
        return null;
    }

    /**
     * An input binding of the Kafka binder: its container gets the one
     * {@code ListenerContainerCustomizer} of the application, and its consumer factory every
     * {@code ClientFactoryCustomizer}.
     */
    private static @Nullable String binderInputGuard(ChannelBean channel) {
        if (!(channel.existing() instanceof KafkaBinderInput)) {
            return null;
        }
        List<String> containerCustomizers = beanNames(channel, LISTENER_CONTAINER_CUSTOMIZER);
        if (containerCustomizers.equals(List.of(BINDER_CONTAINER_CUSTOMIZER))) {
            return "shadowtx's ListenerContainerCustomizer on the binder's container: each record runs the function in "
                    + "its own context (a marked one in shadow, or skipped per shadow.kafka.consumer.*)";
        }
        boolean consumerGuard = beanNames(channel, CLIENT_FACTORY_CUSTOMIZER).stream()
                .map((name) -> channel.beanFactory().getType(name, false))
                .anyMatch((type) -> type != null && BINDER_CLIENT_FACTORY_CUSTOMIZER.equals(type.getName()));
        if (!consumerGuard) {
            return null;
        }
        return "marked records skipped: the application's ListenerContainerCustomizer " + containerCustomizers
                + " replaces shadowtx's, and the consumer guard on the binder's consumer factories hands no marked "
                + "record to the function (unless that customizer calls ShadowListenerInstaller.install(container), "
                + "which runs them in shadow)";
    }

    private static List<String> beanNames(ChannelBean channel, String typeName) {
        ClassLoader classLoader = channel.beanFactory().getBeanClassLoader();
        if (!ClassUtils.isPresent(typeName, classLoader)) {
            return List.of();
        }
        Class<?> type = ClassUtils.resolveClassName(typeName, classLoader);
        return List.of(channel.beanFactory().getBeanNamesForType(type, true, false));
    }

    /**
     * A {@code KafkaStreams} bean is guarded when shadow-kafka built it again.
     */
    private static @Nullable String handBuiltStreamsGuard(ChannelBean channel) {
        Object bean = channel.existing();
        if (bean instanceof dev.shadowtx.core.ShadowExempt) {
            return "exempt: shadowtx's own channel (ShadowExempt)";
        }
        if (bean == null
                || !ClassUtils.isPresent(STREAMS_GUARD, channel.beanFactory().getBeanClassLoader())) {
            return null;
        }
        if (bean instanceof dev.shadowtx.kafka.streams.GuardedKafkaStreams guarded) {
            return guarded.processorsWrapped()
                    ? "built again with the shadow processor wrapper and client supplier: marked records are bound, "
                            + "skipped or rerouted, never processed by a stateful step"
                    : "built again with the shadow client supplier, its processors unknown to shadowtx: marked records "
                            + "are skipped (counted), never processed";
        }
        return null;
    }

    @Override
    public boolean isWatched(ChannelKind kind, Object bean) {
        return false;
    }

    @Override
    public int getOrder() {
        return 200;
    }
}
