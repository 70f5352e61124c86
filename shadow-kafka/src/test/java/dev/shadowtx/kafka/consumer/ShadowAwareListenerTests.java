package dev.shadowtx.kafka.consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.awaitility.Awaitility.await;

import dev.shadowtx.core.annotation.ShadowAware;
import dev.shadowtx.core.context.ShadowContextHolder;
import dev.shadowtx.kafka.testsupport.TopicRecords;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.kafka.annotation.KafkaHandler;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.kafka.support.KafkaHeaders;
import org.springframework.messaging.handler.annotation.Header;
import org.springframework.stereotype.Component;

/**
 * {@code @ShadowAware} on Kafka listeners, with shadow records skipped by default and no listener
 * named in {@code shadow.kafka.consumer.shadow-aware-listeners}: the annotated listeners receive
 * shadow records in shadow, the others never see them.
 */
@SpringBootTest(
        classes = ShadowAwareListenerTests.App.class,
        properties = {
            "spring.main.web-application-type=none",
            "spring.autoconfigure.exclude=org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration",
            "spring.kafka.bootstrap-servers=${spring.embedded.kafka.brokers}",
            "spring.kafka.consumer.auto-offset-reset=earliest",
            "shadow.kafka.consumer.skip-shadow-records=true",
            "aware.listener-id=aware-orders-listener"
        })
class ShadowAwareListenerTests {

    @Autowired
    Received received;

    @Test
    void annotatedListenerMethodWithAPlaceholderIdReceivesShadowRecordsInShadow() {
        assertDelivery("aware-orders", true);
    }

    @Test
    void listenerOfAnAnnotatedClassRecognisedByItsGroupIdReceivesShadowRecords() {
        assertDelivery("aware-payments", true);
    }

    @Test
    void classLevelListenerOfAnAnnotatedClassReceivesShadowRecords() {
        assertDelivery("aware-class-level", true);
    }

    @Test
    void listenerWithoutTheAnnotationStillSkipsShadowRecords() {
        assertDelivery("aware-plain", false);
    }

    private void assertDelivery(String topic, boolean shadowDelivered) {
        String shadow = TopicRecords.key(topic + "-shadow");
        String live = TopicRecords.key(topic + "-live");
        TopicRecords.send(topic, shadow, "X-Shadow", "shadow");
        TopicRecords.send(topic, live);
        await().atMost(Duration.ofSeconds(30)).until(() -> this.received.modes.containsKey(live));
        assertThat(this.received.modes.get(live)).isEqualTo(topic + ":live");
        if (shadowDelivered) {
            assertThat(this.received.modes.get(shadow)).isEqualTo(topic + ":shadow");
        } else {
            assertThat(this.received.modes).doesNotContainKey(shadow);
        }
    }

    @Nested
    class Scanner {

        @Test
        void shadowAwareListenerWithNeitherIdNorGroupFailsWhenRecordsAreSkipped() {
            assertThatIllegalStateException()
                    .isThrownBy(() -> new ShadowAwareListenerScanner(true)
                            .postProcessAfterInitialization(new AnonymousAware(), "anonymous"))
                    .withMessageContaining(AnonymousAware.class.getName() + ".on()")
                    .withMessageContaining("give it an id")
                    .withMessageContaining("shadow.kafka.consumer.shadow-aware-listeners");
        }

        @Test
        void nothingIsScannedOrRejectedWhenNothingIsSkipped() {
            ShadowAwareListenerScanner scanner = new ShadowAwareListenerScanner(false);
            scanner.postProcessAfterInitialization(new AnonymousAware(), "anonymous");
            scanner.postProcessAfterInitialization(new OneAwareHandler(), "handlers");
            scanner.postProcessAfterInitialization(new TwoListeners(), "two");
            assertThat(scanner.shadowAware()).isEmpty();
        }

        @Test
        void shadowAwareOnOneHandlerOfAClassLevelListenerFails() {
            assertThatIllegalStateException()
                    .isThrownBy(() -> new ShadowAwareListenerScanner(true)
                            .postProcessAfterInitialization(new OneAwareHandler(), "handlers"))
                    .withMessageContaining(OneAwareHandler.class.getName() + ".aware()")
                    .withMessageContaining("Put @ShadowAware on the class");
        }

        @Test
        void unannotatedBeansAndListenersAddNothing() {
            ShadowAwareListenerScanner scanner = new ShadowAwareListenerScanner(true);
            scanner.postProcessAfterInitialization("not a listener", "text");
            scanner.postProcessAfterInitialization(new PlainListener(new Received()), "plain");
            assertThat(scanner.shadowAware()).isEmpty();
        }

        @Test
        void everyRepeatedListenerOfAnAnnotatedMethodCounts() {
            ShadowAwareListenerScanner scanner = new ShadowAwareListenerScanner(true);
            scanner.postProcessAfterInitialization(new TwoListeners(), "two");
            assertThat(scanner.shadowAware()).containsExactlyInAnyOrder("first", "second-group");
        }
    }

    static class AnonymousAware {

        @ShadowAware
        @KafkaListener(topics = "anonymous")
        public void on(String value) {}
    }

    @KafkaListener(id = "handlers", topics = "handlers")
    static class OneAwareHandler {

        @ShadowAware
        @KafkaHandler
        public void aware(String value) {}

        @KafkaHandler
        public void other(Integer value) {}
    }

    static class TwoListeners {

        @ShadowAware
        @KafkaListener(id = "first", topics = "first")
        @KafkaListener(groupId = "second-group", topics = "second")
        public void on(String value) {}
    }

    @Component
    static class Received {

        final Map<String, String> modes = new ConcurrentHashMap<>();

        void add(ConsumerRecord<String, String> record) {
            add(record.topic(), record.key());
        }

        void add(String topic, String key) {
            String mode = ShadowContextHolder.currentMode()
                    .map((current) -> current.markerValue())
                    .orElse("live");
            this.modes.put(key, topic + ":" + mode);
        }
    }

    @Component
    static class AwareMethodListener {

        private final Received received;

        AwareMethodListener(Received received) {
            this.received = received;
        }

        @ShadowAware
        @KafkaListener(id = "${aware.listener-id}", topics = "aware-orders")
        public void on(ConsumerRecord<String, String> record) {
            this.received.add(record);
        }
    }

    @ShadowAware
    @Component
    static class AwareClassListener {

        private final Received received;

        AwareClassListener(Received received) {
            this.received = received;
        }

        @KafkaListener(groupId = "aware-payments-group", topics = "aware-payments")
        public void on(ConsumerRecord<String, String> record) {
            this.received.add(record);
        }
    }

    @ShadowAware
    @Component
    @KafkaListener(id = "aware-class-level", topics = "aware-class-level")
    static class AwareClassLevelListener {

        private final Received received;

        AwareClassLevelListener(Received received) {
            this.received = received;
        }

        @KafkaHandler
        public void on(
                String value,
                @Header(KafkaHeaders.RECEIVED_TOPIC) String topic,
                @Header(KafkaHeaders.RECEIVED_KEY) String key) {
            this.received.add(topic, key);
        }
    }

    @Component
    static class PlainListener {

        private final Received received;

        PlainListener(Received received) {
            this.received = received;
        }

        @KafkaListener(id = "aware-plain", topics = "aware-plain")
        public void on(ConsumerRecord<String, String> record) {
            this.received.add(record);
        }
    }

    @SpringBootConfiguration
    @EnableAutoConfiguration
    @Import({
        Received.class,
        AwareMethodListener.class,
        AwareClassListener.class,
        AwareClassLevelListener.class,
        PlainListener.class
    })
    static class App {

        @Bean
        KafkaAdmin.NewTopics awareTopics() {
            return new KafkaAdmin.NewTopics(
                    TopicBuilder.name("aware-orders").build(),
                    TopicBuilder.name("aware-payments").build(),
                    TopicBuilder.name("aware-class-level").build(),
                    TopicBuilder.name("aware-plain").build());
        }
    }
}
