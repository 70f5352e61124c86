package dev.shadowtx.kafka.streams;

import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.common.Configurable;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.utils.Utils;
import org.apache.kafka.streams.KafkaClientSupplier;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.processor.internals.DefaultKafkaClientSupplier;
import org.jspecify.annotations.Nullable;
import org.springframework.util.ClassUtils;

/**
 * The client supplier ({@code default.client.supplier}) that shadowtx puts in a
 * {@code KafkaStreamsConfiguration} bean, for a {@code KafkaStreams} the application builds from
 * that configuration without declaring it as a bean: its processors cannot be wrapped, so its
 * main consumer never delivers a marked record (skipped, counted as
 * {@code shadow.records.skipped}), its global consumer neither, and its producer sends by the
 * shadow policy. A client supplier the application configured itself is used inside this one.
 */
public final class ShadowConfiguredClientSupplier implements KafkaClientSupplier, Configurable {

    private @Nullable KafkaClientSupplier applicationSupplier;

    private @Nullable ShadowKafkaClientSupplier supplier;

    @Override
    public void configure(Map<String, ?> configs) {
        Object guard = configs.get(ShadowStreamsGuard.GUARD_CONFIG);
        if (!(guard instanceof ShadowStreamsGuard shadowGuard)) {
            throw new ConfigException(
                    ShadowStreamsGuard.GUARD_CONFIG,
                    guard,
                    "ShadowConfiguredClientSupplier needs the ShadowStreamsGuard that configured it");
        }
        KafkaClientSupplier application = applicationSupplier(configs);
        Object applicationId = configs.get(StreamsConfig.APPLICATION_ID_CONFIG);
        this.applicationSupplier = application;
        this.supplier = new ShadowKafkaClientSupplier(
                shadowGuard, application, (applicationId != null) ? applicationId.toString() : null, true);
    }

    private static KafkaClientSupplier applicationSupplier(Map<String, ?> configs) {
        Object configured = configs.get(ShadowStreamsGuard.APPLICATION_CLIENT_SUPPLIER_CONFIG);
        if (configured == null) {
            return new DefaultKafkaClientSupplier();
        }
        try {
            Class<?> type = (configured instanceof Class<?> clazz)
                    ? clazz
                    : ClassUtils.forName(configured.toString(), ShadowConfiguredClientSupplier.class.getClassLoader());
            KafkaClientSupplier instance = (KafkaClientSupplier) Utils.newInstance(type);
            if (instance instanceof Configurable configurable) {
                configurable.configure(configs);
            }
            return instance;
        } catch (ClassNotFoundException | LinkageError | ClassCastException ex) {
            throw new ConfigException(StreamsConfig.DEFAULT_CLIENT_SUPPLIER_CONFIG, configured, ex.toString());
        }
    }

    /**
     * Return the client supplier of the application's own inside this one.
     * @return the application's supplier
     */
    KafkaClientSupplier applicationSupplier() {
        return configured(this.applicationSupplier);
    }

    private ShadowKafkaClientSupplier supplier() {
        return configured(this.supplier);
    }

    private static <T> T configured(@Nullable T value) {
        if (value == null) {
            throw new IllegalStateException("ShadowConfiguredClientSupplier used before it was configured");
        }
        return value;
    }

    @Override
    public Admin getAdmin(Map<String, Object> config) {
        return supplier().getAdmin(config);
    }

    @Override
    public Producer<byte[], byte[]> getProducer(Map<String, Object> config) {
        return supplier().getProducer(config);
    }

    @Override
    public Consumer<byte[], byte[]> getConsumer(Map<String, Object> config) {
        return supplier().getConsumer(config);
    }

    @Override
    public Consumer<byte[], byte[]> getRestoreConsumer(Map<String, Object> config) {
        return supplier().getRestoreConsumer(config);
    }

    @Override
    public Consumer<byte[], byte[]> getGlobalConsumer(Map<String, Object> config) {
        return supplier().getGlobalConsumer(config);
    }
}
