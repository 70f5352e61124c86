package dev.shadowtx.kafka.consumer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shadowtx.kafka.testsupport.TopicRecords;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Bean;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.kafka.core.KafkaOperations;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.util.backoff.FixedBackOff;

/**
 * A listener's error handling runs in the failed record's context: the dead-letter recoverer
 * publishes a failed marked record to {@code <topic>-dlt.shadow} (provisioned beside the declared
 * {@code <topic>-dlt}), never to the live dead-letter topic, while its failed live twin reaches
 * {@code <topic>-dlt}.
 */
@SpringBootTest(
        classes = DeadLetterTests.App.class,
        properties = {
            "spring.main.web-application-type=none",
            "spring.kafka.bootstrap-servers=${spring.embedded.kafka.brokers}",
            "spring.kafka.consumer.auto-offset-reset=earliest"
        })
class DeadLetterTests {

    @Test
    void failedMarkedRecordIsDeadLetteredToTheShadowTwinWhileItsFailedLiveTwinReachesTheLiveDeadLetterTopic() {
        String shadowKey = TopicRecords.key("dead-letter-shadow");
        String liveKey = TopicRecords.key("dead-letter-live");
        TopicRecords.send("refunds", shadowKey, "X-Shadow", "shadow");
        TopicRecords.send("refunds", liveKey);

        assertThat(TopicRecords.awaitWithKey("refunds-dlt", liveKey))
                .extracting(ConsumerRecord::key)
                .containsExactly(liveKey);
        assertThat(TopicRecords.withKeys("refunds-dlt", false, shadowKey)).isEmpty();
        assertThat(TopicRecords.awaitWithKey("refunds-dlt.shadow", shadowKey))
                .singleElement()
                .satisfies((record) ->
                        assertThat(TopicRecords.header(record, "X-Shadow")).isEqualTo("shadow"));
    }

    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class App {

        @KafkaListener(id = "refunds", topics = "refunds")
        void onRefund(String refund) {
            throw new IllegalStateException("refund rejected: " + refund);
        }

        @Bean
        DefaultErrorHandler deadLetters(KafkaOperations<?, ?> template) {
            return new DefaultErrorHandler(new DeadLetterPublishingRecoverer(template), new FixedBackOff(0, 0));
        }

        @Bean
        NewTopic refunds() {
            return TopicBuilder.name("refunds").partitions(1).build();
        }

        @Bean
        NewTopic refundsDeadLetters() {
            return TopicBuilder.name("refunds-dlt").partitions(1).build();
        }
    }
}
