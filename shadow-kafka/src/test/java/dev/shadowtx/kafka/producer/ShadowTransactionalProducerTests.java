package dev.shadowtx.kafka.producer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shadowtx.core.context.MarkerSource;
import dev.shadowtx.core.context.ShadowContext;
import dev.shadowtx.core.context.ShadowContextHolder;
import dev.shadowtx.core.context.ShadowMode;
import dev.shadowtx.kafka.testsupport.TopicRecords;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Bean;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.transaction.KafkaTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

@SpringBootTest(
        classes = ShadowTransactionalProducerTests.App.class,
        properties = {
            "spring.main.web-application-type=none", "spring.kafka.bootstrap-servers=${spring.embedded.kafka.brokers}",
            "spring.kafka.producer.transaction-id-prefix=ledger-tx-",
                    "spring.kafka.producer.properties.max.block.ms=15000",
            "shadow.kafka.topics.ledger-propagated.action=PROPAGATE"
        })
class ShadowTransactionalProducerTests {

    @Autowired
    KafkaTemplate<String, String> template;

    @Autowired
    KafkaTransactionManager<?, ?> kafkaTransactionManager;

    @Test
    void shadowSendInAKafkaTransactionLeavesNothingForAReadCommittedConsumerOfTheLiveTopic() {
        String key = TopicRecords.key("tx-shadow");
        inShadow(() -> transaction().executeWithoutResult((status) -> send("ledger", key)));

        assertThat(TopicRecords.withKeys("ledger", true, key)).isEmpty();
        assertThat(TopicRecords.withKeys("ledger", false, key)).isEmpty();
    }

    @Test
    void propagatedShadowSendInAKafkaTransactionIsAbortedByTheTransactionGuard() {
        String key = TopicRecords.key("tx-propagated");
        inShadow(() -> transaction().executeWithoutResult((status) -> send("ledger-propagated", key)));

        assertThat(TopicRecords.withKeys("ledger-propagated", true, key)).isEmpty();
        assertThat(TopicRecords.withKeys("ledger-propagated", false, key))
                .singleElement()
                .satisfies((record) ->
                        assertThat(TopicRecords.header(record, "X-Shadow")).isEqualTo("shadow"));
    }

    @Test
    void shadowSendInALocalProducerTransactionGoesToTheShadowTopicOnly() {
        String key = TopicRecords.key("tx-local");
        inShadow(() -> this.template.executeInTransaction((operations) -> {
            operations.send("ledger", key, "entry");
            return null;
        }));

        assertThat(TopicRecords.withKeys("ledger", true, key)).isEmpty();
        assertThat(TopicRecords.withKeys("ledger.shadow", true, key))
                .singleElement()
                .satisfies((record) ->
                        assertThat(TopicRecords.header(record, "X-Shadow")).isEqualTo("shadow"));
    }

    @Test
    void liveSendInAKafkaTransactionIsCommitted() {
        String key = TopicRecords.key("tx-live");
        transaction().executeWithoutResult((status) -> send("ledger", key));

        assertThat(TopicRecords.withKeys("ledger", true, key))
                .singleElement()
                .satisfies((record) ->
                        assertThat(record.headers().lastHeader("X-Shadow")).isNull());
    }

    private TransactionTemplate transaction() {
        return new TransactionTemplate(this.kafkaTransactionManager);
    }

    private void send(String topic, String key) {
        try {
            this.template.send(topic, key, "entry").get(10, TimeUnit.SECONDS);
        } catch (Exception ex) {
            throw new IllegalStateException(ex);
        }
    }

    private static void inShadow(Runnable action) {
        try (ShadowContextHolder.Scope scope =
                ShadowContextHolder.bind(ShadowContext.of(ShadowMode.SHADOW, MarkerSource.PROGRAMMATIC))) {
            action.run();
        }
    }

    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class App {

        @Bean
        NewTopic ledger() {
            return TopicBuilder.name("ledger").build();
        }

        @Bean
        NewTopic ledgerPropagated() {
            return TopicBuilder.name("ledger-propagated").build();
        }
    }
}
