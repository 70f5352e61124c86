package dev.shadowtx.kafka.binder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.shadowtx.audit.ChannelCoverage;
import dev.shadowtx.audit.ShadowLeakAudit;
import dev.shadowtx.kafka.testsupport.TopicRecords;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.cloud.stream.config.ListenerContainerCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.kafka.listener.AbstractMessageListenerContainer;

/**
 * An application that declares its own {@code ListenerContainerCustomizer} replaces shadowtx's,
 * so the binder's containers get no shadow interceptors: their consumers, which come from the
 * guarded consumer factories, then never hand a marked record to the function (fail closed),
 * while its live twin is consumed. The leak audit lists the input binding with that note.
 */
@Tag("spring-cloud-stream")
@SpringBootTest(
        classes = StreamBinderOwnCustomizerTests.App.class,
        properties = {
            "spring.main.web-application-type=none",
            "spring.kafka.bootstrap-servers=${spring.embedded.kafka.brokers}",
            "spring.cloud.stream.kafka.binder.brokers=${spring.embedded.kafka.brokers}",
            "spring.cloud.function.definition=collect",
            "spring.cloud.stream.bindings.collect-in-0.destination=binder-own-customizer",
            "spring.cloud.stream.bindings.collect-in-0.group=binder-own-customizer",
            "spring.cloud.stream.default.content-type=text/plain"
        })
class StreamBinderOwnCustomizerTests {

    @Autowired
    List<String> consumed;

    @Autowired
    ShadowLeakAudit audit;

    @Test
    void markedRecordNeverReachesTheFunctionWhileItsLiveTwinDoes() {
        String shadowKey = TopicRecords.key("binder-own-shadow");
        String liveKey = TopicRecords.key("binder-own-live");
        TopicRecords.send("binder-own-customizer", shadowKey, "X-Shadow", "shadow");
        TopicRecords.send("binder-own-customizer", liveKey);

        await().atMost(Duration.ofSeconds(60)).until(() -> this.consumed.contains("value of " + liveKey));
        assertThat(this.consumed).doesNotContain("value of " + shadowKey);
    }

    @Test
    void theAuditListsTheInputBindingWithMarkedRecordsSkipped() {
        assertThat(BinderInputsAudit.of(this.audit)).singleElement().satisfies((channel) -> {
            assertThat(channel.beanName()).isEqualTo("collect-in-0 (function collect)");
            assertThat(channel.coverage()).isEqualTo(ChannelCoverage.GUARDED);
            assertThat(channel.detail())
                    .startsWith("marked records skipped: the application's ListenerContainerCustomizer "
                            + "[ownCustomizer] replaces shadowtx's");
        });
    }

    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class App {

        @Bean
        List<String> consumed() {
            return new CopyOnWriteArrayList<>();
        }

        @Bean
        Consumer<String> collect(List<String> consumed) {
            return consumed::add;
        }

        @Bean
        ListenerContainerCustomizer<AbstractMessageListenerContainer<?, ?>> ownCustomizer() {
            return (container, destination, group) ->
                    container.getContainerProperties().setPollTimeout(500);
        }

        @Bean
        NewTopic binderOwnCustomizer() {
            return TopicBuilder.name("binder-own-customizer").partitions(1).build();
        }
    }
}
