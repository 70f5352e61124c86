package dev.shadowtx.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

import dev.shadowtx.audit.autoconfigure.ShadowAuditAutoConfiguration;
import dev.shadowtx.autoconfigure.ShadowAutoConfiguration;
import dev.shadowtx.core.ShadowBlockedException;
import dev.shadowtx.core.ShadowTraffic;
import dev.shadowtx.core.context.ShadowMode;
import dev.shadowtx.core.testsupport.RecordingSocket;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.OutputStream;
import java.time.Duration;
import java.util.Map;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.ProducerFactory;

/**
 * A Kafka producer factory in an application without shadow-kafka, the module that guards it: the
 * audit's own catalogue lists it as uncovered, and the monitor refuses its calls in shadow before a
 * producer is made, so no connection reaches the broker (a local socket that records connections),
 * while the live twin's send does reach it. A {@code KafkaTemplate} is recognised by the same
 * catalogue entry (its class needs spring-messaging, which this module's tests leave out).
 */
class KafkaWithoutItsModuleTests {

    private final RecordingSocket broker =
            RecordingSocket.start((in, out, commands) -> in.transferTo(OutputStream.nullOutputStream()));

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(ShadowAutoConfiguration.class, ShadowAuditAutoConfiguration.class))
            .withBean(MeterRegistry.class, SimpleMeterRegistry::new)
            .withPropertyValues("broker.port=" + this.broker.port())
            .withUserConfiguration(KafkaBeans.class);

    @AfterEach
    void close() throws Exception {
        this.broker.close();
    }

    @Test
    void aProducerFactoryIsListedUncoveredAndRefusedInShadowBeforeAnyConnectionWhileTheLiveTwinSends() {
        this.runner.run((context) -> {
            assertThat(context.getBean(ShadowLeakAudit.class).inventory().uncovered())
                    .extracting(AuditedChannel::beanName)
                    .containsExactly("producerFactory");
            @SuppressWarnings("unchecked")
            ProducerFactory<String, String> factory = context.getBean(ProducerFactory.class);

            assertThatExceptionOfType(ShadowBlockedException.class)
                    .isThrownBy(() -> ShadowTraffic.runIsolated(ShadowMode.SHADOW, () -> send(factory, "shadow-order")))
                    .satisfies((ex) -> assertThat(ex.getChannel()).isEqualTo("kafka"));
            assertThat(this.broker.connections()).isZero();
            assertThat(context.getBean(MeterRegistry.class)
                            .get("shadow.audit.uncovered.calls")
                            .tag("channel", "kafka")
                            .counter()
                            .count())
                    .isEqualTo(1);

            send(factory, "live-order");
            await().atMost(Duration.ofSeconds(10)).until(() -> this.broker.connections() > 0);
        });
    }

    @Test
    void anAcceptedFactoryIsNotWatched() {
        this.runner.withPropertyValues("shadow.audit.accepted=producerFactory").run((context) -> {
            @SuppressWarnings("unchecked")
            ProducerFactory<String, String> factory = context.getBean(ProducerFactory.class);

            ShadowTraffic.runIsolated(ShadowMode.SHADOW, () -> send(factory, "accepted-order"));
            await().atMost(Duration.ofSeconds(10)).until(() -> this.broker.connections() > 0);
        });
    }

    /**
     * Send one record; the broker never answers, so the send fails later, on the producer's
     * thread, after it has connected.
     */
    private static void send(ProducerFactory<String, String> factory, String value) {
        Producer<String, String> producer = factory.createProducer();
        producer.send(new ProducerRecord<>("orders", value));
    }

    @Configuration(proxyBeanMethods = false)
    static class KafkaBeans {

        @Bean
        ProducerFactory<String, String> producerFactory(@Value("${broker.port}") int port) {
            DefaultKafkaProducerFactory<String, String> factory = new DefaultKafkaProducerFactory<>(
                    Map.of(
                            ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                            "127.0.0.1:" + port,
                            ProducerConfig.MAX_BLOCK_MS_CONFIG,
                            1000,
                            ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG,
                            1000),
                    new StringSerializer(),
                    new StringSerializer());
            factory.setPhysicalCloseTimeout(1);
            return factory;
        }
    }
}
