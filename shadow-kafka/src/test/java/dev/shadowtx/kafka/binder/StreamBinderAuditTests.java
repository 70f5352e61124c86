package dev.shadowtx.kafka.binder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;
import static org.assertj.core.api.Assertions.tuple;

import dev.shadowtx.audit.AuditedChannel;
import dev.shadowtx.audit.ChannelCoverage;
import dev.shadowtx.audit.ShadowLeakAudit;
import java.util.function.Consumer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.cloud.stream.binder.kafka.config.ClientFactoryCustomizer;
import org.springframework.cloud.stream.config.ListenerContainerCustomizer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.kafka.listener.AbstractMessageListenerContainer;

/**
 * An input binding of the Kafka binder whose consumers shadow-kafka does not guard (the
 * application replaced both its {@code ClientFactoryCustomizer} and its
 * {@code ListenerContainerCustomizer}) is listed uncovered, and strict mode refuses to start on
 * it.
 */
@Tag("spring-cloud-stream")
class StreamBinderAuditTests {

    private static final String BINDING = "unguarded-in-0 (function unguarded)";

    @Test
    void anInputBindingWithoutTheBinderGuardsIsListedUncovered() {
        try (ConfigurableApplicationContext context = application().run()) {
            assertThat(BinderInputsAudit.of(context.getBean(ShadowLeakAudit.class)))
                    .extracting(AuditedChannel::beanName, AuditedChannel::coverage)
                    .containsExactly(tuple(BINDING, ChannelCoverage.UNCOVERED));
        }
    }

    @Test
    void strictModeRefusesToStartOnIt() {
        assertThatException()
                .isThrownBy(
                        () -> application().run("--shadow.audit.strict=true").close())
                .withStackTraceContaining("shadow.audit.strict")
                .withStackTraceContaining("'" + BINDING + "' (kafka-binder");
    }

    private static SpringApplicationBuilder application() {
        return new SpringApplicationBuilder(App.class)
                .web(WebApplicationType.NONE)
                .properties(
                        "spring.kafka.bootstrap-servers=${spring.embedded.kafka.brokers}",
                        "spring.cloud.stream.kafka.binder.brokers=${spring.embedded.kafka.brokers}",
                        "spring.cloud.function.definition=unguarded",
                        "spring.cloud.stream.bindings.unguarded-in-0.destination=binder-unguarded",
                        "spring.cloud.stream.bindings.unguarded-in-0.group=binder-unguarded",
                        "spring.cloud.stream.default.content-type=text/plain");
    }

    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class App {

        @Bean
        Consumer<String> unguarded() {
            return (value) -> {};
        }

        @Bean
        ClientFactoryCustomizer shadowBinderClientFactoryCustomizer() {
            return new ClientFactoryCustomizer() {};
        }

        @Bean
        ListenerContainerCustomizer<AbstractMessageListenerContainer<?, ?>> ownCustomizer() {
            return (container, destination, group) ->
                    container.getContainerProperties().setPollTimeout(500);
        }
    }
}
