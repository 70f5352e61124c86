package dev.shadowtx.kafka.streams;

import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.streams.KafkaClientSupplier;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.apache.kafka.streams.processor.StandbyUpdateListener;
import org.apache.kafka.streams.processor.StateRestoreListener;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorSupplier;
import org.apache.kafka.streams.processor.api.ProcessorSupplier;
import org.jspecify.annotations.Nullable;
import org.springframework.util.ReflectionUtils;

/**
 * Reads what a {@code KafkaStreams} the application built itself was made of (its topology, its
 * configuration, its client supplier and the listeners set on it), so that an instance not yet
 * started can be built again guarded. Kafka Streams keeps all of it to itself: each piece is read
 * from a field whose name this class knows for Kafka Streams 4.x. A field that is not there, or
 * holds something else, makes the instance one the library does not know, and the caller fails
 * closed.
 */
final class HandBuiltStreams {

    /**
     * The field names of Kafka Streams 4.x.
     */
    static final HandBuiltStreams KAFKA_4 = new HandBuiltStreams(Map.of(
            "topologyMetadata", "topologyMetadata",
            "builders", "builders",
            "nodeFactories", "nodeFactories",
            "supplier", "supplier",
            "stateStoreNames", "stateStoreNames",
            "delegate", "delegate",
            "applicationConfigs", "applicationConfigs",
            "clientSupplier", "clientSupplier"));

    private static final String PROCESSOR_NODE_FACTORY = "ProcessorNodeFactory";

    private static final Set<String> OTHER_NODE_FACTORIES = Set.of("SourceNodeFactory", "SinkNodeFactory");

    private static final String FIXED_KEY_PROCESSOR_NODE_FACTORY = "FixedKeyProcessorNodeFactory";

    private static final String NO_OP_WRAPPED_SUPPLIER =
            "org.apache.kafka.streams.processor.internals.NoOpProcessorWrapper$WrappedProcessorSupplierImpl";

    private static final String NO_OP_WRAPPED_FIXED_KEY_SUPPLIER =
            "org.apache.kafka.streams.processor.internals.NoOpProcessorWrapper$WrappedFixedKeyProcessorSupplierImpl";

    private final Map<String, String> names;

    HandBuiltStreams(Map<String, String> names) {
        this.names = names;
    }

    /**
     * Read an instance.
     * @param streams the instance, not started
     * @return what it was made of
     * @throws UnknownStreamsException when a field is not what the library knows
     */
    Parts read(KafkaStreams streams) {
        Object metadata = field(streams, "topologyMetadata");
        Object builders = field(metadata, "builders");
        if (!(builders instanceof Map<?, ?> byName) || byName.size() != 1) {
            throw new UnknownStreamsException("its topology is not one unnamed topology");
        }
        Object builder = byName.values().iterator().next();
        Object config = field(streams, "applicationConfigs");
        Object supplier = field(streams, "clientSupplier");
        if (builder == null
                || !(config instanceof StreamsConfig streamsConfig)
                || !(supplier instanceof KafkaClientSupplier clientSupplier)) {
            throw new UnknownStreamsException("its topology, configuration or client supplier cannot be read");
        }
        return new Parts(builder, streamsConfig, clientSupplier, listenersOf(streams));
    }

    /**
     * Wrap every processor of a topology that is not built into tasks yet.
     * @param parts what the instance was made of
     * @param wrapper the shadow processor wrapper
     * @throws UnknownStreamsException when a node of the topology is not what the library knows
     */
    @SuppressWarnings({"unchecked", "rawtypes"})
    void wrapProcessors(Parts parts, ShadowProcessorWrapper wrapper) {
        Object factories = field(parts.builder, "nodeFactories");
        if (!(factories instanceof Map<?, ?> byName)) {
            throw new UnknownStreamsException("its topology's nodes cannot be read");
        }
        List<Runnable> writes = new ArrayList<>();
        for (Map.Entry<?, ?> entry : byName.entrySet()) {
            Object factory = entry.getValue();
            String type = (factory != null) ? factory.getClass().getSimpleName() : "null";
            if (factory == null || OTHER_NODE_FACTORIES.contains(type)) {
                continue;
            }
            if (!PROCESSOR_NODE_FACTORY.equals(type) && !FIXED_KEY_PROCESSOR_NODE_FACTORY.equals(type)) {
                throw new UnknownStreamsException("its topology has a node of unknown type " + type);
            }
            Object supplier = field(factory, "supplier");
            Object stores = field(factory, "stateStoreNames");
            if (!(stores instanceof Set<?> storeNames)) {
                throw new UnknownStreamsException("a processor of its topology cannot be read");
            }
            if (supplier instanceof ShadowProcessorWrapper.Wrapped) {
                continue;
            }
            Object wrapped;
            if (PROCESSOR_NODE_FACTORY.equals(type) && supplier instanceof ProcessorSupplier<?, ?, ?, ?> processor) {
                wrapped = wrapper.wrap(
                        (ProcessorSupplier) unwrapNoOp(processor, NO_OP_WRAPPED_SUPPLIER), !storeNames.isEmpty());
            } else if (supplier instanceof FixedKeyProcessorSupplier<?, ?, ?> processor) {
                wrapped = wrapper.wrapFixedKey(
                        (FixedKeyProcessorSupplier) unwrapNoOp(processor, NO_OP_WRAPPED_FIXED_KEY_SUPPLIER),
                        !storeNames.isEmpty());
            } else {
                throw new UnknownStreamsException("a processor of its topology cannot be read");
            }
            Field target = findField(factory, "supplier");
            writes.add(() -> ReflectionUtils.setField(target, factory, wrapped));
        }
        writes.forEach(Runnable::run);
    }

    private Object unwrapNoOp(Object supplier, String noOpType) {
        if (!supplier.getClass().getName().equals(noOpType)) {
            return supplier;
        }
        Object delegate = field(supplier, "delegate");
        if (delegate == null) {
            throw new UnknownStreamsException("a processor of its topology cannot be read");
        }
        return delegate;
    }

    /**
     * The listeners the application set on the instance before it was handed over. The handler
     * for uncaught exceptions is kept by Kafka Streams inside a lambda: the application's own is
     * the one captured there (the default handler captures none).
     */
    private Listeners listenersOf(KafkaStreams streams) {
        Object state = field(streams, "stateListener", "stateListener");
        Object restore = field(
                field(streams, "delegatingStateRestoreListener", "delegatingStateRestoreListener"),
                "userStateRestoreListener",
                "userStateRestoreListener");
        Object standby = field(
                field(streams, "delegatingStandbyUpdateListener", "delegatingStandbyUpdateListener"),
                "userStandbyListener",
                "userStandbyListener");
        Object uncaught = field(streams, "streamsUncaughtExceptionHandler", "streamsUncaughtExceptionHandler");
        return new Listeners(
                (KafkaStreams.StateListener) typed(state, KafkaStreams.StateListener.class),
                (StateRestoreListener) typed(restore, StateRestoreListener.class),
                (StandbyUpdateListener) typed(standby, StandbyUpdateListener.class),
                (uncaught != null) ? capturedHandler(uncaught) : null);
    }

    private static @Nullable StreamsUncaughtExceptionHandler capturedHandler(Object handlerCall) {
        for (Field field : handlerCall.getClass().getDeclaredFields()) {
            if (StreamsUncaughtExceptionHandler.class.isAssignableFrom(field.getType())) {
                if (!field.trySetAccessible()) {
                    throw new UnknownStreamsException("the uncaught exception handler set on it cannot be read");
                }
                return (StreamsUncaughtExceptionHandler) ReflectionUtils.getField(field, handlerCall);
            }
        }
        return null;
    }

    /**
     * Carry the listeners over to the instance built again.
     * @param listeners the listeners of the application's instance
     * @param guarded the instance built again
     */
    static void carryListeners(Listeners listeners, KafkaStreams guarded) {
        if (listeners.state() != null) {
            guarded.setStateListener(listeners.state());
        }
        if (listeners.restore() != null) {
            guarded.setGlobalStateRestoreListener(listeners.restore());
        }
        if (listeners.standby() != null) {
            guarded.setStandbyUpdateListener(listeners.standby());
        }
        if (listeners.uncaught() != null) {
            guarded.setUncaughtExceptionHandler(listeners.uncaught());
        }
    }

    private static @Nullable Object typed(@Nullable Object value, Class<?> type) {
        if (value != null && !type.isInstance(value)) {
            throw new UnknownStreamsException("a listener set on it is not a " + type.getSimpleName());
        }
        return value;
    }

    private @Nullable Object field(@Nullable Object target, String key) {
        String name = this.names.get(key);
        if (name == null) {
            throw new UnknownStreamsException("no field known for " + key);
        }
        return field(target, key, name);
    }

    private static @Nullable Object field(@Nullable Object target, String key, String name) {
        if (target == null) {
            throw new UnknownStreamsException("no " + key + " to read");
        }
        return ReflectionUtils.getField(locate(target, key, name), target);
    }

    private Field findField(Object target, String key) {
        return locate(target, key, this.names.getOrDefault(key, key));
    }

    private static Field locate(Object target, String key, String name) {
        Field field = ReflectionUtils.findField(target.getClass(), name);
        if (field == null || !field.trySetAccessible()) {
            throw new UnknownStreamsException(target.getClass().getName() + " has no field " + name + " (" + key + ")");
        }
        return field;
    }

    /**
     * A topology whose builder is the one of an instance already made.
     */
    static Topology topologyOf(Object builder) {
        return new Topology((org.apache.kafka.streams.processor.internals.InternalTopologyBuilder) builder) {};
    }

    /**
     * What an instance was made of.
     */
    record Parts(Object builder, StreamsConfig config, KafkaClientSupplier clientSupplier, Listeners listeners) {}

    /**
     * The listeners set on an instance.
     */
    record Listeners(
            KafkaStreams.@Nullable StateListener state,
            @Nullable StateRestoreListener restore,
            @Nullable StandbyUpdateListener standby,
            @Nullable StreamsUncaughtExceptionHandler uncaught) {}

    /**
     * A {@code KafkaStreams} whose inside is not what the library knows.
     */
    static final class UnknownStreamsException extends RuntimeException {

        private static final long serialVersionUID = 1L;

        UnknownStreamsException(String message) {
            super(message);
        }
    }
}
