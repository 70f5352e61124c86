package dev.shadowtx.reliability.leak;

import org.apache.kafka.clients.admin.NewTopic;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.integration.config.EnableIntegration;
import org.springframework.integration.dsl.IntegrationFlow;
import org.springframework.integration.kafka.dsl.Kafka;
import org.springframework.kafka.config.ConcurrentKafkaListenerContainerFactory;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.kafka.listener.ConcurrentMessageListenerContainer;
import org.springframework.kafka.support.KafkaHeaders;
import org.springframework.messaging.Message;

/**
 * The spring-integration-kafka path: a message-driven channel adapter over a container made by
 * Boot's container factory feeds a flow whose handler performs each command on the container's
 * thread, as spring-integration-kafka's reference wires an inbound flow. Only in the leak matrix
 * ({@code leak.spring-integration}).
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnBooleanProperty("leak.spring-integration")
@EnableIntegration
class IntegrationCommands extends CommandConsumer {

    static final String TOPIC = "leak-integration-commands";

    IntegrationCommands() {
        super(TOPIC, false);
    }

    @Bean
    IntegrationFlow leakIntegrationCommands(
            ConcurrentKafkaListenerContainerFactory<Object, Object> factory, LeakApplication.SideEffects effects) {
        ConcurrentMessageListenerContainer<Object, Object> container = factory.createContainer(TOPIC);
        container.getContainerProperties().setGroupId("leak-integration-commands");
        return IntegrationFlow.from(Kafka.messageDrivenChannelAdapter(container))
                .handle((message) -> perform(effects, message))
                .get();
    }

    private void perform(LeakApplication.SideEffects effects, Message<?> message) {
        String key = String.valueOf(message.getHeaders().get(KafkaHeaders.RECEIVED_KEY));
        outcomes().put(key, effects.performCommand(key, String.valueOf(message.getPayload())));
    }

    @Bean
    NewTopic leakIntegrationCommandsTopic() {
        return TopicBuilder.name(TOPIC).partitions(1).build();
    }
}
