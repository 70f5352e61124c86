package dev.shadowtx.reliability.leak;

import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.annotation.EnableKafkaStreams;
import org.springframework.kafka.config.TopicBuilder;

/**
 * The Kafka Streams path built through Spring, the way Spring users declare a topology:
 * {@code @EnableKafkaStreams} (Boot's {@code StreamsBuilderFactoryBean} over
 * {@code spring.kafka.streams.*}) and a {@code KStream} bean whose processor performs each command;
 * outcome per key, read by the test. shadowtx wraps the topology's processors, so each command runs
 * in its record's context. Only in the leak matrix ({@code leak.kafka-streams-factory-bean}).
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnBooleanProperty("leak.kafka-streams-factory-bean")
@EnableKafkaStreams
class StreamsFactoryBeanCommands extends CommandConsumer {

    static final String TOPIC = "leak-factory-bean-stream-commands";

    StreamsFactoryBeanCommands() {
        super(TOPIC, false);
    }

    @Bean
    KStream<String, String> leakFactoryBeanCommands(StreamsBuilder builder, LeakApplication.SideEffects effects) {
        KStream<String, String> commands = builder.stream(TOPIC, Consumed.with(Serdes.String(), Serdes.String()));
        commands.foreach((key, command) -> outcomes().put(key, effects.performCommand(key, command)));
        return commands;
    }

    @Bean
    NewTopic leakFactoryBeanStreamCommands() {
        return TopicBuilder.name(TOPIC).partitions(1).build();
    }
}
