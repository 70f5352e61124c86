package dev.shadowtx.handles;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.mongodb.ClientSessionOptions;
import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.ServerApi;
import com.mongodb.ServerApiVersion;
import com.mongodb.reactivestreams.client.MongoClients;
import dev.shadowtx.core.ShadowBlockedException;
import dev.shadowtx.core.testsupport.FakeMongo;
import dev.shadowtx.core.testsupport.FakeProtocols;
import dev.shadowtx.core.testsupport.RawHttp;
import dev.shadowtx.core.testsupport.RecordingSocket;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.mongodb.autoconfigure.MongoClientSettingsBuilderCustomizer;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.data.mongodb.core.ReactiveMongoTemplate;
import org.springframework.data.mongodb.core.ReactiveSessionScoped;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/**
 * A WebFlux service on Reactor Netty that writes through a {@code ReactiveMongoTemplate} (over a
 * client that is no bean) and
 * {@code ReactiveStringRedisTemplate}, each pointed at a local socket that records what reaches
 * it. A request marked {@code X-Shadow: shadow} has its writes refused, also when the write is
 * made on another thread than the request's or in a MongoDB session ({@code withSession}, made in
 * the handler's pipeline or held from a live thread), and not one byte of them reaches the
 * sockets; its reads reach them. The same requests unmarked write.
 */
@SpringBootTest(
        classes = ReactiveHandlesWebFluxTests.ReactiveStoresApplication.class,
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"spring.main.web-application-type=reactive", "spring.data.redis.timeout=5s"})
class ReactiveHandlesWebFluxTests {

    static final RecordingSocket MONGO = RecordingSocket.start(FakeMongo.protocol());

    static final RecordingSocket REDIS = RecordingSocket.start(FakeProtocols.redis());

    static final Map<String, String> SHADOW = Map.of("X-Shadow", "shadow");

    @LocalServerPort
    int port;

    @DynamicPropertySource
    static void stores(DynamicPropertyRegistry registry) {
        registry.add("spring.mongodb.uri", () -> "mongodb://127.0.0.1:" + MONGO.port() + "/orders");
        registry.add("spring.data.redis.host", () -> "127.0.0.1");
        registry.add("spring.data.redis.port", REDIS::port);
    }

    @AfterAll
    static void close() throws Exception {
        MONGO.close();
        REDIS.close();
    }

    @Test
    void aMarkedRequestsWritesAreRefusedBeforeReachingTheStoresWhileTheLiveRequestsWrite() throws Exception {
        String shadowKey = unique("shadow");
        String liveKey = unique("live");

        assertThat(post("/mongo", shadowKey, SHADOW)).isEqualTo("blocked");
        assertThat(post("/mongo/elsewhere", shadowKey, SHADOW)).isEqualTo("blocked");
        assertThat(post("/mongo/session", shadowKey, SHADOW)).isEqualTo("blocked");
        assertThat(post("/mongo/held-session", shadowKey, SHADOW)).isEqualTo("blocked");
        assertThat(post("/redis", shadowKey, SHADOW)).isEqualTo("blocked");
        assertThat(post("/redis/elsewhere", shadowKey, SHADOW)).isEqualTo("blocked");
        assertThat(post("/mongo", liveKey, Map.of())).isEqualTo("done");
        assertThat(post("/mongo/elsewhere", liveKey + "-elsewhere", Map.of())).isEqualTo("done");
        assertThat(post("/mongo/session", liveKey + "-session", Map.of())).isEqualTo("done");
        assertThat(post("/mongo/held-session", liveKey + "-held-session", Map.of()))
                .isEqualTo("done");
        assertThat(post("/redis", liveKey, Map.of())).isEqualTo("done");
        assertThat(post("/redis/elsewhere", liveKey + "-elsewhere", Map.of())).isEqualTo("done");

        assertThat(MONGO.received(liveKey)).isTrue();
        assertThat(MONGO.received(liveKey + "-elsewhere")).isTrue();
        assertThat(MONGO.received(liveKey + "-session")).isTrue();
        assertThat(MONGO.received(liveKey + "-held-session")).isTrue();
        assertThat(REDIS.received(liveKey)).isTrue();
        assertThat(REDIS.received(liveKey + "-elsewhere")).isTrue();
        assertThat(MONGO.received(shadowKey)).isFalse();
        assertThat(REDIS.received(shadowKey)).isFalse();
    }

    @Test
    void aMarkedRequestsReadsReachTheStores() throws Exception {
        String wanted = unique("read");

        RawHttp.Response mongo = RawHttp.send(this.port, "GET", "/mongo?key=" + wanted, SHADOW, "");
        RawHttp.Response session = RawHttp.send(this.port, "GET", "/mongo/session?key=" + wanted, SHADOW, "");
        RawHttp.Response redis = RawHttp.send(this.port, "GET", "/redis?key=" + wanted, SHADOW, "");

        assertThat(mongo.status()).isEqualTo(200);
        assertThat(mongo.body()).isEqualTo("0");
        assertThat(session.status()).isEqualTo(200);
        assertThat(session.body()).isEqualTo("0");
        assertThat(redis.status()).isEqualTo(200);
        assertThat(redis.body()).isEqualTo("none");
        await().atMost(Duration.ofSeconds(10)).until(() -> MONGO.received(wanted) && REDIS.received(wanted));
    }

    private String post(String path, String key, Map<String, String> headers) throws Exception {
        RawHttp.Response response = RawHttp.send(this.port, "POST", path + "?key=" + key, headers, "");
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        return response.body();
    }

    private static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID();
    }

    @StoresApplication
    @Import(StoresController.class)
    static class ReactiveStoresApplication {

        @Bean
        MongoClientSettingsBuilderCustomizer serverApi() {
            return (settings) -> settings.serverApi(
                    ServerApi.builder().version(ServerApiVersion.V1).build());
        }

        /**
         * The service's template, over a client it builds itself (no bean): only the template's
         * own guard stands between it, its session-scoped templates included, and the server.
         */
        @Bean
        ReactiveMongoTemplate reactiveMongoTemplate() {
            return new ReactiveMongoTemplate(
                    MongoClients.create(MongoClientSettings.builder()
                            .applyConnectionString(new ConnectionString("mongodb://127.0.0.1:" + MONGO.port()))
                            .serverApi(ServerApi.builder()
                                    .version(ServerApiVersion.V1)
                                    .build())
                            .build()),
                    "orders");
        }
    }

    /**
     * Writes and reads a key, on the request's pipeline or after a hop to another thread
     * ({@code /elsewhere}); a refused write answers {@code blocked}.
     */
    @RestController
    static class StoresController {

        private final ReactiveMongoTemplate mongo;

        private final ReactiveStringRedisTemplate redis;

        private final ReactiveSessionScoped heldSession;

        StoresController(ReactiveMongoTemplate mongo, ReactiveStringRedisTemplate redis) {
            this.mongo = mongo;
            this.redis = redis;
            this.heldSession = mongo.withSession(ClientSessionOptions.builder().build());
        }

        @PostMapping("/mongo")
        Mono<String> insert(@RequestParam String key) {
            return outcome(this.mongo.insert(new Document("_id", key), "orders"));
        }

        @PostMapping("/mongo/elsewhere")
        Mono<String> insertElsewhere(@RequestParam String key) {
            return outcome(Mono.delay(Duration.ofMillis(1))
                    .flatMap((tick) -> this.mongo.insert(new Document("_id", key), "orders")));
        }

        @PostMapping("/mongo/session")
        Mono<String> insertInSession(@RequestParam String key) {
            return outcome(this.mongo
                    .withSession(ClientSessionOptions.builder().build())
                    .execute((operations) -> operations.insert(new Document("_id", key), "orders"))
                    .then());
        }

        @PostMapping("/mongo/held-session")
        Mono<String> insertInHeldSession(@RequestParam String key) {
            return outcome(this.heldSession
                    .execute((operations) -> operations.insert(new Document("_id", key), "orders"))
                    .then());
        }

        @GetMapping("/mongo/session")
        Mono<String> countInSession(@RequestParam String key) {
            return this.heldSession
                    .execute((operations) ->
                            operations.count(Query.query(Criteria.where("_id").is(key)), "orders"))
                    .next()
                    .map(String::valueOf);
        }

        @GetMapping("/mongo")
        Mono<String> count(@RequestParam String key) {
            return this.mongo
                    .count(Query.query(Criteria.where("_id").is(key)), "orders")
                    .map(String::valueOf);
        }

        @PostMapping("/redis")
        Mono<String> set(@RequestParam String key) {
            return outcome(this.redis.opsForValue().set(key, "1"));
        }

        @PostMapping("/redis/elsewhere")
        Mono<String> setElsewhere(@RequestParam String key) {
            return outcome(Mono.delay(Duration.ofMillis(1))
                    .flatMap((tick) -> this.redis.opsForValue().set(key, "1")));
        }

        @GetMapping("/redis")
        Mono<String> get(@RequestParam String key) {
            return this.redis.opsForValue().get(key).defaultIfEmpty("none");
        }

        private static Mono<String> outcome(Mono<?> write) {
            return write.then(Mono.just("done"))
                    .onErrorResume(ShadowBlockedException.class, (ex) -> Mono.just("blocked"));
        }
    }
}
