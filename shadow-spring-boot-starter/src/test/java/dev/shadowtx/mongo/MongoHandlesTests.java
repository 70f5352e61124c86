package dev.shadowtx.mongo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

import com.mongodb.ClientSessionOptions;
import com.mongodb.ServerApi;
import com.mongodb.ServerApiVersion;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Aggregates;
import com.mongodb.reactivestreams.client.MongoClients;
import dev.shadowtx.audit.ShadowLeakAudit;
import dev.shadowtx.core.ShadowBlockedException;
import dev.shadowtx.core.ShadowTraffic;
import dev.shadowtx.core.context.ShadowMode;
import dev.shadowtx.core.testsupport.FakeMongo;
import dev.shadowtx.core.testsupport.RecordingSocket;
import dev.shadowtx.handles.ShadowSubscriptions;
import dev.shadowtx.transaction.autoconfigure.ShadowTransactionAutoConfiguration;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Supplier;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.reactivestreams.Publisher;
import org.springframework.boot.LazyInitializationBeanFactoryPostProcessor;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.mongodb.ReactiveMongoDatabaseFactory;
import org.springframework.data.mongodb.ReactiveMongoTransactionManager;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.ReactiveMongoTemplate;
import org.springframework.data.mongodb.core.ReactiveSessionScoped;
import org.springframework.data.mongodb.core.SessionScoped;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Mono;

/**
 * MongoDB in shadow, with the real driver pointed at a local socket that records what reaches it
 * (no MongoDB server runs in the build): a write through the template, through a collection
 * fetched with {@code getCollection}, through a database fetched from the client, or through a
 * template built over a client that is no bean throws {@link ShadowBlockedException} and not one
 * byte of it reaches the socket, while its live twin does reach it. Reads go through in shadow.
 * The same holds for the Reactive Streams driver and {@code ReactiveMongoTemplate}, where the
 * write is refused when its publisher is subscribed in shadow (the subscriber's Reactor context
 * decides as well as the calling thread) and the subscriber receives the exception as its error.
 * A template's {@code withSession} hands out a session-scoped object whose callback gets a
 * guarded session-bound template (shown over a client that is no bean, where nothing else guards
 * the session-bound template): a write there is refused in shadow (for the reactive one, from
 * the subscriber's Reactor context even when the object was made on a live thread), its reads
 * pass and its live twin writes. A {@code ReactiveMongoTransactionManager} carries the transaction
 * guard; in its transactions a shadow write is refused and a read is sent, while the live twin
 * writes.
 */
class MongoHandlesTests {

    private final RecordingSocket mongo = RecordingSocket.start(FakeMongo.protocol());

    private final ApplicationContextRunner runner = MongoApplications.over(this.mongo);

    @AfterEach
    void close() throws Exception {
        this.mongo.close();
    }

    @Test
    void templateWritesAreBlockedInShadowBeforeReachingTheServerWhileTheirLiveTwinReachesIt() {
        this.runner.run((context) -> {
            MongoTemplate template = context.getBean(MongoTemplate.class);
            String shadowId = unique("shadow");
            String liveId = unique("live");

            assertBlocked(() -> template.insert(new Document("_id", shadowId), "orders"));
            assertBlocked(() -> template.save(new Document("_id", shadowId), "orders"));
            assertBlocked(() -> template.updateFirst(
                    Query.query(Criteria.where("_id").is(shadowId)), Update.update("state", "paid"), "orders"));
            assertBlocked(
                    () -> template.remove(Query.query(Criteria.where("_id").is(shadowId)), "orders"));
            assertBlocked(() -> template.dropCollection("orders"));

            template.insert(new Document("_id", liveId), "orders");

            assertThat(this.mongo.received(liveId)).isTrue();
            assertThat(this.mongo.received(shadowId)).isFalse();
            assertThat(this.mongo.commands()).containsOnlyOnce("insert").doesNotContain("update", "delete", "drop");
        });
    }

    @Test
    void aCollectionOrDatabaseHandedOutByAnAccessorBlocksWritesInShadowAndItsLiveTwinWrites() {
        this.runner.run((context) -> {
            MongoTemplate template = context.getBean(MongoTemplate.class);
            MongoClient client = context.getBean(MongoClient.class);
            MongoCollection<Document> fetchedLive = template.getCollection("orders");
            String shadowId = unique("shadow");
            String liveId = unique("live");

            assertBlocked(() -> template.getCollection("orders").insertOne(new Document("_id", shadowId)));
            assertBlocked(() -> fetchedLive.insertOne(new Document("_id", shadowId)));
            assertBlocked(
                    () -> client.getDatabase("orders").getCollection("orders").deleteMany(new Document()));
            assertBlocked(() -> template.getDb().runCommand(new Document("dropDatabase", 1)));
            assertBlocked(() -> template.execute((MongoDatabase database) ->
                    database.getCollection("orders").insertOne(new Document("_id", shadowId))));
            assertBlocked(() -> fetchedLive
                    .aggregate(List.of(Aggregates.match(new Document()), Aggregates.out("copies")))
                    .first());

            fetchedLive.insertOne(new Document("_id", liveId));

            assertThat(this.mongo.received(liveId)).isTrue();
            assertThat(this.mongo.received(shadowId)).isFalse();
            assertThat(this.mongo.commands()).containsOnlyOnce("insert").doesNotContain("delete", "dropDatabase");
        });
    }

    @Test
    void aTemplateOverAClientThatIsNoBeanBlocksWritesInShadow() {
        this.runner
                .withBean("inlineTemplate", MongoTemplate.class, this::inlineTemplate)
                .run((context) -> {
                    MongoTemplate inline = context.getBean("inlineTemplate", MongoTemplate.class);
                    String shadowId = unique("shadow");
                    String liveId = unique("live");

                    assertBlocked(() -> inline.insert(new Document("_id", shadowId), "orders"));
                    assertBlocked(() -> inline.getCollection("orders").insertOne(new Document("_id", shadowId)));
                    inline.insert(new Document("_id", liveId), "orders");

                    assertThat(this.mongo.received(liveId)).isTrue();
                    assertThat(this.mongo.received(shadowId)).isFalse();
                });
    }

    /**
     * With lazy initialization, the first request to use the template may be a shadow one: the
     * client, its factory and the template are then created in shadow, and the factory still gets
     * the bare client behind the template's guard.
     */
    @Test
    void aTemplateCreatedLazilyByAShadowRequestIsGuardedAndReads() {
        this.runner
                .withInitializer((context) ->
                        context.addBeanFactoryPostProcessor(new LazyInitializationBeanFactoryPostProcessor()))
                .run((context) -> {
                    String wanted = unique("lazy-read");
                    String shadowId = unique("lazy-shadow");
                    String liveId = unique("lazy-live");

                    List<Object> results = new ArrayList<>();
                    ShadowTraffic.runIsolated(ShadowMode.SHADOW, () -> {
                        MongoTemplate template = context.getBean(MongoTemplate.class);
                        results.addAll(
                                template.find(Query.query(Criteria.where("_id").is(wanted)), Document.class, "orders"));
                    });
                    MongoTemplate template = context.getBean(MongoTemplate.class);
                    assertBlocked(() -> template.insert(new Document("_id", shadowId), "orders"));
                    template.insert(new Document("_id", liveId), "orders");

                    assertThat(results).isEmpty();
                    await().atMost(Duration.ofSeconds(10)).until(() -> this.mongo.received(wanted));
                    assertThat(this.mongo.received(liveId)).isTrue();
                    assertThat(this.mongo.received(shadowId)).isFalse();
                });
    }

    @Test
    void readsReachTheServerInShadow() {
        this.runner.run((context) -> {
            MongoTemplate template = context.getBean(MongoTemplate.class);
            String wanted = unique("read");

            List<Object> results = new ArrayList<>();
            ShadowTraffic.runIsolated(ShadowMode.SHADOW, () -> {
                results.addAll(template.find(Query.query(Criteria.where("_id").is(wanted)), Document.class, "orders"));
                results.add(String.valueOf(template.getCollection("orders")
                        .find(new Document("_id", wanted))
                        .first()));
            });

            assertThat(results).containsExactly("null");
            await().atMost(Duration.ofSeconds(10)).until(() -> this.mongo.received(wanted));
            assertThat(this.mongo.commands()).contains("find").doesNotContain("insert");
        });
    }

    @Test
    void withTheGuardOffTheTemplateIsListedUncoveredAndItsShadowCallsReadsIncludedAreRefusedWhileItsLiveTwinWrites() {
        this.runner.withPropertyValues("shadow.mongo.guard=false").run((context) -> {
            assertThat(context.getBean(ShadowLeakAudit.class).inventory().report())
                    .contains("NOT COVERED  [mongo] mongoTemplate (");
            MongoTemplate template = context.getBean(MongoTemplate.class);
            String shadowId = unique("shadow");
            String liveId = unique("live");

            assertBlocked(() -> template.insert(new Document("_id", shadowId), "orders"));
            assertBlocked(() -> template.findAll(Document.class, "orders"));
            assertThat(this.mongo.received(shadowId)).isFalse();

            template.insert(new Document("_id", liveId), "orders");
            assertThat(this.mongo.received(liveId)).isTrue();
            assertThat(this.mongo.commands()).containsOnlyOnce("insert").doesNotContain("find");
        });
    }

    @Test
    void theLeakAuditListsTheClientTheFactoryAndTheTemplateAsGuarded() {
        this.runner.run((context) -> {
            String report = context.getBean(ShadowLeakAudit.class).inventory().report();
            assertThat(report)
                    .contains("[mongo] mongo (")
                    .contains("[mongo] mongoTemplate (")
                    .doesNotContain("NOT COVERED  [mongo]");
        });
    }

    @Test
    void reactiveTemplateWritesFailTheirShadowSubscriberBeforeReachingTheServerWhileTheirLiveTwinReachesIt() {
        this.runner.run((context) -> {
            ReactiveMongoTemplate template = context.getBean(ReactiveMongoTemplate.class);
            String shadowId = unique("shadow");
            String liveId = unique("live");

            assertRefusedInShadow(() -> template.insert(new Document("_id", shadowId), "orders"));
            assertRefusedInShadow(() -> template.save(new Document("_id", shadowId), "orders"));
            assertRefusedInShadow(() -> template.updateFirst(
                    Query.query(Criteria.where("_id").is(shadowId)), Update.update("state", "paid"), "orders"));
            assertRefusedInShadow(
                    () -> template.remove(Query.query(Criteria.where("_id").is(shadowId)), "orders"));
            assertRefusedInShadow(() -> template.dropCollection("orders"));

            template.insert(new Document("_id", liveId), "orders").block(Duration.ofSeconds(10));

            assertThat(this.mongo.received(liveId)).isTrue();
            assertThat(this.mongo.received(shadowId)).isFalse();
            assertThat(this.mongo.commands()).containsOnlyOnce("insert").doesNotContain("update", "delete", "drop");
        });
    }

    @Test
    void theSubscribersReactorContextDecidesForAPublisherMadeOnALiveThread() {
        this.runner.run((context) -> {
            ReactiveMongoTemplate template = context.getBean(ReactiveMongoTemplate.class);
            com.mongodb.reactivestreams.client.MongoClient client =
                    context.getBean(com.mongodb.reactivestreams.client.MongoClient.class);
            String shadowId = unique("shadow");

            Mono<Document> insert = template.insert(new Document("_id", shadowId), "orders");
            Publisher<?> insertOne =
                    client.getDatabase("orders").getCollection("orders").insertOne(new Document("_id", shadowId));

            assertThatExceptionOfType(ShadowBlockedException.class)
                    .isThrownBy(() -> ShadowSubscriptions.blockInShadow(insert));
            assertThatExceptionOfType(ShadowBlockedException.class)
                    .isThrownBy(() -> ShadowSubscriptions.blockInShadow(insertOne));
            assertThat(this.mongo.received(shadowId)).isFalse();
            assertThat(this.mongo.commands()).doesNotContain("insert");
        });
    }

    @Test
    void reactiveCollectionsAndDatabasesHandedOutByAccessorsFailShadowWritesAndTheirLiveTwinWrites() {
        this.runner.run((context) -> {
            ReactiveMongoTemplate template = context.getBean(ReactiveMongoTemplate.class);
            com.mongodb.reactivestreams.client.MongoClient client =
                    context.getBean(com.mongodb.reactivestreams.client.MongoClient.class);
            com.mongodb.reactivestreams.client.MongoCollection<Document> fetchedLive =
                    template.getCollection("orders").block(Duration.ofSeconds(10));
            String shadowId = unique("shadow");
            String liveId = unique("live");

            assertRefusedInShadow(() -> template.getCollection("orders")
                    .flatMap((collection) -> Mono.from(collection.insertOne(new Document("_id", shadowId)))));
            assertRefusedInShadow(() -> fetchedLive.insertOne(new Document("_id", shadowId)));
            assertRefusedInShadow(
                    () -> client.getDatabase("orders").getCollection("orders").deleteMany(new Document()));
            assertRefusedInShadow(() -> client.getDatabase("orders").runCommand(new Document("dropDatabase", 1)));
            assertRefusedInShadow(() -> template.execute((com.mongodb.reactivestreams.client.MongoDatabase database) ->
                    database.getCollection("orders").insertOne(new Document("_id", shadowId))));
            assertRefusedInShadow(() -> template.getMongoDatabase().flatMap((database) -> Mono.from(database.drop())));
            assertRefusedInShadow(
                    () -> fetchedLive.aggregate(List.of(Aggregates.match(new Document()), Aggregates.out("copies"))));
            assertRefusedInShadow(() -> fetchedLive
                    .aggregate(List.of(Aggregates.match(new Document()), Aggregates.out("copies")))
                    .allowDiskUse(true)
                    .toCollection());

            Mono.from(fetchedLive.insertOne(new Document("_id", liveId))).block(Duration.ofSeconds(10));

            assertThat(this.mongo.received(liveId)).isTrue();
            assertThat(this.mongo.received(shadowId)).isFalse();
            assertThat(this.mongo.commands())
                    .containsOnlyOnce("insert")
                    .doesNotContain("delete", "dropDatabase", "aggregate");
        });
    }

    @Test
    void aReactiveTemplateOverAClientThatIsNoBeanFailsShadowWrites() {
        this.runner
                .withBean("inlineTemplate", ReactiveMongoTemplate.class, this::inlineReactiveTemplate)
                .run((context) -> {
                    ReactiveMongoTemplate inline = context.getBean("inlineTemplate", ReactiveMongoTemplate.class);
                    String shadowId = unique("shadow");
                    String liveId = unique("live");

                    assertRefusedInShadow(() -> inline.insert(new Document("_id", shadowId), "orders"));
                    assertRefusedInShadow(() -> inline.getCollection("orders")
                            .flatMap((collection) -> Mono.from(collection.insertOne(new Document("_id", shadowId)))));
                    inline.insert(new Document("_id", liveId), "orders").block(Duration.ofSeconds(10));

                    assertThat(this.mongo.received(liveId)).isTrue();
                    assertThat(this.mongo.received(shadowId)).isFalse();
                });
    }

    @Test
    void reactiveReadsReachTheServerInShadow() {
        this.runner.run((context) -> {
            ReactiveMongoTemplate template = context.getBean(ReactiveMongoTemplate.class);
            com.mongodb.reactivestreams.client.MongoClient client =
                    context.getBean(com.mongodb.reactivestreams.client.MongoClient.class);
            String wanted = unique("read");
            String wantedByCollection = unique("read");

            List<Object> results = new ArrayList<>();
            ShadowTraffic.runIsolated(ShadowMode.SHADOW, () -> {
                results.addAll(template.find(Query.query(Criteria.where("_id").is(wanted)), Document.class, "orders")
                        .collectList()
                        .block(Duration.ofSeconds(10)));
                results.add(String.valueOf(Mono.from(client.getDatabase("orders")
                                .getCollection("orders")
                                .find(new Document("_id", wantedByCollection))
                                .first())
                        .block(Duration.ofSeconds(10))));
            });

            assertThat(results).containsExactly("null");
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> this.mongo.received(wanted) && this.mongo.received(wantedByCollection));
            assertThat(this.mongo.commands()).contains("find").doesNotContain("insert");
        });
    }

    @Test
    void aReactiveSessionScopedTemplateDecidesAtSubscriptionFromTheSubscribersReactorContext() {
        this.runner
                .withBean("inlineTemplate", ReactiveMongoTemplate.class, this::inlineReactiveTemplate)
                .run((context) -> {
                    ReactiveMongoTemplate template = context.getBean("inlineTemplate", ReactiveMongoTemplate.class);
                    ReactiveSessionScoped heldFromLive =
                            template.withSession(ClientSessionOptions.builder().build());
                    String shadowId = unique("shadow");
                    String liveId = unique("live");
                    String wanted = unique("read");

                    assertThatExceptionOfType(ShadowBlockedException.class)
                            .isThrownBy(() -> ShadowSubscriptions.blockInShadow(heldFromLive.execute(
                                    (operations) -> operations.insert(new Document("_id", shadowId), "orders"))));
                    assertRefusedInShadow(() -> template.withSession(
                                    ClientSessionOptions.builder().build())
                            .execute((operations) -> operations.save(new Document("_id", shadowId), "orders")));
                    assertRefusedInShadow(() -> template.withSession(
                                    ClientSessionOptions.builder().build())
                            .execute((operations) -> operations
                                    .withSession(ClientSessionOptions.builder().build())
                                    .execute((inner) -> inner.remove(
                                            Query.query(Criteria.where("_id").is(shadowId)), "orders"))));
                    Object read = ShadowSubscriptions.blockInShadow(heldFromLive.execute((operations) ->
                            operations.count(Query.query(Criteria.where("_id").is(wanted)), "orders")));
                    heldFromLive
                            .execute((operations) -> operations.insert(new Document("_id", liveId), "orders"))
                            .blockLast(Duration.ofSeconds(10));

                    assertThat(read).isEqualTo(0L);
                    assertThat(this.mongo.received(wanted)).isTrue();
                    assertThat(this.mongo.received(liveId)).isTrue();
                    assertThat(this.mongo.received(shadowId)).isFalse();
                    assertThat(this.mongo.commands()).containsOnlyOnce("insert").doesNotContain("delete");
                });
    }

    @Test
    void aSessionScopedTemplateBlocksShadowWritesInItsCallbackAndItsLiveTwinWrites() {
        this.runner
                .withBean("inlineTemplate", MongoTemplate.class, this::inlineTemplate)
                .run((context) -> {
                    MongoTemplate template = context.getBean("inlineTemplate", MongoTemplate.class);
                    SessionScoped heldFromLive =
                            template.withSession(ClientSessionOptions.builder().build());
                    String shadowId = unique("shadow");
                    String liveId = unique("live");
                    String wanted = unique("read");

                    assertBlocked(() -> heldFromLive.execute(
                            (operations) -> operations.insert(new Document("_id", shadowId), "orders")));
                    assertBlocked(() -> template.withSession(
                                    ClientSessionOptions.builder().build())
                            .execute((operations) ->
                                    operations.getCollection("orders").insertOne(new Document("_id", shadowId))));
                    List<Object> reads = new ArrayList<>();
                    ShadowTraffic.runIsolated(
                            ShadowMode.SHADOW,
                            () -> reads.add(heldFromLive.execute((operations) -> operations.count(
                                    Query.query(Criteria.where("_id").is(wanted)), "orders"))));
                    heldFromLive.execute((operations) -> operations.insert(new Document("_id", liveId), "orders"));

                    assertThat(reads).containsExactly(0L);
                    assertThat(this.mongo.received(wanted)).isTrue();
                    assertThat(this.mongo.received(liveId)).isTrue();
                    assertThat(this.mongo.received(shadowId)).isFalse();
                    assertThat(this.mongo.commands()).containsOnlyOnce("insert");
                });
    }

    @Test
    void aReactiveMongoTransactionInShadowRefusesItsWritesAndCarriesTheTransactionGuardWhileItsLiveTwinWrites() {
        this.runner
                .withConfiguration(AutoConfigurations.of(ShadowTransactionAutoConfiguration.class))
                .withUserConfiguration(ReactiveMongoTransactions.class)
                .run((context) -> {
                    ReactiveMongoTemplate template = context.getBean(ReactiveMongoTemplate.class);
                    TransactionalOperator operator =
                            TransactionalOperator.create(context.getBean(ReactiveMongoTransactionManager.class));
                    String shadowId = unique("shadow");
                    String liveId = unique("live");
                    String wanted = unique("read");

                    ShadowTraffic.runIsolated(ShadowMode.SHADOW, () -> {
                        assertThatExceptionOfType(ShadowBlockedException.class)
                                .isThrownBy(() -> ShadowSubscriptions.blockInShadow(operator.transactional(
                                        template.insert(new Document("_id", shadowId), "orders"))));
                        ShadowSubscriptions.blockInShadow(operator.transactional(
                                template.count(Query.query(Criteria.where("_id").is(wanted)), "orders")));
                    });
                    operator.transactional(template.insert(new Document("_id", liveId), "orders"))
                            .block(Duration.ofSeconds(10));

                    assertThat(this.mongo.received(wanted)).isTrue();
                    assertThat(this.mongo.received(liveId)).isTrue();
                    assertThat(this.mongo.received(shadowId)).isFalse();
                    assertThat(this.mongo.commands()).containsOnlyOnce("insert");
                    assertThat(context.getBean(ShadowLeakAudit.class)
                                    .inventory()
                                    .report())
                            .contains("covered      [transaction] reactiveMongoTransactionManager (")
                            .contains("transaction guard: shadow commits become rollbacks");
                });
    }

    @Configuration(proxyBeanMethods = false)
    static class ReactiveMongoTransactions {

        @Bean
        ReactiveMongoTransactionManager reactiveMongoTransactionManager(ReactiveMongoDatabaseFactory factory) {
            return new ReactiveMongoTransactionManager(factory);
        }
    }

    @Test
    void theLeakAuditListsTheReactiveClientTheFactoryAndTheTemplateAsGuarded() {
        this.runner.run((context) -> {
            String report = context.getBean(ShadowLeakAudit.class).inventory().report();
            assertThat(report)
                    .contains("[mongo] reactiveStreamsMongoClient (")
                    .contains("[mongo] reactiveMongoDatabaseFactory (")
                    .contains("[mongo] reactiveMongoTemplate (")
                    .doesNotContain("NOT COVERED  [mongo]");
        });
    }

    /**
     * A template over a client that is no bean: only the template's own guard stands between it
     * and the server.
     */
    private MongoTemplate inlineTemplate() {
        return new MongoTemplate(com.mongodb.client.MongoClients.create(inlineSettings()), "inline");
    }

    private ReactiveMongoTemplate inlineReactiveTemplate() {
        return new ReactiveMongoTemplate(MongoClients.create(inlineSettings()), "inline");
    }

    private com.mongodb.MongoClientSettings inlineSettings() {
        return com.mongodb.MongoClientSettings.builder()
                .applyConnectionString(new com.mongodb.ConnectionString("mongodb://127.0.0.1:" + this.mongo.port()))
                .serverApi(ServerApi.builder().version(ServerApiVersion.V1).build())
                .build();
    }

    private static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID();
    }

    private static void assertRefusedInShadow(Supplier<? extends Publisher<?>> write) {
        ShadowSubscriptions.assertRefusedInShadow("mongo", write);
    }

    private static void assertBlocked(Runnable write) {
        assertThatExceptionOfType(ShadowBlockedException.class)
                .isThrownBy(() -> ShadowTraffic.runIsolated(ShadowMode.SHADOW, write))
                .satisfies((ex) -> assertThat(ex.getChannel()).isEqualTo("mongo"));
    }
}
