package dev.shadowtx.kafka.consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.shadowtx.audit.ShadowLeakAudit;
import dev.shadowtx.core.ShadowTraffic;
import dev.shadowtx.core.context.ShadowContextHolder;
import dev.shadowtx.kafka.KafkaMarkers;
import dev.shadowtx.kafka.testsupport.ConsumerFactoryOfItsOwn;
import dev.shadowtx.kafka.testsupport.TopicRecords;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.config.ConcurrentKafkaListenerContainerFactory;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.kafka.core.DefaultKafkaConsumerFactory;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.kafka.listener.ConcurrentMessageListenerContainer;
import org.springframework.kafka.listener.ContainerProperties;
import org.springframework.kafka.listener.MessageListener;

/**
 * A consumer factory bean that is no {@code DefaultKafkaConsumerFactory} (one of the
 * application's own that delegates to a factory built inline, one that creates
 * {@code KafkaConsumer}s itself) hands out only guarded consumers: the application's poll loop
 * and a listener container built inline over it never receive a marked record as a live one,
 * each left out once and counted once, while their live twins come through. A shadow-aware loop
 * receives marked records and binds them; a container made by Boot's container factory over such
 * a factory binds them through its shadow interceptors, without skipping them.
 */
@SpringBootTest(
        classes = AnyConsumerFactoryTests.App.class,
        properties = {
            "spring.main.web-application-type=none",
            "spring.kafka.bootstrap-servers=${spring.embedded.kafka.brokers}",
            "shadow.kafka.consumer.shadow-aware-listeners=cf-aware-group"
        })
class AnyConsumerFactoryTests {

    @Autowired
    ApplicationContext context;

    @Autowired
    SimpleMeterRegistry meters;

    @Autowired
    KafkaMarkers markers;

    @Autowired
    Listened listened;

    @ParameterizedTest(name = "{1} over {0}")
    @CsvSource({
        "delegatingConsumerFactory, poll loop",
        "ownConsumerFactory, poll loop",
        "delegatingConsumerFactory, container built inline",
        "ownConsumerFactory, container built inline"
    })
    void consumerFactoryOfAnyKindNeverHandsAMarkedRecordToALoopOrAnInlineContainer(String factoryName, String via)
            throws Exception {
        String topic = (via.equals("poll loop") ? "cf-loop-" : "cf-inline-") + factoryName;
        String shadowKey = TopicRecords.key("cf-shadow");
        String syntheticKey = TopicRecords.key("cf-synthetic");
        String liveKey = TopicRecords.key("cf-live");
        double skipped = skipped();
        TopicRecords.send(topic, shadowKey, "X-Shadow", "shadow");
        TopicRecords.send(topic, syntheticKey, "baggage", "shadow=synthetic");
        TopicRecords.send(topic, liveKey);

        List<String> received = new CopyOnWriteArrayList<>();
        ConsumerFactory<String, String> factory = factory(factoryName);
        AutoCloseable receiving = via.equals("poll loop")
                ? pollLoop(factory, topic, received)
                : inlineContainer(factory, topic, received);
        try (receiving) {
            await().atMost(Duration.ofSeconds(30)).until(() -> received.contains(liveKey));
        }
        assertThat(received).containsExactly(liveKey);
        assertThat(skipped()).isEqualTo(skipped + 2);
    }

    private static AutoCloseable pollLoop(
            ConsumerFactory<String, String> factory, String topic, List<String> received) {
        Consumer<String, String> consumer = factory.createConsumer("cf-loop-" + UUID.randomUUID(), null);
        consumer.subscribe(Set.of(topic));
        AtomicBoolean running = new AtomicBoolean(true);
        Thread loop = new Thread(() -> {
            try (consumer) {
                while (running.get()) {
                    consumer.poll(Duration.ofMillis(100)).forEach((record) -> received.add(record.key()));
                }
            }
        });
        loop.start();
        return () -> {
            running.set(false);
            loop.join();
        };
    }

    private static AutoCloseable inlineContainer(
            ConsumerFactory<String, String> factory, String topic, List<String> received) {
        ContainerProperties properties = new ContainerProperties(topic);
        properties.setGroupId("cf-inline-" + UUID.randomUUID());
        properties.setMessageListener((MessageListener<String, String>) (record) -> received.add(record.key()));
        ConcurrentMessageListenerContainer<String, String> container =
                new ConcurrentMessageListenerContainer<>(factory, properties);
        container.start();
        return container::stop;
    }

    @Test
    void shadowAwarePollLoopReceivesMarkedRecordsAndBindsThem() {
        String shadowKey = TopicRecords.key("cf-aware-shadow");
        String liveKey = TopicRecords.key("cf-aware-live");
        TopicRecords.send("cf-aware", shadowKey, "X-Shadow", "shadow");
        TopicRecords.send("cf-aware", liveKey);

        Map<String, String> modes = new HashMap<>();
        try (Consumer<String, String> consumer = factory("ownConsumerFactory").createConsumer("cf-aware-group", null)) {
            consumer.subscribe(Set.of("cf-aware"));
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                    this.markers.runInContext(
                            record.headers(),
                            () -> modes.put(record.key(), ShadowTraffic.isShadow() ? "shadow" : "live"));
                }
                return modes.containsKey(liveKey);
            });
        }
        assertThat(modes).containsEntry(shadowKey, "shadow").containsEntry(liveKey, "live");
    }

    @Test
    void containerFromTheContainerFactoryBeanBindsAMarkedRecordWithoutSkippingIt() {
        String shadowKey = TopicRecords.key("cf-listener-shadow");
        String liveKey = TopicRecords.key("cf-listener-live");
        double skipped = skipped();
        TopicRecords.send("cf-listener", shadowKey, "X-Shadow", "shadow");
        TopicRecords.send("cf-listener", liveKey);

        assertThat(this.context
                        .getBean(ConcurrentKafkaListenerContainerFactory.class)
                        .getConsumerFactory())
                .isInstanceOf(DelegatingConsumerFactory.class);
        await().atMost(Duration.ofSeconds(30)).until(() -> this.listened.modes.containsKey(liveKey));
        assertThat(this.listened.modes).containsEntry(shadowKey, "shadow").containsEntry(liveKey, "live");
        assertThat(skipped()).isEqualTo(skipped);
    }

    @Test
    void leakAuditListsEveryConsumerFactoryAsGuarded() {
        assertThat(this.context.getBean(ShadowLeakAudit.class).inventory().channels())
                .filteredOn((channel) -> channel.beanName().endsWith("ConsumerFactory"))
                .extracting(
                        (channel) -> channel.beanName() + " " + channel.kind().tagValue() + " " + channel.coverage())
                .containsExactlyInAnyOrder(
                        "delegatingConsumerFactory kafka-consumer GUARDED",
                        "ownConsumerFactory kafka-consumer GUARDED");
    }

    @Test
    void guardedFactoryStaysInjectableByItsClass() {
        assertThat(this.context.getBean("ownConsumerFactory", OwnConsumerFactory.class))
                .isInstanceOf(ConsumerFactoryGuard.GuardedConsumerFactory.class);
        assertThat(this.context.getBean(DelegatingConsumerFactory.class))
                .isInstanceOf(ConsumerFactoryGuard.GuardedConsumerFactory.class);
    }

    @SuppressWarnings("unchecked")
    private ConsumerFactory<String, String> factory(String name) {
        return this.context.getBean(name, ConsumerFactory.class);
    }

    private double skipped() {
        return this.meters.find("shadow.records.skipped").tags("channel", "kafka").counters().stream()
                .mapToDouble(Counter::count)
                .sum();
    }

    static Map<String, Object> configs() {
        Map<String, Object> configs = new HashMap<>();
        configs.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, TopicRecords.brokers());
        configs.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        configs.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        configs.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        configs.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        return configs;
    }

    /** A factory of the application's own over a {@code DefaultKafkaConsumerFactory} built inline. */
    public static class DelegatingConsumerFactory implements ConsumerFactory<Object, Object> {

        private final ConsumerFactory<Object, Object> delegate = new DefaultKafkaConsumerFactory<>(configs());

        @Override
        public Consumer<Object, Object> createConsumer(
                @Nullable String groupId,
                @Nullable String clientIdPrefix,
                @Nullable String clientIdSuffix,
                @Nullable Properties properties) {
            return this.delegate.createConsumer(groupId, clientIdPrefix, clientIdSuffix, properties);
        }

        @Override
        public boolean isAutoCommit() {
            return this.delegate.isAutoCommit();
        }

        @Override
        public Map<String, Object> getConfigurationProperties() {
            return this.delegate.getConfigurationProperties();
        }
    }

    /** A factory of the application's own that creates {@code KafkaConsumer}s itself. */
    static class OwnConsumerFactory extends ConsumerFactoryOfItsOwn {

        OwnConsumerFactory() {
            super(configs());
        }
    }

    /** What the listener of Boot's container factory received, in which mode. */
    static class Listened {

        final Map<String, String> modes = new ConcurrentHashMap<>();

        @KafkaListener(id = "cf-listener", topics = "cf-listener", groupId = "cf-listener")
        void onRecord(ConsumerRecord<String, String> record) {
            this.modes.put(
                    record.key(),
                    ShadowContextHolder.currentMode()
                            .map((mode) -> mode.markerValue())
                            .orElse("live"));
        }
    }

    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class App {

        @Bean
        SimpleMeterRegistry meterRegistry() {
            return new SimpleMeterRegistry();
        }

        @Bean
        KafkaAdmin.NewTopics anyConsumerFactoryTopics() {
            return new KafkaAdmin.NewTopics(
                    TopicBuilder.name("cf-loop-delegatingConsumerFactory")
                            .partitions(1)
                            .build(),
                    TopicBuilder.name("cf-loop-ownConsumerFactory")
                            .partitions(1)
                            .build(),
                    TopicBuilder.name("cf-inline-delegatingConsumerFactory")
                            .partitions(1)
                            .build(),
                    TopicBuilder.name("cf-inline-ownConsumerFactory")
                            .partitions(1)
                            .build(),
                    TopicBuilder.name("cf-aware").partitions(1).build(),
                    TopicBuilder.name("cf-listener").partitions(1).build());
        }

        @Bean
        @Primary
        DelegatingConsumerFactory delegatingConsumerFactory() {
            return new DelegatingConsumerFactory();
        }

        @Bean
        OwnConsumerFactory ownConsumerFactory() {
            return new OwnConsumerFactory();
        }

        @Bean
        Listened listened() {
            return new Listened();
        }
    }
}
