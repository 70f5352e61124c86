package dev.shadowtx.kafka.producer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.shadowtx.core.ShadowBlockedException;
import dev.shadowtx.core.context.MarkerSource;
import dev.shadowtx.core.context.ShadowContext;
import dev.shadowtx.core.context.ShadowContextHolder;
import dev.shadowtx.core.context.ShadowMode;
import dev.shadowtx.core.tx.ShadowTransactionManagerPostProcessor;
import dev.shadowtx.kafka.testsupport.TopicRecords;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.transaction.ChainedKafkaTransactionManager;
import org.springframework.kafka.transaction.KafkaTransactionManager;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.AbstractPlatformTransactionManager;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

@SpringBootTest(
        classes = ShadowTransactionalProducerTests.App.class,
        properties = {
            "spring.main.web-application-type=none",
            "spring.kafka.bootstrap-servers=${spring.embedded.kafka.brokers}",
            "spring.kafka.producer.transaction-id-prefix=ledger-tx-",
            "spring.kafka.producer.properties.max.block.ms=15000",
            "spring.kafka.consumer.auto-offset-reset=earliest",
            "shadow.kafka.topics.ledger-propagated.action=PROPAGATE",
            "shadow.kafka.transactions.commit-in-shadow=true"
        })
class ShadowTransactionalProducerTests {

    @Autowired
    KafkaTemplate<String, String> template;

    @Autowired
    KafkaTransactionManager<?, ?> kafkaTransactionManager;

    @Autowired
    DataSourceTransactionManager dataSourceTransactionManager;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    KafkaAdmin admin;

    @Autowired
    Inbox inbox;

    @Autowired
    SimpleMeterRegistry meters;

    @Autowired
    ShadowTransactionManagerPostProcessor guard;

    @BeforeEach
    void createTable() {
        this.jdbc.execute("create table if not exists ledger_rows (id varchar(64) primary key)");
    }

    @Test
    void shadowSendInAKafkaTransactionIsCommittedOnTheShadowTopicAndNeverReachesTheLiveTopic() {
        String key = TopicRecords.key("tx-shadow");
        double committed = count("shadow.transactions.committed");
        inShadow(() -> kafkaTransaction().executeWithoutResult((status) -> send("ledger", key)));

        assertThat(TopicRecords.withKeys("ledger.shadow", true, key))
                .singleElement()
                .satisfies((record) ->
                        assertThat(TopicRecords.header(record, "X-Shadow")).isEqualTo("shadow"));
        assertThat(TopicRecords.withKeys("ledger", false, key)).isEmpty();
        assertThat(count("shadow.transactions.committed")).isEqualTo(committed + 1);
    }

    @Test
    void propagatedShadowSendInAKafkaTransactionIsCommittedWithTheMarker() {
        String key = TopicRecords.key("tx-propagated");
        inShadow(() -> kafkaTransaction().executeWithoutResult((status) -> send("ledger-propagated", key)));

        assertThat(TopicRecords.withKeys("ledger-propagated", true, key))
                .singleElement()
                .satisfies((record) ->
                        assertThat(TopicRecords.header(record, "X-Shadow")).isEqualTo("shadow"));
    }

    @Test
    void shadowKafkaTransactionThatFailsIsStillAborted() {
        String key = TopicRecords.key("tx-failed");
        assertThatThrownBy(() -> inShadow(() -> kafkaTransaction().executeWithoutResult((status) -> {
                    send("ledger", key);
                    throw new IllegalStateException("listener failed");
                })))
                .isInstanceOf(IllegalStateException.class);

        assertThat(TopicRecords.withKeys("ledger.shadow", true, key)).isEmpty();
    }

    @Test
    void sendOutsideTheShadowContextAbortsTheShadowKafkaTransactionItJoins() {
        String shadowKey = TopicRecords.key("tx-mixed-shadow");
        String liveKey = TopicRecords.key("tx-mixed-live");
        double rolledBack = count("shadow.transactions.rolled-back");
        inShadow(() -> kafkaTransaction().executeWithoutResult((status) -> {
            send("ledger", shadowKey);
            try (ShadowContextHolder.Scope live = ShadowContextHolder.bind(null)) {
                send("ledger", liveKey);
            }
        }));

        assertThat(TopicRecords.withKeys("ledger.shadow", true, shadowKey)).isEmpty();
        assertThat(TopicRecords.withKeys("ledger", true, liveKey)).isEmpty();
        assertThat(count("shadow.transactions.rolled-back")).isEqualTo(rolledBack + 1);
    }

    @Test
    void shadowKafkaTransactionJoinedByAnotherResourceIsRolledBackAndItsCommitFails() {
        String key = TopicRecords.key("tx-foreign");
        KafkaTransactionManager<?, ?> synchronizing =
                new KafkaTransactionManager<>(this.kafkaTransactionManager.getProducerFactory());
        synchronizing.setTransactionSynchronization(AbstractPlatformTransactionManager.SYNCHRONIZATION_ALWAYS);
        this.guard.postProcessAfterInitialization(synchronizing, "synchronizingKafkaTransactionManager");
        assertThatThrownBy(() ->
                        inShadow(() -> new TransactionTemplate(synchronizing).executeWithoutResult((status) -> {
                            send("ledger", key);
                            joinForeignResource();
                        })))
                .isInstanceOf(ShadowBlockedException.class)
                .hasMessageContaining("joined by");

        assertThat(TopicRecords.withKeys("ledger.shadow", true, key)).isEmpty();
    }

    @Test
    void kafkaSendSynchronizedWithAShadowJdbcTransactionIsAbortedWithIt() {
        String key = TopicRecords.key("tx-jdbc");
        inShadow(() -> new TransactionTemplate(this.dataSourceTransactionManager).executeWithoutResult((status) -> {
            this.jdbc.update("insert into ledger_rows (id) values (?)", key);
            send("ledger", key);
        }));

        assertThat(rows(key)).isZero();
        assertThat(TopicRecords.withKeys("ledger.shadow", true, key)).isEmpty();
        assertThat(TopicRecords.withKeys("ledger", false, key)).isEmpty();
    }

    @Test
    void kafkaTransactionNestedInAShadowJdbcTransactionCommitsWhileTheRowsRollBack() {
        String key = TopicRecords.key("tx-chained");
        inShadow(() -> new TransactionTemplate(this.dataSourceTransactionManager).executeWithoutResult((db) -> {
            this.jdbc.update("insert into ledger_rows (id) values (?)", key);
            kafkaTransaction().executeWithoutResult((kafka) -> send("ledger", key));
        }));

        assertThat(rows(key)).isZero();
        assertThat(TopicRecords.withKeys("ledger.shadow", true, key)).hasSize(1);
        assertThat(TopicRecords.withKeys("ledger", false, key)).isEmpty();
    }

    @Test
    @SuppressWarnings({"deprecation", "removal"})
    void chainedKafkaTransactionManagerRollsBackAsAWholeInShadow() {
        String key = TopicRecords.key("tx-chained-manager");
        PlatformTransactionManager chained = (PlatformTransactionManager) this.guard.postProcessAfterInitialization(
                new ChainedKafkaTransactionManager<>(this.dataSourceTransactionManager, this.kafkaTransactionManager),
                "chainedKafkaTransactionManager");
        inShadow(() -> new TransactionTemplate(chained).executeWithoutResult((status) -> {
            this.jdbc.update("insert into ledger_rows (id) values (?)", key);
            send("ledger", key);
        }));

        assertThat(rows(key)).isZero();
        assertThat(TopicRecords.withKeys("ledger.shadow", true, key)).isEmpty();
        assertThat(TopicRecords.withKeys("ledger", false, key)).isEmpty();
    }

    @Test
    void liveTwinOfTheJdbcAndKafkaTransactionCommitsBoth() {
        String key = TopicRecords.key("tx-jdbc-live");
        new TransactionTemplate(this.dataSourceTransactionManager).executeWithoutResult((status) -> {
            this.jdbc.update("insert into ledger_rows (id) values (?)", key);
            send("ledger", key);
        });

        assertThat(rows(key)).isOne();
        assertThat(TopicRecords.withKeys("ledger", true, key)).hasSize(1);
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
        kafkaTransaction().executeWithoutResult((status) -> send("ledger", key));

        assertThat(TopicRecords.withKeys("ledger", true, key))
                .singleElement()
                .satisfies((record) ->
                        assertThat(record.headers().lastHeader("X-Shadow")).isNull());
    }

    @Test
    void transactionalContainerCommitsTheOffsetsOfShadowRecordsAndTheirOutputOnAShadowOnlyTopic() throws Exception {
        String key = TopicRecords.key("inbox-shadow");
        TopicRecords.send("ledger-inbox.shadow", key, "X-Shadow", "shadow");

        await().atMost(Duration.ofSeconds(20)).until(() -> this.inbox.offsets.containsKey(key));
        long offset = this.inbox.offsets.get(key);
        await().atMost(Duration.ofSeconds(20))
                .until(() -> committedOffset(Inbox.SHADOW_GROUP, "ledger-inbox.shadow") > offset);
        assertThat(TopicRecords.withKeys("ledger-audit.shadow", true, key)).hasSize(1);
        assertThat(TopicRecords.withKeys("ledger-audit", false, key)).isEmpty();
    }

    @Test
    void transactionalContainerCommitsTheOffsetsOfShadowRecordsOnALiveTopic() throws Exception {
        String key = TopicRecords.key("inbox-marked");
        TopicRecords.send("ledger-inbox", key, "X-Shadow", "shadow");

        await().atMost(Duration.ofSeconds(20)).until(() -> this.inbox.offsets.containsKey(key));
        long offset = this.inbox.offsets.get(key);
        await().atMost(Duration.ofSeconds(20)).until(() -> committedOffset(Inbox.LIVE_GROUP, "ledger-inbox") > offset);
        assertThat(TopicRecords.withKeys("ledger-audit", false, key)).isEmpty();
    }

    private long committedOffset(String group, String topic) throws Exception {
        try (Admin client = Admin.create(this.admin.getConfigurationProperties())) {
            Map<TopicPartition, OffsetAndMetadata> offsets = client.listConsumerGroupOffsets(group)
                    .partitionsToOffsetAndMetadata()
                    .get(10, TimeUnit.SECONDS);
            OffsetAndMetadata committed = offsets.get(new TopicPartition(topic, 0));
            return (committed != null) ? committed.offset() : -1L;
        }
    }

    private static void joinForeignResource() {
        Object key = new Object();
        TransactionSynchronizationManager.bindResource(key, new StringBuilder("a session of another broker"));
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void afterCompletion(int status) {
                TransactionSynchronizationManager.unbindResource(key);
            }
        });
    }

    private Integer rows(String key) {
        return this.jdbc.queryForObject("select count(*) from ledger_rows where id = ?", Integer.class, key);
    }

    private double count(String meter) {
        Counter counter = this.meters.find(meter).tag("mode", "shadow").counter();
        return (counter != null) ? counter.count() : 0;
    }

    private TransactionTemplate kafkaTransaction() {
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

    @Component
    static class Inbox {

        static final String SHADOW_GROUP = "ledger-inbox-shadow-reader";

        static final String LIVE_GROUP = "ledger-inbox-reader";

        final Map<String, Long> offsets = new ConcurrentHashMap<>();

        private final KafkaTemplate<String, String> template;

        Inbox(KafkaTemplate<String, String> template) {
            this.template = template;
        }

        @KafkaListener(topics = "ledger-inbox.shadow", groupId = SHADOW_GROUP)
        void shadow(ConsumerRecord<String, String> record) {
            forward(record);
        }

        @KafkaListener(topics = "ledger-inbox", groupId = LIVE_GROUP)
        void live(ConsumerRecord<String, String> record) {
            forward(record);
        }

        private void forward(ConsumerRecord<String, String> record) {
            this.template.send("ledger-audit", record.key(), "audited");
            this.offsets.put(record.key(), record.offset());
        }
    }

    @SpringBootConfiguration
    @EnableAutoConfiguration
    @Import(Inbox.class)
    static class App {

        @Bean
        SimpleMeterRegistry meterRegistry() {
            return new SimpleMeterRegistry();
        }

        @Bean
        @Primary
        DataSourceTransactionManager dataSourceTransactionManager(DataSource dataSource) {
            return new DataSourceTransactionManager(dataSource);
        }

        @Bean
        NewTopic ledger() {
            return TopicBuilder.name("ledger").build();
        }

        @Bean
        NewTopic ledgerPropagated() {
            return TopicBuilder.name("ledger-propagated").build();
        }

        @Bean
        NewTopic ledgerInbox() {
            return TopicBuilder.name("ledger-inbox").build();
        }

        @Bean
        NewTopic ledgerAudit() {
            return TopicBuilder.name("ledger-audit").build();
        }
    }
}
