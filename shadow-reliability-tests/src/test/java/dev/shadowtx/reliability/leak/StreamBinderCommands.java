package dev.shadowtx.reliability.leak;

import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;
import org.apache.kafka.clients.admin.NewTopic;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.kafka.support.KafkaHeaders;
import org.springframework.messaging.Message;

/**
 * The Spring Cloud Stream path: a functional consumer that the Kafka binder binds to its topic
 * ({@code spring.cloud.function.definition} names it, so no other functional bean is bound)
 * performs each command on the binder's container thread. Only in the binder's leak matrix
 * ({@code leak.stream-binder}, {@link StreamBinderLeakMatrixTests}).
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnBooleanProperty("leak.stream-binder")
class StreamBinderCommands extends CommandConsumer {

    static final String TOPIC = "leak-binder-commands";

    static final String FUNCTION = "leakBinderCommands";

    StreamBinderCommands() {
        super(TOPIC, false);
    }

    @Bean(FUNCTION)
    Consumer<Message<String>> leakBinderCommands(LeakApplication.SideEffects effects) {
        return (message) -> {
            String key = text(message.getHeaders().get(KafkaHeaders.RECEIVED_KEY));
            outcomes().put(key, effects.performCommand(key, message.getPayload()));
        };
    }

    private static String text(@Nullable Object key) {
        return (key instanceof byte[] bytes) ? new String(bytes, StandardCharsets.UTF_8) : String.valueOf(key);
    }

    @Bean
    NewTopic leakBinderCommandsTopic() {
        return TopicBuilder.name(TOPIC).partitions(1).build();
    }
}
