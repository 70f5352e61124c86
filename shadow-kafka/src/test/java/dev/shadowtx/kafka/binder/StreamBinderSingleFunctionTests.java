package dev.shadowtx.kafka.binder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

import dev.shadowtx.audit.AuditedChannel;
import dev.shadowtx.audit.ChannelCoverage;
import dev.shadowtx.audit.ShadowLeakAudit;
import dev.shadowtx.kafka.testsupport.TopicRecords;
import java.time.Duration;
import java.util.function.Consumer;
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
 * An application with a single functional consumer and no {@code spring.cloud.function.definition}
 * has it bound by Spring Cloud Stream as without shadow-kafka: shadow-kafka's post-processor beans,
 * which are {@code Function}s too, are not taken for the application's functions. A marked record
 * writes nothing; its live twin commits. The leak audit lists its input binding, covered.
 */
@Tag("spring-cloud-stream")
@SpringBootTest(
        classes = StreamBinderSingleFunctionTests.App.class,
        properties = {
            "spring.main.web-application-type=none",
            "spring.kafka.bootstrap-servers=${spring.embedded.kafka.brokers}",
            "spring.cloud.stream.kafka.binder.brokers=${spring.embedded.kafka.brokers}",
            "spring.cloud.stream.bindings.ledger-in-0.destination=binder-ledger",
            "spring.cloud.stream.bindings.ledger-in-0.group=binder-ledger",
            "spring.cloud.stream.default.content-type=text/plain",
            "spring.datasource.url=jdbc:h2:mem:shadow-binder-single;DB_CLOSE_DELAY=-1"
        })
class StreamBinderSingleFunctionTests {

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    ShadowLeakAudit audit;

    @Test
    void singleConsumerIsBoundWithoutAFunctionDefinition() {
        String shadowKey = TopicRecords.key("binder-ledger-shadow");
        String liveKey = TopicRecords.key("binder-ledger-live");
        TopicRecords.send("binder-ledger", shadowKey, "X-Shadow", "shadow");
        TopicRecords.send("binder-ledger", liveKey);

        await().atMost(Duration.ofSeconds(60)).until(() -> rows("value of " + liveKey) == 1);
        assertThat(rows("value of " + shadowKey)).isZero();
    }

    @Test
    void theAuditListsItsInputBindingCovered() {
        assertThat(BinderInputsAudit.of(this.audit))
                .extracting(AuditedChannel::beanName, AuditedChannel::coverage)
                .containsExactly(tuple("ledger-in-0 (function ledger)", ChannelCoverage.GUARDED));
    }

    private int rows(String id) {
        Integer count = this.jdbc.queryForObject("select count(*) from ledger_rows where id = ?", Integer.class, id);
        return (count != null) ? count : 0;
    }

    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class App {

        @Bean
        Consumer<String> ledger(JdbcTemplate jdbc) {
            jdbc.execute("create table if not exists ledger_rows (id varchar(200) primary key)");
            return (value) -> jdbc.update("insert into ledger_rows (id) values (?)", value);
        }

        @Bean
        NewTopic binderLedger() {
            return TopicBuilder.name("binder-ledger").partitions(1).build();
        }
    }
}
