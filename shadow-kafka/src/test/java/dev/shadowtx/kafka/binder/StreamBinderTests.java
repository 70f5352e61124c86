package dev.shadowtx.kafka.binder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.shadowtx.audit.AuditedChannel;
import dev.shadowtx.audit.ChannelCoverage;
import dev.shadowtx.audit.ShadowLeakAudit;
import dev.shadowtx.kafka.testsupport.TopicRecords;
import java.time.Duration;
import java.util.Locale;
import java.util.function.Consumer;
import java.util.function.Function;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Bean;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.kafka.config.TopicBuilder;

/**
 * Functional consumers bound by Spring Cloud Stream's Kafka binder run a marked record in shadow,
 * although the binder builds its containers and factories outside the bean factory: a database
 * write rolls back, and what a function returns goes to the shadow twin of its output topic. The
 * live twin of each case commits its row and reaches the live output. The leak audit lists each
 * input binding, covered.
 */
@Tag("spring-cloud-stream")
@SpringBootTest(
        classes = StreamBinderTests.App.class,
        properties = {
            "spring.main.web-application-type=none",
            "spring.kafka.bootstrap-servers=${spring.embedded.kafka.brokers}",
            "spring.cloud.stream.kafka.binder.brokers=${spring.embedded.kafka.brokers}",
            "spring.cloud.function.definition=uppercase;audit",
            "spring.cloud.stream.bindings.uppercase-in-0.destination=binder-in",
            "spring.cloud.stream.bindings.uppercase-in-0.group=binder-uppercase",
            "spring.cloud.stream.bindings.uppercase-out-0.destination=binder-out",
            "spring.cloud.stream.kafka.bindings.uppercase-out-0.producer.message-key-expression=headers['kafka_receivedMessageKey']",
            "spring.cloud.stream.bindings.audit-in-0.destination=binder-audit",
            "spring.cloud.stream.bindings.audit-in-0.group=binder-audit",
            "spring.cloud.stream.default.content-type=text/plain",
            "spring.datasource.url=jdbc:h2:mem:shadow-binder;DB_CLOSE_DELAY=-1"
        })
class StreamBinderTests {

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    ShadowLeakAudit audit;

    @Test
    void markedRecordWritesNothingWhileItsLiveTwinCommits() {
        String shadowKey = TopicRecords.key("binder-audit-shadow");
        String liveKey = TopicRecords.key("binder-audit-live");
        TopicRecords.send("binder-audit", shadowKey, "X-Shadow", "shadow");
        TopicRecords.send("binder-audit", liveKey);

        await().atMost(Duration.ofSeconds(60)).until(() -> rows("value of " + liveKey) == 1);
        assertThat(rows("value of " + shadowKey)).isZero();
    }

    @Test
    void functionOutputOfAMarkedRecordReachesOnlyTheShadowTopic() {
        String shadowKey = TopicRecords.key("binder-fn-shadow");
        String liveKey = TopicRecords.key("binder-fn-live");
        TopicRecords.send("binder-in", shadowKey, "X-Shadow", "shadow");
        TopicRecords.send("binder-in", liveKey);

        assertThat(TopicRecords.awaitWithKey("binder-out", liveKey))
                .singleElement()
                .satisfies((record) ->
                        assertThat(record.value()).isEqualTo("VALUE OF " + liveKey.toUpperCase(Locale.ROOT)));
        assertThat(TopicRecords.withKeys("binder-out", false, shadowKey)).isEmpty();
        assertThat(TopicRecords.awaitWithKey("binder-out.shadow", shadowKey))
                .singleElement()
                .satisfies((record) ->
                        assertThat(TopicRecords.header(record, "X-Shadow")).isEqualTo("shadow"));
    }

    @Test
    void theAuditListsEachInputBindingCoveredByTheShadowContainerCustomizer() {
        assertThat(BinderInputsAudit.of(this.audit))
                .allSatisfy((channel) -> {
                    assertThat(channel.coverage()).isEqualTo(ChannelCoverage.GUARDED);
                    assertThat(channel.detail()).startsWith("shadowtx's ListenerContainerCustomizer");
                })
                .extracting(AuditedChannel::beanName)
                .containsExactlyInAnyOrder("audit-in-0 (function audit)", "uppercase-in-0 (function uppercase)");
    }

    private int rows(String id) {
        Integer count = this.jdbc.queryForObject("select count(*) from binder_rows where id = ?", Integer.class, id);
        return (count != null) ? count : 0;
    }

    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class App {

        @Bean
        Function<String, String> uppercase() {
            return (value) -> value.toUpperCase(Locale.ROOT);
        }

        @Bean
        Consumer<String> audit(JdbcTemplate jdbc) {
            jdbc.execute("create table if not exists binder_rows (id varchar(200) primary key)");
            return (value) -> jdbc.update("insert into binder_rows (id) values (?)", value);
        }

        @Bean
        NewTopic binderIn() {
            return TopicBuilder.name("binder-in").partitions(1).build();
        }

        @Bean
        NewTopic binderOut() {
            return TopicBuilder.name("binder-out").partitions(1).build();
        }

        @Bean
        NewTopic binderAudit() {
            return TopicBuilder.name("binder-audit").partitions(1).build();
        }
    }
}
