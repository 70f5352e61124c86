package dev.shadowtx.reliability.leak;

import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.provider.Arguments;
import org.springframework.test.context.TestPropertySource;

/**
 * The leak matrix's Spring Cloud Stream path: every channel performed by a functional consumer
 * that the Kafka binder binds, under each record marker, and each channel's live twin; same
 * application, channels and assertions as {@link LeakMatrixTests}. It has a context and a
 * surefire execution of its own because the binder switches Boot's Kafka serializers to byte
 * arrays for the whole application: this context sets them back to strings for the application's
 * own clients, and the other tests run without the binder on the class path, as a plain
 * spring-kafka application does. The other consumer paths are left out of this context.
 */
@Tag("spring-cloud-stream")
@TestPropertySource(
        properties = {
            "leak.stream-binder=true",
            "leak.kafka-streams=false",
            "leak.kafka-poll-loop=false",
            "leak.kafka-streams-factory-bean=false",
            "leak.kafka-consumer-bean=false",
            "leak.spring-integration=false",
            "spring.cloud.function.definition=" + StreamBinderCommands.FUNCTION,
            "spring.cloud.stream.kafka.binder.brokers=${spring.embedded.kafka.brokers}",
            "spring.cloud.stream.bindings." + StreamBinderCommands.FUNCTION + "-in-0.destination="
                    + StreamBinderCommands.TOPIC,
            "spring.cloud.stream.bindings." + StreamBinderCommands.FUNCTION + "-in-0.group="
                    + StreamBinderCommands.TOPIC,
            "spring.cloud.stream.bindings." + StreamBinderCommands.FUNCTION + "-in-0.content-type=text/plain",
            "spring.kafka.producer.key-serializer=org.apache.kafka.common.serialization.StringSerializer",
            "spring.kafka.producer.value-serializer=org.apache.kafka.common.serialization.StringSerializer",
            "spring.kafka.consumer.key-deserializer=org.apache.kafka.common.serialization.StringDeserializer",
            "spring.kafka.consumer.value-deserializer=org.apache.kafka.common.serialization.StringDeserializer"
        })
class StreamBinderLeakMatrixTests extends LeakMatrixTests {

    static Stream<Arguments> markedCells() {
        return recordCells(Path.KAFKA_STREAM_BINDER).stream();
    }

    static Stream<Arguments> liveTwins() {
        return twinCells(Path.KAFKA_STREAM_BINDER);
    }

    @Override
    String name() {
        return "stream binder leak matrix";
    }
}
