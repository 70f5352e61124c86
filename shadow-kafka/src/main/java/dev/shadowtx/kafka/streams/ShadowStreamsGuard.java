package dev.shadowtx.kafka.streams;

import dev.shadowtx.core.ShadowExempt;
import dev.shadowtx.core.context.ShadowContext;
import dev.shadowtx.core.metrics.ShadowRecorder;
import dev.shadowtx.kafka.KafkaMarkers;
import dev.shadowtx.kafka.consumer.ShadowConsumerPostProcessor;
import dev.shadowtx.kafka.consumer.ShadowListenerPolicy;
import dev.shadowtx.kafka.producer.ShadowProducerPostProcessor;
import java.lang.reflect.Field;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.streams.KafkaClientSupplier;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.processor.internals.DefaultKafkaClientSupplier;
import org.jspecify.annotations.Nullable;
import org.springframework.kafka.config.KafkaStreamsConfiguration;
import org.springframework.kafka.config.StreamsBuilderFactoryBean;
import org.springframework.util.ReflectionUtils;

/**
 * Guards a Kafka Streams application built through a {@link StreamsBuilderFactoryBean}, before its
 * topology is built:
 * <ul>
 * <li>every processor is wrapped ({@code processor.wrapper.class}, see
 * {@link ShadowProcessorWrapper}): a marked record is processed with its shadow context bound,
 * or skipped when the application skips shadow records; a processor with a state store never
 * processes a marked record (its store and changelog are live state);</li>
 * <li>the Streams producer ({@link KafkaClientSupplier}) sends a record that is marked, or sent
 * while a shadow context is bound, by the shadow Kafka policy (rerouted, dropped or propagated),
 * so a topology that forwards a marked input to a sink topic, even with no processor in between,
 * never writes it to the live topic; its own repartition and changelog topics are left as they
 * are;</li>
 * <li>the global consumer (global tables) never delivers a marked record, and with
 * {@code skip-shadow-records} neither does the main consumer.</li>
 * </ul>
 * The application id is the listener id the consumer policy matches: listing it as shadow-aware
 * lets the topology receive marked records even when the others skip them. A factory bean that
 * implements {@link ShadowExempt} is left as it is.
 */
public final class ShadowStreamsGuard {

    static final String CHANNEL = "kafka";

    private static final Log logger = LogFactory.getLog(ShadowStreamsGuard.class);

    /**
     * Streams configuration key under which the guard reaches the processor wrapper.
     */
    public static final String GUARD_CONFIG = "dev.shadowtx.kafka.streams.guard";

    /**
     * Streams configuration key that keeps a processor wrapper the application configured itself,
     * to be applied inside the shadow one.
     */
    public static final String APPLICATION_WRAPPER_CONFIG = "dev.shadowtx.kafka.streams.application-wrapper";

    /**
     * Streams configuration key that keeps a client supplier the application configured itself
     * ({@code default.client.supplier}), to be used inside the shadow one.
     */
    public static final String APPLICATION_CLIENT_SUPPLIER_CONFIG =
            "dev.shadowtx.kafka.streams.application-client-supplier";

    private final KafkaMarkers markers;

    private final ShadowListenerPolicy policy;

    private final ShadowProducerPostProcessor<Object, Object> producerGuard;

    private final ShadowConsumerPostProcessor<Object, Object> consumerGuard;

    private final Supplier<ShadowRecorder> recorder;

    /**
     * Create the guard.
     * @param markers reads and writes the marker of records
     * @param policy whether the application skips marked records, by application id
     * @param producerGuard the shadow Kafka policy for sends
     * @param consumerGuard leaves marked records out of polls that must not deliver them
     * @param recorder where to report bound and skipped records
     */
    public ShadowStreamsGuard(
            KafkaMarkers markers,
            ShadowListenerPolicy policy,
            ShadowProducerPostProcessor<Object, Object> producerGuard,
            ShadowConsumerPostProcessor<Object, Object> consumerGuard,
            Supplier<ShadowRecorder> recorder) {
        this.markers = markers;
        this.policy = policy;
        this.producerGuard = producerGuard;
        this.consumerGuard = consumerGuard;
        this.recorder = recorder;
    }

    /**
     * Guard a factory bean whose topology is not built yet.
     * @param factoryBean the factory bean
     * @return {@code true} when it is guarded, {@code false} when it is exempt
     */
    public boolean guard(StreamsBuilderFactoryBean factoryBean) {
        if (factoryBean instanceof ShadowExempt) {
            return false;
        }
        Properties properties = factoryBean.getStreamsConfiguration();
        if (properties == null) {
            properties = new Properties();
        }
        if (properties.get(GUARD_CONFIG) == this
                && isShadowWrapper(properties.get(StreamsConfig.PROCESSOR_WRAPPER_CLASS_CONFIG))) {
            return true;
        }
        Object applicationWrapper = properties.get(StreamsConfig.PROCESSOR_WRAPPER_CLASS_CONFIG);
        if (applicationWrapper != null && !isShadowWrapper(applicationWrapper)) {
            properties.put(APPLICATION_WRAPPER_CONFIG, applicationWrapper);
        }
        properties.put(StreamsConfig.PROCESSOR_WRAPPER_CLASS_CONFIG, ShadowProcessorWrapper.class.getName());
        properties.put(GUARD_CONFIG, this);
        factoryBean.setStreamsConfiguration(properties);
        String applicationId = properties.getProperty(StreamsConfig.APPLICATION_ID_CONFIG);
        factoryBean.setClientSupplier(
                new ShadowKafkaClientSupplier(this, clientSupplierOf(factoryBean), applicationId));
        return true;
    }

    private static boolean isShadowWrapper(@Nullable Object configured) {
        return configured == ShadowProcessorWrapper.class
                || ShadowProcessorWrapper.class.getName().equals(configured);
    }

    private static KafkaClientSupplier clientSupplierOf(StreamsBuilderFactoryBean factoryBean) {
        Field field = ReflectionUtils.findField(StreamsBuilderFactoryBean.class, "clientSupplier");
        if (field != null) {
            ReflectionUtils.makeAccessible(field);
            Object current = ReflectionUtils.getField(field, factoryBean);
            if (current instanceof ShadowKafkaClientSupplier shadow) {
                return shadow.delegate();
            }
            if (current instanceof KafkaClientSupplier supplier) {
                return supplier;
            }
        }
        return new DefaultKafkaClientSupplier();
    }

    /**
     * Guard a Kafka Streams configuration bean for the instances the application builds from it
     * itself, outside any bean ({@code new KafkaStreams(topology, configuration.asProperties())}):
     * their client supplier ({@code default.client.supplier}) becomes
     * {@link ShadowConfiguredClientSupplier}, whose consumers never deliver a marked record and
     * whose producer sends by the shadow policy. A {@code StreamsBuilderFactoryBean} built from it
     * passes its own supplier and is guarded as before.
     * @param configuration the configuration bean
     * @return the configuration to use instead
     */
    public KafkaStreamsConfiguration guard(KafkaStreamsConfiguration configuration) {
        if (configuration instanceof ShadowExempt) {
            return configuration;
        }
        Map<String, Object> configs = new HashMap<>(configuration.asProperties().entrySet().stream()
                .collect(Collectors.toMap((entry) -> entry.getKey().toString(), Map.Entry::getValue)));
        if (configs.get(GUARD_CONFIG) == this) {
            return configuration;
        }
        Object applicationSupplier = configs.get(StreamsConfig.DEFAULT_CLIENT_SUPPLIER_CONFIG);
        if (applicationSupplier != null && !isShadowSupplier(applicationSupplier)) {
            configs.put(APPLICATION_CLIENT_SUPPLIER_CONFIG, applicationSupplier);
        }
        configs.put(StreamsConfig.DEFAULT_CLIENT_SUPPLIER_CONFIG, ShadowConfiguredClientSupplier.class.getName());
        configs.put(GUARD_CONFIG, this);
        return new KafkaStreamsConfiguration(configs);
    }

    private static boolean isShadowSupplier(Object configured) {
        return configured == ShadowConfiguredClientSupplier.class
                || ShadowConfiguredClientSupplier.class.getName().equals(configured);
    }

    /**
     * Guard a {@code KafkaStreams} the application built itself ({@code new KafkaStreams(topology,
     * properties)} declared as a bean), before it starts: it is closed and built again over the
     * same topology, configuration and client supplier, with every processor wrapped (see
     * {@link ShadowProcessorWrapper}) and the shadow client supplier, so it treats marked records
     * exactly as a topology built through a {@link StreamsBuilderFactoryBean}. Fails closed:
     * <ul>
     * <li>processors whose inside is not what the library knows are left unwrapped, and its
     * consumer then never delivers a marked record (skipped, counted as
     * {@code shadow.records.skipped}, with a warning at startup);</li>
     * <li>an instance already started, of a subclass of the application's own, or whose topology,
     * configuration or client supplier cannot be read cannot be guarded at all: it is closed and
     * startup is refused, naming the bean.</li>
     * </ul>
     * An instance that implements {@link ShadowExempt} is left as it is.
     * @param streams the application's instance
     * @param beanName its bean name
     * @return the instance to use instead
     * @throws IllegalStateException when the instance cannot be guarded
     */
    public KafkaStreams guardBuiltByHand(KafkaStreams streams, String beanName) {
        return guardBuiltByHand(streams, beanName, HandBuiltStreams.KAFKA_4);
    }

    KafkaStreams guardBuiltByHand(KafkaStreams streams, String beanName, HandBuiltStreams internals) {
        if (streams instanceof ShadowExempt || streams instanceof GuardedKafkaStreams) {
            return streams;
        }
        if (streams.getClass() != KafkaStreams.class) {
            throw refused(
                    streams,
                    beanName,
                    "it is a " + streams.getClass().getName() + ", which shadowtx cannot build again");
        }
        if (streams.state() != KafkaStreams.State.CREATED) {
            throw refused(
                    streams,
                    beanName,
                    "it was started (state " + streams.state() + ") before shadowtx could guard it, and is closed");
        }
        HandBuiltStreams.Parts parts;
        try {
            parts = internals.read(streams);
        } catch (HandBuiltStreams.UnknownStreamsException ex) {
            throw refused(streams, beanName, ex.getMessage());
        }
        String applicationId = parts.config().getString(StreamsConfig.APPLICATION_ID_CONFIG);
        ShadowProcessorWrapper wrapper = new ShadowProcessorWrapper();
        wrapper.configure(Map.of(GUARD_CONFIG, this, StreamsConfig.APPLICATION_ID_CONFIG, applicationId));
        boolean wrapped = true;
        try {
            internals.wrapProcessors(parts, wrapper);
        } catch (HandBuiltStreams.UnknownStreamsException ex) {
            wrapped = false;
            logger.warn("KafkaStreams bean '" + beanName + "': its processors cannot be wrapped (" + ex.getMessage()
                    + "); its consumer leaves out every marked record (counted as shadow.records.skipped), "
                    + "so none is processed, live or in shadow");
        }
        KafkaClientSupplier delegate = parts.clientSupplier();
        if (delegate instanceof ShadowConfiguredClientSupplier configured) {
            delegate = configured.applicationSupplier();
        } else if (delegate instanceof ShadowKafkaClientSupplier shadow) {
            delegate = shadow.delegate();
        }
        streams.close();
        GuardedKafkaStreams guarded = new GuardedKafkaStreams(
                HandBuiltStreams.topologyOf(parts.builder()),
                parts.config(),
                new ShadowKafkaClientSupplier(this, delegate, applicationId, !wrapped),
                wrapped);
        HandBuiltStreams.carryListeners(parts.listeners(), guarded);
        return guarded;
    }

    /**
     * Refuse an instance that cannot be guarded: it is closed first, so that none of its stream
     * threads (which would keep the process alive after the failed startup) processes a marked
     * record as live.
     */
    private static IllegalStateException refused(KafkaStreams streams, String beanName, @Nullable String reason) {
        streams.close();
        return new IllegalStateException("KafkaStreams bean '" + beanName + "' cannot be guarded: " + reason
                + "; it would process marked records as live ones. Declare it unstarted (start it after injection, "
                + "for example @Bean(initMethod = \"start\") or a SmartLifecycle), build it through a "
                + "StreamsBuilderFactoryBean, or implement ShadowExempt if it must see marked records as they are");
    }

    /**
     * Return the context a record carries.
     * @param headers the record's headers
     * @return the context, or {@code null} for a live record
     */
    @Nullable
    ShadowContext contextOf(Headers headers) {
        return this.markers.contextOf(headers, this.recorder.get());
    }

    boolean skips(@Nullable String applicationId) {
        return this.policy.skips(applicationId, applicationId);
    }

    KafkaMarkers markers() {
        return this.markers;
    }

    ShadowProducerPostProcessor<Object, Object> producerGuard() {
        return this.producerGuard;
    }

    ShadowConsumerPostProcessor<Object, Object> consumerGuard() {
        return this.consumerGuard;
    }

    ShadowRecorder recorder() {
        return this.recorder.get();
    }
}
