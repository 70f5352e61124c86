package dev.shadowtx.kafka.streams;

import dev.shadowtx.core.context.ShadowContext;
import dev.shadowtx.core.context.ShadowContextHolder;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.utils.Utils;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorSupplier;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.ProcessorSupplier;
import org.apache.kafka.streams.processor.api.ProcessorWrapper;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.WrappedFixedKeyProcessorSupplier;
import org.apache.kafka.streams.processor.api.WrappedProcessorSupplier;
import org.apache.kafka.streams.state.StoreBuilder;
import org.jspecify.annotations.Nullable;
import org.springframework.util.ClassUtils;

/**
 * Kafka Streams' processor wrapper ({@code processor.wrapper.class}) that runs each processor of
 * a guarded topology in the context of the record it processes:
 * <ul>
 * <li>a live record is processed as live, unless it descends from a marked one within the same
 * processing (a processor that replaced the headers): the shadow context bound upstream stays;</li>
 * <li>a marked record is processed with its shadow context bound (database writes roll back,
 * outbound calls follow their policy, sends are rerouted), or skipped, counted as
 * {@code shadow.records.skipped}, when the application skips shadow records;</li>
 * <li>a processor with a state store never processes a marked record: its store (and the
 * changelog behind it) is live state that later live records would read. Such a processor is one
 * whose supplier connects a store, or, for processors of the application's own, one that asks its
 * context for a store when it is initialised.</li>
 * </ul>
 * A processor wrapper the application configured itself is applied inside this one.
 */
public final class ShadowProcessorWrapper implements ProcessorWrapper {

    private static final String DSL_PACKAGE = "org.apache.kafka.streams.kstream.internals";

    private @Nullable ShadowStreamsGuard guard;

    private @Nullable String applicationId;

    private @Nullable ProcessorWrapper applicationWrapper;

    @Override
    public void configure(Map<String, ?> configs) {
        Object configured = configs.get(ShadowStreamsGuard.GUARD_CONFIG);
        if (!(configured instanceof ShadowStreamsGuard shadowGuard)) {
            throw new ConfigException(
                    ShadowStreamsGuard.GUARD_CONFIG,
                    configured,
                    "ShadowProcessorWrapper needs the "
                            + "ShadowStreamsGuard that configured it; let shadowtx set processor.wrapper.class");
        }
        this.guard = shadowGuard;
        Object applicationId = configs.get(StreamsConfig.APPLICATION_ID_CONFIG);
        this.applicationId = (applicationId != null) ? applicationId.toString() : null;
        Object wrapper = configs.get(ShadowStreamsGuard.APPLICATION_WRAPPER_CONFIG);
        if (wrapper != null) {
            try {
                Class<?> type = (wrapper instanceof Class<?> clazz)
                        ? clazz
                        : ClassUtils.forName(wrapper.toString(), ShadowProcessorWrapper.class.getClassLoader());
                ProcessorWrapper instance = (ProcessorWrapper) Utils.newInstance(type);
                instance.configure(configs);
                this.applicationWrapper = instance;
            } catch (ClassNotFoundException | LinkageError | ClassCastException ex) {
                throw new ConfigException(StreamsConfig.PROCESSOR_WRAPPER_CLASS_CONFIG, wrapper, ex.toString());
            }
        }
    }

    private ShadowStreamsGuard guard() {
        ShadowStreamsGuard current = this.guard;
        if (current == null) {
            throw new IllegalStateException("ShadowProcessorWrapper used before it was configured");
        }
        return current;
    }

    @Override
    public <KIn, VIn, KOut, VOut> WrappedProcessorSupplier<KIn, VIn, KOut, VOut> wrapProcessorSupplier(
            String processorName, ProcessorSupplier<KIn, VIn, KOut, VOut> processorSupplier) {
        ProcessorSupplier<KIn, VIn, KOut, VOut> inner = (this.applicationWrapper != null)
                ? this.applicationWrapper.wrapProcessorSupplier(processorName, processorSupplier)
                : processorSupplier;
        return wrap(inner, isDsl(processorSupplier), false);
    }

    /**
     * Wrap a processor of a topology that was built without this wrapper.
     * @param processorSupplier the processor's supplier
     * @param connectedStores whether the topology connects a state store to it
     * @return the wrapped supplier
     */
    <KIn, VIn, KOut, VOut> WrappedProcessorSupplier<KIn, VIn, KOut, VOut> wrap(
            ProcessorSupplier<KIn, VIn, KOut, VOut> processorSupplier, boolean connectedStores) {
        return wrap(processorSupplier, isDsl(processorSupplier), connectedStores);
    }

    private <KIn, VIn, KOut, VOut> WrappedProcessorSupplier<KIn, VIn, KOut, VOut> wrap(
            ProcessorSupplier<KIn, VIn, KOut, VOut> inner, boolean dsl, boolean connectedStores) {
        boolean stateful = connectedStores || hasStores(inner.stores());
        return new WrappedSupplier<>() {
            @Override
            public Processor<KIn, VIn, KOut, VOut> get() {
                return new ShadowProcessor<>(inner.get(), new Decision(stateful, dsl));
            }

            @Override
            public @Nullable Set<StoreBuilder<?>> stores() {
                return inner.stores();
            }
        };
    }

    @Override
    public <KIn, VIn, VOut> WrappedFixedKeyProcessorSupplier<KIn, VIn, VOut> wrapFixedKeyProcessorSupplier(
            String processorName, FixedKeyProcessorSupplier<KIn, VIn, VOut> processorSupplier) {
        FixedKeyProcessorSupplier<KIn, VIn, VOut> inner = (this.applicationWrapper != null)
                ? this.applicationWrapper.wrapFixedKeyProcessorSupplier(processorName, processorSupplier)
                : processorSupplier;
        return wrapFixedKey(inner, isDsl(processorSupplier), false);
    }

    /**
     * Wrap a fixed-key processor of a topology that was built without this wrapper.
     * @param processorSupplier the processor's supplier
     * @param connectedStores whether the topology connects a state store to it
     * @return the wrapped supplier
     */
    <KIn, VIn, VOut> WrappedFixedKeyProcessorSupplier<KIn, VIn, VOut> wrapFixedKey(
            FixedKeyProcessorSupplier<KIn, VIn, VOut> processorSupplier, boolean connectedStores) {
        return wrapFixedKey(processorSupplier, isDsl(processorSupplier), connectedStores);
    }

    private <KIn, VIn, VOut> WrappedFixedKeyProcessorSupplier<KIn, VIn, VOut> wrapFixedKey(
            FixedKeyProcessorSupplier<KIn, VIn, VOut> inner, boolean dsl, boolean connectedStores) {
        boolean stateful = connectedStores || hasStores(inner.stores());
        return new WrappedFixedKeySupplier<>() {
            @Override
            public FixedKeyProcessor<KIn, VIn, VOut> get() {
                return new ShadowFixedKeyProcessor<>(inner.get(), new Decision(stateful, dsl));
            }

            @Override
            public @Nullable Set<StoreBuilder<?>> stores() {
                return inner.stores();
            }
        };
    }

    /**
     * A supplier this wrapper made: a topology that holds one is guarded already.
     */
    interface Wrapped {}

    private interface WrappedSupplier<KIn, VIn, KOut, VOut>
            extends WrappedProcessorSupplier<KIn, VIn, KOut, VOut>, Wrapped {}

    private interface WrappedFixedKeySupplier<KIn, VIn, VOut>
            extends WrappedFixedKeyProcessorSupplier<KIn, VIn, VOut>, Wrapped {}

    private static boolean hasStores(@Nullable Set<StoreBuilder<?>> stores) {
        return stores != null && !stores.isEmpty();
    }

    private static boolean isDsl(Object supplier) {
        return supplier.getClass().getName().startsWith(DSL_PACKAGE);
    }

    /**
     * Watches, for processors of the application's own, whether the processor obtains a state store;
     * the context is wrapped in a proxy of all its interfaces. Processors of the DSL, which may
     * cast their context to Kafka's internal types, declare their stores through their supplier
     * and get their context as it is.
     */
    @SuppressWarnings("unchecked")
    static <C> C watchStores(C context, Decision decision) {
        if (decision.dsl) {
            return context;
        }
        Class<?>[] interfaces = ClassUtils.getAllInterfacesForClass(
                context.getClass(), context.getClass().getClassLoader());
        return (C) Proxy.newProxyInstance(context.getClass().getClassLoader(), interfaces, (proxy, method, args) -> {
            if (method.getName().equals("getStateStore")) {
                decision.stateful = true;
            }
            try {
                return method.invoke(context, args);
            } catch (InvocationTargetException ex) {
                throw ex.getTargetException();
            }
        });
    }

    /**
     * Run one record through a processor in the record's context.
     */
    void process(Headers headers, Decision decision, Runnable processing) {
        ShadowStreamsGuard current = guard();
        ShadowContext context = current.contextOf(headers);
        if (context == null) {
            context = ShadowContextHolder.current();
        }
        if (context == null) {
            try (ShadowContextHolder.Scope scope = ShadowContextHolder.bind(null)) {
                processing.run();
            }
            return;
        }
        if (decision.stateful || current.skips(this.applicationId)) {
            current.recorder().recordSkipped(ShadowStreamsGuard.CHANNEL, "kafka-streams", context.mode());
            return;
        }
        try (ShadowContextHolder.Scope scope = ShadowContextHolder.bind(context)) {
            processing.run();
        }
    }

    /**
     * What is known about one processor instance.
     */
    static final class Decision {

        final boolean dsl;

        volatile boolean stateful;

        Decision(boolean stateful, boolean dsl) {
            this.stateful = stateful;
            this.dsl = dsl;
        }
    }

    /**
     * A processor run in the context of each record.
     */
    private final class ShadowProcessor<KIn, VIn, KOut, VOut> implements Processor<KIn, VIn, KOut, VOut> {

        private final Processor<KIn, VIn, KOut, VOut> delegate;

        private final Decision decision;

        ShadowProcessor(Processor<KIn, VIn, KOut, VOut> delegate, Decision decision) {
            this.delegate = delegate;
            this.decision = decision;
        }

        @Override
        public void init(ProcessorContext<KOut, VOut> context) {
            this.delegate.init(watchStores(context, this.decision));
        }

        @Override
        public void process(Record<KIn, VIn> record) {
            ShadowProcessorWrapper.this.process(record.headers(), this.decision, () -> this.delegate.process(record));
        }

        @Override
        public void close() {
            this.delegate.close();
        }
    }

    /**
     * A fixed-key processor run in the context of each record.
     */
    private final class ShadowFixedKeyProcessor<KIn, VIn, VOut> implements FixedKeyProcessor<KIn, VIn, VOut> {

        private final FixedKeyProcessor<KIn, VIn, VOut> delegate;

        private final Decision decision;

        ShadowFixedKeyProcessor(FixedKeyProcessor<KIn, VIn, VOut> delegate, Decision decision) {
            this.delegate = delegate;
            this.decision = decision;
        }

        @Override
        public void init(FixedKeyProcessorContext<KIn, VOut> context) {
            this.delegate.init(watchStores(context, this.decision));
        }

        @Override
        public void process(FixedKeyRecord<KIn, VIn> record) {
            ShadowProcessorWrapper.this.process(record.headers(), this.decision, () -> this.delegate.process(record));
        }

        @Override
        public void close() {
            this.delegate.close();
        }
    }
}
