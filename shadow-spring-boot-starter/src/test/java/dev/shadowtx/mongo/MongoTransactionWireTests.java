package dev.shadowtx.mongo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import com.mongodb.client.MongoClient;
import dev.shadowtx.async.autoconfigure.ShadowAsyncAutoConfiguration;
import dev.shadowtx.core.ShadowBlockedException;
import dev.shadowtx.core.ShadowTraffic;
import dev.shadowtx.core.context.ShadowMode;
import dev.shadowtx.core.testsupport.FakeMongo;
import dev.shadowtx.core.testsupport.RecordingSocket;
import dev.shadowtx.handles.GuardedHandles;
import dev.shadowtx.handles.ShadowSubscriptions;
import dev.shadowtx.transaction.autoconfigure.ShadowTransactionAutoConfiguration;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.mongodb.MongoDatabaseFactory;
import org.springframework.data.mongodb.MongoTransactionManager;
import org.springframework.data.mongodb.ReactiveMongoDatabaseFactory;
import org.springframework.data.mongodb.ReactiveMongoTransactionManager;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.ReactiveMongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.transaction.annotation.EnableTransactionManagement;
import org.springframework.transaction.annotation.Transactional;
import reactor.core.publisher.Mono;

/**
 * MongoDB transactions in shadow, seen on the wire: the real driver talks to a local socket that
 * speaks MongoDB's protocol as the primary of a replica set (no MongoDB server runs in the build)
 * and records every command it receives. A shadow {@code @Transactional} method that reads, through
 * {@code MongoTransactionManager} or {@code ReactiveMongoTransactionManager}, ends its transaction
 * with {@code abortTransaction} and never sends {@code commitTransaction}, whether the shadow
 * context is on the calling thread or in the subscriber's Reactor context (which the starter's
 * automatic context propagation restores on the thread that begins the transaction); its live
 * twin commits. Before the MongoDB guard let Spring Data's session-bound databases reach the
 * client directly, no command of a transaction carried it, live ones included.
 * A write in a shadow transaction is refused before any byte of it leaves: the server never
 * receives an {@code insert}.
 * <p>
 * The same holds for a {@code MongoTemplate} bean built over a database factory that is no bean
 * ({@code new MongoTemplate(client, "orders")}) and a {@code MongoTransactionManager} built over
 * what its {@code getMongoDatabaseFactory()} answers: the guarded template hands out the same
 * guarded factory every time, and the transaction manager binds its session where the template,
 * which keeps the bare factory, looks for it (the driver sends neither {@code abortTransaction} nor
 * {@code commitTransaction} for a transaction that no command carried).
 */
class MongoTransactionWireTests {

    private final RecordingSocket mongo = RecordingSocket.start(FakeMongo.replicaSetPrimary("rs0"));

    private final ApplicationContextRunner runner = MongoApplications.over(this.mongo)
            .withConfiguration(AutoConfigurations.of(
                    ShadowAsyncAutoConfiguration.class, ShadowTransactionAutoConfiguration.class));

    @AfterEach
    void close() throws Exception {
        this.mongo.close();
    }

    @ParameterizedTest
    @ValueSource(classes = {Transactions.class, TemplateFactoryTransactions.class})
    void aShadowSyncTransactionThatReadsIsAbortedOnTheWireWhileItsLiveTwinCommits(Class<?> transactions) {
        this.runner.withUserConfiguration(transactions).run((context) -> {
            Orders orders = context.getBean(Orders.class);
            String wanted = unique("read");

            ShadowTraffic.runIsolated(ShadowMode.SHADOW, () -> orders.find(wanted));

            assertThat(this.mongo.received(wanted)).isTrue();
            assertThat(transactionEnds())
                    .as(() -> this.mongo.commands().toString())
                    .containsExactly("abortTransaction");

            orders.find(wanted);

            assertThat(transactionEnds())
                    .as(() -> this.mongo.commands().toString())
                    .containsExactly("abortTransaction", "commitTransaction");
        });
    }

    @ParameterizedTest
    @ValueSource(classes = {Transactions.class, TemplateFactoryTransactions.class})
    void aShadowSyncTransactionThatWritesIsRefusedBeforeTheInsertLeaves(Class<?> transactions) {
        this.runner.withUserConfiguration(transactions).run((context) -> {
            Orders orders = context.getBean(Orders.class);
            String shadowId = unique("shadow");
            String liveId = unique("live");

            assertThatExceptionOfType(ShadowBlockedException.class)
                    .isThrownBy(() -> ShadowTraffic.runIsolated(ShadowMode.SHADOW, () -> orders.insert(shadowId)));

            assertThat(this.mongo.received(shadowId)).isFalse();
            assertThat(this.mongo.commands()).doesNotContain("insert", "commitTransaction");
            assertThat(transactionEnds())
                    .as(() -> this.mongo.commands().toString())
                    .containsExactly("abortTransaction");

            orders.insert(liveId);

            assertThat(this.mongo.received(liveId)).isTrue();
            List<String> commands = this.mongo.commands();
            assertThat(commands).containsOnlyOnce("insert", "commitTransaction");
            assertThat(commands.indexOf("insert"))
                    .as("the insert is sent in the transaction, before it commits: %s", commands)
                    .isLessThan(commands.indexOf("commitTransaction"));
        });
    }

    @Test
    void aTemplateOverAFactoryThatIsNoBeanHandsOutTheSameGuardedFactoryEveryTime() {
        this.runner.withUserConfiguration(TemplateFactoryTransactions.class).run((context) -> {
            MongoTemplate template = context.getBean(MongoTemplate.class);
            MongoDatabaseFactory first = template.getMongoDatabaseFactory();

            assertThat(GuardedHandles.isGuarded(template)).isTrue();
            assertThat(GuardedHandles.isGuarded(first)).isTrue();
            assertThat(template.getMongoDatabaseFactory()).isSameAs(first).isEqualTo(first);
            MongoDatabaseFactory[] inShadow = new MongoDatabaseFactory[1];
            ShadowTraffic.runIsolated(ShadowMode.SHADOW, () -> inShadow[0] = template.getMongoDatabaseFactory());
            assertThat(inShadow[0]).isSameAs(first);

            ReactiveMongoTemplate reactive = context.getBean(ReactiveMongoTemplate.class);
            ReactiveMongoDatabaseFactory reactiveFactory = reactive.getMongoDatabaseFactory();
            assertThat(GuardedHandles.isGuarded(reactiveFactory)).isTrue();
            assertThat(reactive.getMongoDatabaseFactory()).isSameAs(reactiveFactory);
        });
    }

    @Test
    void aShadowReactiveTransactionThatReadsIsAbortedOnTheWireWhileItsLiveTwinCommits() {
        this.runner.withUserConfiguration(Transactions.class).run((context) -> {
            ReactiveOrders orders = context.getBean(ReactiveOrders.class);
            String fromReactorContext = unique("context");
            String fromThread = unique("thread");
            String live = unique("live");

            ShadowSubscriptions.blockInShadow(orders.find(fromReactorContext));

            assertThat(this.mongo.received(fromReactorContext)).isTrue();
            assertThat(transactionEnds())
                    .as(() -> this.mongo.commands().toString())
                    .containsExactly("abortTransaction");

            ShadowTraffic.runIsolated(
                    ShadowMode.SHADOW, () -> orders.find(fromThread).block(Duration.ofSeconds(10)));

            assertThat(this.mongo.received(fromThread)).isTrue();
            assertThat(transactionEnds())
                    .as(() -> this.mongo.commands().toString())
                    .containsExactly("abortTransaction", "abortTransaction");

            orders.find(live).block(Duration.ofSeconds(10));

            assertThat(this.mongo.received(live)).isTrue();
            assertThat(transactionEnds())
                    .as(() -> this.mongo.commands().toString())
                    .containsExactly("abortTransaction", "abortTransaction", "commitTransaction");
        });
    }

    @Test
    void aShadowReactiveTransactionThatWritesIsRefusedBeforeTheInsertLeaves() {
        this.runner.withUserConfiguration(Transactions.class).run((context) -> {
            ReactiveOrders orders = context.getBean(ReactiveOrders.class);
            String shadowId = unique("shadow");
            String liveId = unique("live");

            assertThatExceptionOfType(ShadowBlockedException.class)
                    .isThrownBy(() -> ShadowSubscriptions.blockInShadow(orders.insert(shadowId)));

            assertThat(this.mongo.received(shadowId)).isFalse();
            assertThat(this.mongo.commands()).doesNotContain("insert", "commitTransaction");
            assertThat(transactionEnds())
                    .as(() -> this.mongo.commands().toString())
                    .containsExactly("abortTransaction");

            orders.insert(liveId).block(Duration.ofSeconds(10));

            assertThat(this.mongo.received(liveId)).isTrue();
            assertThat(this.mongo.commands()).containsOnlyOnce("insert", "commitTransaction");
        });
    }

    private List<String> transactionEnds() {
        return this.mongo.commands().stream()
                .filter((command) -> command.equals("commitTransaction") || command.equals("abortTransaction"))
                .toList();
    }

    private static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID();
    }

    @Configuration(proxyBeanMethods = false)
    @EnableTransactionManagement
    static class Transactions {

        @Bean
        MongoTransactionManager mongoTransactionManager(MongoDatabaseFactory factory) {
            return new MongoTransactionManager(factory);
        }

        @Bean
        ReactiveMongoTransactionManager reactiveMongoTransactionManager(ReactiveMongoDatabaseFactory factory) {
            return new ReactiveMongoTransactionManager(factory);
        }

        @Bean
        Orders orders(MongoTemplate template) {
            return new Orders(template);
        }

        @Bean
        ReactiveOrders reactiveOrders(ReactiveMongoTemplate template) {
            return new ReactiveOrders(template);
        }
    }

    /**
     * A template bean built over a database factory that is no bean, and the transaction manager
     * built over what the template's {@code getMongoDatabaseFactory()} answers.
     */
    @Configuration(proxyBeanMethods = false)
    @EnableTransactionManagement
    static class TemplateFactoryTransactions {

        @Bean
        MongoTemplate ordersTemplate(MongoClient client) {
            return new MongoTemplate(client, "orders");
        }

        @Bean
        ReactiveMongoTemplate reactiveOrdersTemplate(com.mongodb.reactivestreams.client.MongoClient client) {
            return new ReactiveMongoTemplate(client, "orders");
        }

        @Bean
        MongoTransactionManager mongoTransactionManager(MongoTemplate ordersTemplate) {
            return new MongoTransactionManager(ordersTemplate.getMongoDatabaseFactory());
        }

        @Bean
        Orders orders(MongoTemplate ordersTemplate) {
            return new Orders(ordersTemplate);
        }
    }

    static class Orders {

        private final MongoTemplate template;

        Orders(MongoTemplate template) {
            this.template = template;
        }

        @Transactional("mongoTransactionManager")
        public List<Document> find(String id) {
            return this.template.find(Query.query(Criteria.where("_id").is(id)), Document.class, "orders");
        }

        @Transactional("mongoTransactionManager")
        public void insert(String id) {
            this.template.find(Query.query(Criteria.where("state").is("open")), Document.class, "orders");
            this.template.insert(new Document("_id", id), "orders");
        }
    }

    static class ReactiveOrders {

        private final ReactiveMongoTemplate template;

        ReactiveOrders(ReactiveMongoTemplate template) {
            this.template = template;
        }

        @Transactional("reactiveMongoTransactionManager")
        public Mono<List<Document>> find(String id) {
            return this.template
                    .find(Query.query(Criteria.where("_id").is(id)), Document.class, "orders")
                    .collectList();
        }

        @Transactional("reactiveMongoTransactionManager")
        public Mono<Document> insert(String id) {
            return this.template
                    .find(Query.query(Criteria.where("state").is("open")), Document.class, "orders")
                    .then(this.template.insert(new Document("_id", id), "orders"));
        }
    }
}
