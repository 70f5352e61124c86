package dev.shadowtx.reliability.leak;

import java.util.Map;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.TopicBuilder;

/**
 * The raw consumer path: a {@code KafkaConsumer} declared as a bean itself, injected by its class
 * and polled by the application's own loop, which performs each command; outcome per key, read by
 * the test. shadowtx cannot bind a record's context in a loop it does not know, so the consumer
 * never returns a marked record: a live one runs live. Only in the leak matrix
 * ({@code leak.kafka-consumer-bean}).
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnBooleanProperty("leak.kafka-consumer-bean")
class ConsumerBeanCommands extends CommandConsumer {

    static final String TOPIC = "leak-consumer-bean-commands";

    ConsumerBeanCommands() {
        super(TOPIC, true);
    }

    /**
     * The consumer bean; its loop closes it, on the loop's thread (a {@code KafkaConsumer} is not
     * thread-safe), so no destroy method.
     */
    @Bean(destroyMethod = "")
    KafkaConsumer<String, String> leakCommandConsumer(@Value("${spring.kafka.bootstrap-servers}") String brokers) {
        return new KafkaConsumer<>(
                Map.of(
                        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                        brokers,
                        ConsumerConfig.GROUP_ID_CONFIG,
                        "leak-consumer-bean",
                        ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                        "earliest"),
                new StringDeserializer(),
                new StringDeserializer());
    }

    @Bean
    SmartLifecycle leakConsumerBeanLoop(
            LeakApplication.SideEffects effects, KafkaConsumer<String, String> leakCommandConsumer) {
        return new PollLoop("leak-consumer-bean-loop", () -> leakCommandConsumer, TOPIC, effects, outcomes());
    }

    @Bean
    NewTopic leakConsumerBeanCommands() {
        return TopicBuilder.name(TOPIC).partitions(1).build();
    }
}
