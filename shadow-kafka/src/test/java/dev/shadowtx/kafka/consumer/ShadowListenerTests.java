package dev.shadowtx.kafka.consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.shadowtx.core.context.ShadowContextHolder;
import dev.shadowtx.core.marker.BaggageDetector;
import dev.shadowtx.core.marker.MarkerValue;
import dev.shadowtx.core.testsupport.CountingChars;
import dev.shadowtx.core.testsupport.EmbeddedPostgresServer;
import dev.shadowtx.kafka.testsupport.TopicRecords;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.kafka.autoconfigure.ConcurrentKafkaListenerContainerFactoryConfigurer;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.config.ConcurrentKafkaListenerContainerFactory;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.kafka.listener.RecordInterceptor;
import org.springframework.stereotype.Component;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.annotation.Transactional;

@SpringBootTest(
        classes = ShadowListenerTests.App.class,
        properties = {
            "spring.main.web-application-type=none", "spring.kafka.bootstrap-servers=${spring.embedded.kafka.brokers}",
            "spring.kafka.consumer.auto-offset-reset=earliest", "shadow.kafka.consumer.skip-shadow-records=true",
            "shadow.kafka.consumer.shadow-aware-listeners=inventory,billing-group,stock-batch,inventory-tx"
        })
class ShadowListenerTests {

    @DynamicPropertySource
    static void postgres(DynamicPropertyRegistry registry) {
        registry.add("spring.datasource.url", EmbeddedPostgresServer::jdbcUrl);
        registry.add("spring.datasource.username", () -> "postgres");
        registry.add("spring.datasource.password", () -> "postgres");
    }

    @Autowired
    Deliveries deliveries;

    @Autowired
    Rows rows;

    @Autowired
    KafkaListenerEndpointRegistry registry;

    @Autowired
    SimpleMeterRegistry meters;

    @Test
    void shadowRecordRunsItsListenerInShadowAndItsWritesAreRolledBackWhileTheNextLiveRecordCommits() {
        String shadow = TopicRecords.key("inventory-shadow");
        String live = TopicRecords.key("inventory-live");
        TopicRecords.send("inventory", shadow, "X-Shadow", "shadow");
        TopicRecords.send("inventory", live);

        awaitAfterRecord(shadow, live);
        assertThat(this.deliveries.modeOf("inventory", shadow)).isEqualTo("shadow");
        assertThat(this.deliveries.modeOf("inventory", live)).isEqualTo("live");
        assertThat(this.rows.keys()).contains(live).doesNotContain(shadow);
    }

    @Test
    void baggageAndMalformedMarkersBindTheContextToo() {
        String baggage = TopicRecords.key("inventory-baggage");
        String malformed = TopicRecords.key("inventory-malformed");
        TopicRecords.send("inventory", baggage, "baggage", "tenant=acme,shadow=synthetic");
        TopicRecords.send("inventory", malformed, "x-shadow", "yes please");

        awaitAfterRecord(baggage, malformed);
        assertThat(this.deliveries.modeOf("inventory", baggage)).isEqualTo("synthetic");
        assertThat(this.deliveries.modeOf("inventory", malformed)).isEqualTo("shadow");
        assertThat(this.rows.keys()).doesNotContain(baggage, malformed);
    }

    @Test
    void megabyteOfBaggageIsAMalformedMarkerReadInLinearWorkAndTheRecordRunsInShadow() {
        String baggage = ",".repeat(1_000_000) + "=";
        String oversized = TopicRecords.key("inventory-oversized-baggage");
        String live = TopicRecords.key("inventory-after-oversized");
        double malformed = malformed();
        TopicRecords.send("inventory", oversized, "baggage", baggage);
        TopicRecords.send("inventory", live);

        awaitAfterRecord(oversized, live);
        assertThat(this.deliveries.modeOf("inventory", oversized)).isEqualTo("shadow");
        assertThat(this.rows.keys()).contains(live).doesNotContain(oversized);
        assertThat(malformed()).isEqualTo(malformed + 1);
        CountingChars chars = new CountingChars(baggage);
        assertThat(new BaggageDetector("shadow").read(List.of(chars))).isEqualTo(MarkerValue.MALFORMED);
        assertThat(chars.reads()).isLessThanOrEqualTo(BaggageDetector.MAX_LENGTH);
    }

    @Test
    void userDefinedRecordInterceptorStillRunsAlongsideOursAndSeesTheShadowContext() {
        String shadow = TopicRecords.key("interceptor-shadow");
        String live = TopicRecords.key("interceptor-live");
        TopicRecords.send("inventory", shadow, "X-Shadow", "shadow");
        TopicRecords.send("inventory", live);

        awaitAfterRecord(shadow, live);
        assertThat(AuditingInterceptor.INTERCEPTED)
                .contains("inventory:" + shadow + ":shadow", "inventory:" + live + ":live");
    }

    @Test
    void listenerThatIsNotShadowAwareSkipsShadowRecordsAndTheyAreCounted() {
        double before = skipped("shadow");
        String shadow = TopicRecords.key("notification-shadow");
        String live = TopicRecords.key("notification-live");
        TopicRecords.send("notifications", shadow, "X-Shadow", "shadow");
        TopicRecords.send("notifications", live);

        await().atMost(Duration.ofSeconds(20)).until(() -> this.deliveries.modeOf("notifications", live) != null);
        assertThat(this.deliveries.modeOf("notifications", shadow)).isNull();
        assertThat(this.deliveries.modeOf("notifications", live)).isEqualTo("live");
        assertThat(skipped("shadow")).isEqualTo(before + 1);
    }

    @Test
    void listenerNamedByItsGroupIdReceivesShadowRecordsInShadow() {
        String shadow = TopicRecords.key("billing-shadow");
        TopicRecords.send("billing", shadow, "X-Shadow", "shadow");

        await().atMost(Duration.ofSeconds(20)).until(() -> this.deliveries.modeOf("billing", shadow) != null);
        assertThat(this.deliveries.modeOf("billing", shadow)).isEqualTo("shadow");
    }

    @Test
    void containerTransactionOfAShadowRecordRollsBackEvenWhenACustomizerAskedToInterceptInsideIt() {
        String shadow = TopicRecords.key("tx-shadow");
        String live = TopicRecords.key("tx-live");
        TopicRecords.send("inventory-tx", shadow, "X-Shadow", "shadow");
        TopicRecords.send("inventory-tx", live);

        await().atMost(Duration.ofSeconds(20)).until(() -> this.rows.keys().contains(live));
        assertThat(this.deliveries.modeOf("inventory-tx", shadow)).isEqualTo("shadow");
        assertThat(this.rows.keys()).doesNotContain(shadow);
        assertThat(CustomizerInterceptor.INTERCEPTED).contains(shadow + ":shadow", live + ":live");
    }

    @Test
    void mixedBatchIsDeliveredAsHomogeneousBatchesWithoutLosingALiveRecordOrLeakingAShadowOne() {
        double skippedShadow = skipped("shadow");
        double skippedSynthetic = skipped("synthetic");
        List<String> sent = new ArrayList<>();
        List<String> live = new ArrayList<>();
        String[] markers = {null, "shadow", null, "synthetic", null, "shadow", "shadow", null};
        for (int i = 0; i < markers.length; i++) {
            String key = TopicRecords.key("stock-" + i + "-" + ((markers[i] != null) ? markers[i] : "live"));
            if (markers[i] != null) {
                TopicRecords.send("stock", key, "X-Shadow", markers[i]);
            } else {
                TopicRecords.send("stock", key);
                live.add(key);
            }
            sent.add(key);
        }
        this.registry.getListenerContainer("stock-batch").start();
        this.registry.getListenerContainer("stock-audit").start();

        await().atMost(Duration.ofSeconds(30))
                .until(() -> this.deliveries.keys("stock-batch").size() >= sent.size()
                        && this.deliveries.keys("stock-audit").size() >= live.size());
        assertThat(this.deliveries.keys("stock-batch")).containsExactlyElementsOf(sent);
        for (Delivery delivery : this.deliveries.of("stock-batch")) {
            assertThat(delivery.keys()).allSatisfy((key) -> assertThat(key).contains("-" + delivery.mode() + "-"));
        }
        assertThat(this.deliveries.of("stock-batch"))
                .hasSizeGreaterThanOrEqualTo(7)
                .anySatisfy((delivery) -> assertThat(delivery.keys()).hasSize(2));
        await().atMost(Duration.ofSeconds(10)).until(() -> this.rows.keys().containsAll(live));
        assertThat(this.rows.keys())
                .filteredOn((key) -> key.startsWith("stock-"))
                .containsExactlyInAnyOrderElementsOf(live);

        assertThat(this.deliveries.keys("stock-audit")).containsExactlyElementsOf(live);
        assertThat(this.deliveries.of("stock-audit"))
                .allSatisfy((delivery) -> assertThat(delivery.mode()).isEqualTo("live"));
        assertThat(skipped("shadow")).isEqualTo(skippedShadow + 3);
        assertThat(skipped("synthetic")).isEqualTo(skippedSynthetic + 1);
    }

    private void awaitAfterRecord(String... keys) {
        await().atMost(Duration.ofSeconds(20))
                .until(() -> List.copyOf(AuditingInterceptor.AFTER_RECORD).containsAll(List.of(keys)));
    }

    private double malformed() {
        Counter counter = this.meters
                .find("shadow.markers.malformed")
                .tags("source", "baggage")
                .counter();
        return (counter != null) ? counter.count() : 0;
    }

    private double skipped(String mode) {
        Counter counter = this.meters
                .find("shadow.records.skipped")
                .tags("channel", "kafka", "mode", mode)
                .counter();
        return (counter != null) ? counter.count() : 0;
    }

    record Delivery(String listener, List<String> keys, String mode) {}

    static String currentMode() {
        return ShadowContextHolder.currentMode()
                .map((mode) -> mode.markerValue())
                .orElse("live");
    }

    @Component
    static class Deliveries {

        private final Queue<Delivery> all = new ConcurrentLinkedQueue<>();

        void add(String listener, List<String> keys) {
            this.all.add(new Delivery(listener, List.copyOf(keys), currentMode()));
        }

        List<Delivery> of(String listener) {
            return this.all.stream()
                    .filter((delivery) -> delivery.listener().equals(listener))
                    .toList();
        }

        List<String> keys(String listener) {
            return of(listener).stream()
                    .flatMap((delivery) -> delivery.keys().stream())
                    .toList();
        }

        @Nullable
        String modeOf(String listener, String key) {
            return of(listener).stream()
                    .filter((delivery) -> delivery.keys().contains(key))
                    .map(Delivery::mode)
                    .findFirst()
                    .orElse(null);
        }
    }

    @Component
    static class Rows {

        private final JdbcTemplate jdbc;

        Rows(JdbcTemplate jdbc) {
            this.jdbc = jdbc;
            jdbc.execute("create table if not exists kafka_listener_rows (id varchar(200) primary key)");
        }

        void insert(String key) {
            this.jdbc.update("insert into kafka_listener_rows (id) values (?)", key);
        }

        List<String> keys() {
            return this.jdbc.queryForList("select id from kafka_listener_rows", String.class);
        }
    }

    @Component
    static class Listeners {

        private final Deliveries deliveries;

        private final Rows rows;

        Listeners(Deliveries deliveries, Rows rows) {
            this.deliveries = deliveries;
            this.rows = rows;
        }

        @Transactional
        @KafkaListener(id = "inventory", topics = "inventory")
        public void inventory(ConsumerRecord<String, String> record) {
            this.rows.insert(record.key());
            this.deliveries.add("inventory", List.of(record.key()));
        }

        @KafkaListener(id = "notifications", topics = "notifications")
        public void notifications(ConsumerRecord<String, String> record) {
            this.deliveries.add("notifications", List.of(record.key()));
        }

        @KafkaListener(id = "billing", groupId = "billing-group", topics = "billing")
        public void billing(ConsumerRecord<String, String> record) {
            this.deliveries.add("billing", List.of(record.key()));
        }

        @KafkaListener(id = "inventory-tx", topics = "inventory-tx", containerFactory = "jdbcTransactionalFactory")
        public void inventoryInContainerTransaction(ConsumerRecord<String, String> record) {
            this.rows.insert(record.key());
            this.deliveries.add("inventory-tx", List.of(record.key()));
        }

        @Transactional
        @KafkaListener(id = "stock-batch", topics = "stock", batch = "true", autoStartup = "false")
        public void stock(List<ConsumerRecord<String, String>> records) {
            List<String> keys = records.stream().map(ConsumerRecord::key).toList();
            keys.forEach(this.rows::insert);
            this.deliveries.add("stock-batch", keys);
        }

        @KafkaListener(id = "stock-audit", topics = "stock", batch = "true", autoStartup = "false")
        public void stockAudit(List<ConsumerRecord<String, String>> records) {
            this.deliveries.add(
                    "stock-audit", records.stream().map(ConsumerRecord::key).toList());
        }
    }

    /**
     * The application's own interceptor, a bean: Boot puts it on the container factories.
     */
    static class AuditingInterceptor implements RecordInterceptor<Object, Object> {

        static final Queue<String> INTERCEPTED = new ConcurrentLinkedQueue<>();

        static final Queue<Object> AFTER_RECORD = new ConcurrentLinkedQueue<>();

        @Override
        public ConsumerRecord<Object, Object> intercept(
                ConsumerRecord<Object, Object> record, Consumer<Object, Object> consumer) {
            INTERCEPTED.add(record.topic() + ":" + record.key() + ":" + currentMode());
            return record;
        }

        @Override
        public void afterRecord(ConsumerRecord<Object, Object> record, Consumer<Object, Object> consumer) {
            AFTER_RECORD.add(record.key());
        }
    }

    /**
     * An interceptor a container customizer sets directly on its containers, replacing whatever
     * the factory set.
     */
    static class CustomizerInterceptor implements RecordInterceptor<Object, Object> {

        static final Queue<String> INTERCEPTED = new ConcurrentLinkedQueue<>();

        @Override
        public ConsumerRecord<Object, Object> intercept(
                ConsumerRecord<Object, Object> record, Consumer<Object, Object> consumer) {
            INTERCEPTED.add(record.key() + ":" + currentMode());
            return record;
        }
    }

    @SpringBootConfiguration
    @EnableAutoConfiguration
    @Import({Deliveries.class, Rows.class, Listeners.class})
    static class App {

        @Bean
        SimpleMeterRegistry meterRegistry() {
            return new SimpleMeterRegistry();
        }

        @Bean
        AuditingInterceptor auditingInterceptor() {
            return new AuditingInterceptor();
        }

        @Bean
        KafkaAdmin.NewTopics listenerTopics() {
            return new KafkaAdmin.NewTopics(
                    TopicBuilder.name("inventory").build(),
                    TopicBuilder.name("notifications").build(),
                    TopicBuilder.name("billing").build(),
                    TopicBuilder.name("inventory-tx").build(),
                    TopicBuilder.name("stock").build());
        }

        @Bean
        ConcurrentKafkaListenerContainerFactory<Object, Object> jdbcTransactionalFactory(
                ConcurrentKafkaListenerContainerFactoryConfigurer configurer,
                ConsumerFactory<Object, Object> consumerFactory,
                PlatformTransactionManager transactionManager) {
            ConcurrentKafkaListenerContainerFactory<Object, Object> factory =
                    new ConcurrentKafkaListenerContainerFactory<>();
            configurer.configure(factory, consumerFactory);
            factory.getContainerProperties().setTransactionManager(transactionManager);
            factory.setContainerCustomizer((container) -> {
                container.setInterceptBeforeTx(false);
                container.setRecordInterceptor(new CustomizerInterceptor());
            });
            return factory;
        }
    }
}
