package dev.shadowtx.mongo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

import com.mongodb.ServerApi;
import com.mongodb.ServerApiVersion;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Aggregates;
import dev.shadowtx.audit.ShadowLeakAudit;
import dev.shadowtx.audit.autoconfigure.ShadowAuditAutoConfiguration;
import dev.shadowtx.autoconfigure.ShadowAutoConfiguration;
import dev.shadowtx.core.ShadowBlockedException;
import dev.shadowtx.core.ShadowTraffic;
import dev.shadowtx.core.context.ShadowMode;
import dev.shadowtx.core.testsupport.FakeMongo;
import dev.shadowtx.core.testsupport.RecordingSocket;
import dev.shadowtx.mongo.autoconfigure.ShadowMongoAutoConfiguration;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.data.mongodb.autoconfigure.DataMongoAutoConfiguration;
import org.springframework.boot.mongodb.autoconfigure.MongoAutoConfiguration;
import org.springframework.boot.mongodb.autoconfigure.MongoClientSettingsBuilderCustomizer;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;

/**
 * MongoDB in shadow, with the real driver pointed at a local socket that records what reaches it
 * (no MongoDB server runs in the build): a write through the template, through a collection
 * fetched with {@code getCollection}, through a database fetched from the client, or through a
 * template built over a client that is no bean throws {@link ShadowBlockedException} and not one
 * byte of it reaches the socket, while its live twin does reach it. Reads go through in shadow.
 */
class MongoHandlesTests {

    private final RecordingSocket mongo = RecordingSocket.start(FakeMongo.protocol());

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(
                    ShadowAutoConfiguration.class,
                    ShadowAuditAutoConfiguration.class,
                    ShadowMongoAutoConfiguration.class,
                    MongoAutoConfiguration.class,
                    DataMongoAutoConfiguration.class))
            .withBean(
                    MongoClientSettingsBuilderCustomizer.class,
                    () -> (settings) -> settings.serverApi(
                            ServerApi.builder().version(ServerApiVersion.V1).build()))
            .withPropertyValues("spring.mongodb.uri=mongodb://127.0.0.1:" + this.mongo.port()
                    + "/orders?serverSelectionTimeoutMS=5000&connectTimeoutMS=2000");

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
                .withBean(
                        "inlineTemplate",
                        MongoTemplate.class,
                        () -> new MongoTemplate(
                                com.mongodb.client.MongoClients.create(com.mongodb.MongoClientSettings.builder()
                                        .applyConnectionString(new com.mongodb.ConnectionString(
                                                "mongodb://127.0.0.1:" + this.mongo.port()))
                                        .serverApi(ServerApi.builder()
                                                .version(ServerApiVersion.V1)
                                                .build())
                                        .build()),
                                "inline"))
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
    void theLeakAuditListsTheClientTheFactoryAndTheTemplateAsGuarded() {
        this.runner.run((context) -> {
            String report = context.getBean(ShadowLeakAudit.class).inventory().report();
            assertThat(report)
                    .contains("[mongo] mongo (")
                    .contains("[mongo] mongoTemplate (")
                    .doesNotContain("NOT COVERED  [mongo]");
        });
    }

    private static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID();
    }

    private static void assertBlocked(Runnable write) {
        assertThatExceptionOfType(ShadowBlockedException.class)
                .isThrownBy(() -> ShadowTraffic.runIsolated(ShadowMode.SHADOW, write))
                .satisfies((ex) -> assertThat(ex.getChannel()).isEqualTo("mongo"));
    }
}
