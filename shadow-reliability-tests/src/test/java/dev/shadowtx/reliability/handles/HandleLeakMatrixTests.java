package dev.shadowtx.reliability.handles;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.shadowtx.core.testsupport.FakeMongo;
import dev.shadowtx.core.testsupport.FakeProtocols;
import dev.shadowtx.core.testsupport.RawHttp;
import dev.shadowtx.core.testsupport.RecordingSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The leak matrix of stores without transactions (MongoDB and Redis, imperative and reactive, SQS,
 * SNS, a Step Functions activity task, which a shadow worker must never take), reached through client beans and through the handles their accessors return: every write,
 * on every path, under every HTTP marker, must be blocked in the marker's mode with not one byte of its key reaching
 * the local socket that stands for the live store; its live twin must reach that socket. One
 * context for all cells.
 */
@SpringBootTest(
        classes = HandleLeakApplication.class,
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "spring.datasource.generate-unique-name=true",
            "shadow.kafka.provisioning.enabled=false",
            "shadow.kafka.topic-check.enabled=false",
            "logging.level.dev.shadowtx=WARN"
        })
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HandleLeakMatrixTests {

    static final RecordingSocket MONGO = RecordingSocket.start(FakeMongo.replicaSetPrimary("rs0"));

    static final RecordingSocket REDIS = RecordingSocket.start(FakeProtocols.redis());

    static final RecordingSocket AWS = RecordingSocket.start(FakeProtocols.http());

    /**
     * An inbound marker: how it is sent and the mode it must produce.
     */
    record Marker(String name, Map<String, String> headers, String mode) {

        @Override
        public String toString() {
            return this.name;
        }
    }

    static final List<Marker> HTTP_MARKERS = List.of(
            new Marker("suffix orders-shadow:8080", Map.of("Host", "orders-shadow:8080"), "shadow"),
            new Marker("X-Shadow: shadow", Map.of("X-Shadow", "shadow"), "shadow"),
            new Marker("X-Shadow: synthetic", Map.of("X-Shadow", "synthetic"), "synthetic"),
            new Marker("baggage shadow=shadow", Map.of("baggage", "userId=alice,shadow=shadow"), "shadow"));

    static final Marker LIVE = new Marker("live (no marker)", Map.of(), "live");

    static final AtomicInteger marked = new AtomicInteger();

    static final AtomicInteger twins = new AtomicInteger();

    @LocalServerPort
    int port;

    long started;

    @DynamicPropertySource
    static void stores(DynamicPropertyRegistry registry) {
        registry.add("stores.mongo", MONGO::port);
        registry.add("stores.redis", REDIS::port);
        registry.add("stores.aws", AWS::port);
    }

    @BeforeAll
    void start() {
        // the lazy variant counts its own cells
        marked.set(0);
        twins.set(0);
        this.started = System.nanoTime();
    }

    /**
     * The stand-ins stay open as long as the JVM (their threads are daemons): the lazy variant's
     * context talks to them too, and every cell looks only for its own key.
     */
    @AfterAll
    void report() {
        System.out.printf(
                "[reliability] %s: %d marked cells, %d live twins, 0 leaks, %.1f s%n",
                name(), marked.get(), twins.get(), (System.nanoTime() - this.started) / 1e9);
    }

    /**
     * Return the name the report line gives this matrix.
     */
    String name() {
        return "handle leak matrix";
    }

    /**
     * Request thread: every channel under every HTTP marker. Other paths: every channel under one
     * marker, rotating so each marker meets each path.
     */
    static Stream<Arguments> markedCells() {
        List<Arguments> cells = new ArrayList<>();
        HandleChannel[] channels = HandleChannel.values();
        for (HandleChannel channel : channels) {
            for (Marker marker : HTTP_MARKERS) {
                cells.add(Arguments.of(HandlePath.REQUEST_THREAD, channel, marker));
            }
        }
        HandlePath[] hops = {HandlePath.ASYNC, HandlePath.COMPLETABLE_FUTURE, HandlePath.REACTOR};
        for (int p = 0; p < hops.length; p++) {
            for (int c = 0; c < channels.length; c++) {
                cells.add(Arguments.of(hops[p], channels[c], HTTP_MARKERS.get((c + p) % HTTP_MARKERS.size())));
            }
        }
        return cells.stream();
    }

    static Stream<Arguments> liveTwins() {
        return Stream.of(HandlePath.values())
                .flatMap((path) -> Stream.of(HandleChannel.values()).map((channel) -> Arguments.of(path, channel)));
    }

    @ParameterizedTest(name = "[{index}] {1} on {0} with {2}")
    @MethodSource("markedCells")
    void markedCellIsBlockedBeforeReachingTheStore(HandlePath path, HandleChannel channel, Marker marker)
            throws Exception {
        String key = key(channel);

        String outcome = run(path, channel, key, marker);

        assertThat(outcome).isEqualTo(marker.mode() + ":blocked");
        assertThat(store(channel).received(key))
                .as("bytes of the write at the store")
                .isFalse();
        marked.incrementAndGet();
    }

    @ParameterizedTest(name = "[{index}] live twin: {1} on {0}")
    @MethodSource("liveTwins")
    void liveTwinReachesTheStore(HandlePath path, HandleChannel channel) throws Exception {
        String key = key(channel);

        String outcome = run(path, channel, key, LIVE);

        if (channel.store() == HandleChannel.Store.AWS) {
            // the stand-in answers 400 once the call reached it
            assertThat(outcome).isIn("live:done", "live:failed");
        } else {
            assertThat(outcome).isEqualTo("live:done");
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> store(channel).received(key));
        twins.incrementAndGet();
    }

    private String run(HandlePath path, HandleChannel channel, String key, Marker marker) throws Exception {
        RawHttp.Response response = RawHttp.send(
                this.port, "POST", "/handles/" + path + "/" + channel + "?key=" + key, marker.headers(), "");
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        assertThat(response.body()).contains("\"request\":\"" + marker.mode() + "\"");
        int start = response.body().indexOf("\"effect\":\"") + 10;
        return response.body().substring(start, response.body().indexOf('"', start));
    }

    private static RecordingSocket store(HandleChannel channel) {
        return switch (channel.store()) {
            case MONGO -> MONGO;
            case REDIS -> REDIS;
            case AWS -> AWS;
        };
    }

    private static String key(HandleChannel channel) {
        return "k-" + channel.name().toLowerCase(Locale.ROOT) + "-"
                + UUID.randomUUID().toString().substring(0, 8);
    }
}
