package dev.shadowtx.kafka.testsupport;

import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.jspecify.annotations.Nullable;
import org.springframework.kafka.core.ConsumerFactory;

/**
 * A consumer factory of an application's own, no {@code DefaultKafkaConsumerFactory}: it creates
 * {@code KafkaConsumer}s itself from its configuration, the group id and the properties it is given.
 */
public class ConsumerFactoryOfItsOwn implements ConsumerFactory<Object, Object> {

    private final Map<String, Object> configs;

    public ConsumerFactoryOfItsOwn(Map<String, Object> configs) {
        this.configs = Map.copyOf(configs);
    }

    @Override
    public Consumer<Object, Object> createConsumer(
            @Nullable String groupId,
            @Nullable String clientIdPrefix,
            @Nullable String clientIdSuffix,
            @Nullable Properties properties) {
        Map<String, Object> consumerConfigs = new HashMap<>(this.configs);
        if (groupId != null) {
            consumerConfigs.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
        }
        if (properties != null) {
            properties.stringPropertyNames().forEach((name) -> consumerConfigs.put(name, properties.getProperty(name)));
        }
        return new KafkaConsumer<>(consumerConfigs);
    }

    @Override
    public boolean isAutoCommit() {
        return false;
    }

    @Override
    public Map<String, Object> getConfigurationProperties() {
        return this.configs;
    }
}
