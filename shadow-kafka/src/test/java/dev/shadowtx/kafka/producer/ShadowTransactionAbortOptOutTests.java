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
        classes = ShadowTransactionAbortOptOutTests.App.class,
        properties = {
            "spring.main.web-application-type=none",
            "spring.kafka.bootstrap-servers=${spring.embedded.kafka.brokers}",
            "spring.kafka.producer.transaction-id-prefix=journal-tx-",
            "spring.kafka.producer.properties.max.block.ms=15000"
        })
class ShadowTransactionAbortOptOutTests {

    @Autowired
    KafkaTemplate<String, String> template;

    @Autowired
    KafkaTransactionManager<?, ?> kafkaTransactionManager;

    @Test
    void byDefaultEveryShadowKafkaTransactionIsAborted() throws Exception {
        String key = TopicRecords.key("journal-opt-out");
        try (ShadowContextHolder.Scope scope =
                ShadowContextHolder.bind(ShadowContext.of(ShadowMode.SHADOW, MarkerSource.PROGRAMMATIC))) {
            new TransactionTemplate(this.kafkaTransactionManager).executeWithoutResult((status) -> send(key));
        }

        assertThat(TopicRecords.withKeys("journal.shadow", true, key)).isEmpty();
        assertThat(TopicRecords.withKeys("journal", false, key)).isEmpty();
    }

    private void send(String key) {
        try {
            this.template.send("journal", key, "entry").get(10, TimeUnit.SECONDS);
        } catch (Exception ex) {
            throw new IllegalStateException(ex);
        }
    }

    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class App {

        @Bean
        NewTopic journal() {
            return TopicBuilder.name("journal").build();
        }
    }
}
