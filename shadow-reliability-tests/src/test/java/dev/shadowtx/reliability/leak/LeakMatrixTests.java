package dev.shadowtx.reliability.leak;

import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.tomakehurst.wiremock.client.WireMock;
import dev.shadowtx.core.testsupport.RawHttp;
import dev.shadowtx.test.kafka.LiveTopics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.cache.Cache;
import org.springframework.cache.CacheManager;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.TestPropertySource;

/**
 * The leak matrix: every cell is one side-effect channel on one path under one marker. A marked
 * cell must answer in the marker's mode (observed on the thread that ran the effect) and leave
 * no committed row in PostgreSQL, no record on a live topic (sentinel-proven) and no request at
 * the live collaborator; its live twin must leave exactly that effect. One context, one broker,
 * one WireMock server for all cells.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestPropertySource(properties = {"leak.kafka-streams=true", "leak.kafka-poll-loop=true"})
class LeakMatrixTests extends LeakAppTestSupport {

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

    static final List<Marker> RECORD_MARKERS = List.of(
            new Marker("record X-Shadow: synthetic", Map.of("X-Shadow", "synthetic"), "synthetic"),
            new Marker("record baggage shadow=shadow", Map.of("baggage", "shadow=shadow"), "shadow"));

    static final Marker LIVE = new Marker("live (no marker)", Map.of(), "live");

    static final String SEED = "cached-by-live-traffic";

    static final String NOT_DELIVERED = "not delivered";

    static final AtomicInteger marked = new AtomicInteger();

    /**
     * Marked cells begun: those of them that did not pass are counted as leaks.
     */
    static final AtomicInteger markedBegun = new AtomicInteger();

    static final AtomicInteger twins = new AtomicInteger();

    @LocalServerPort
    int port;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    LeakApplication.CommandListener listener;

    @Autowired
    LeakApplication.CommandStreams streams;

    @Autowired
    LeakApplication.CommandPollLoop pollLoop;

    @Autowired
    CacheManager cacheManager;

    @Value("${spring.embedded.kafka.brokers}")
    String brokers;

    LiveTopics liveTopics;

    LiveTopics shadowTopics;

    KafkaProducer<String, String> upstream;

    long started;

    @BeforeAll
    void watchTopics() {
        this.liveTopics = LiveTopics.watch(this.brokers, LeakApplication.LIVE_TOPIC, LeakApplication.LIVE_TX_TOPIC);
        this.shadowTopics = LiveTopics.watchCommitted(
                this.brokers, LeakApplication.LIVE_TOPIC + ".shadow", LeakApplication.LIVE_TX_TOPIC + ".shadow");
        this.upstream = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                this.brokers,
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG,
                StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG,
                StringSerializer.class));
        this.started = System.nanoTime();
    }

    @AfterAll
    void report() {
        this.liveTopics.close();
        this.shadowTopics.close();
        this.upstream.close();
        System.out.printf(
                "[reliability] leak matrix: %d marked cells, %d live twins, 1 pre-fix-suffix cell, %d leaks, %.1f s%n",
                marked.get(), twins.get(), markedBegun.get() - marked.get(), (System.nanoTime() - this.started) / 1e9);
    }

    /**
     * Request thread: every channel under every HTTP marker. Async paths: every channel under one
     * marker, rotating so each marker meets each path. Kafka listener, a {@code KafkaStreams}
     * built by hand and the application's poll loop over its own consumer factory: every channel
     * under each record marker.
     */
    static Stream<Arguments> markedCells() {
        List<Arguments> cells = new ArrayList<>();
        Channel[] channels = Channel.values();
        for (Channel channel : channels) {
            for (Marker marker : HTTP_MARKERS) {
                cells.add(Arguments.of(Path.REQUEST_THREAD, channel, marker));
            }
        }
        Path[] hops = {Path.ASYNC, Path.COMPLETABLE_FUTURE, Path.REACTOR};
        for (int p = 0; p < hops.length; p++) {
            for (int c = 0; c < channels.length; c++) {
                cells.add(Arguments.of(hops[p], channels[c], HTTP_MARKERS.get((c + p) % HTTP_MARKERS.size())));
            }
        }
        for (Path path : new Path[] {
            Path.KAFKA_LISTENER, Path.KAFKA_STREAMS_BUILT_BY_HAND, Path.KAFKA_POLL_LOOP_OWN_CONSUMER_FACTORY
        }) {
            for (Channel channel : channels) {
                for (Marker marker : RECORD_MARKERS) {
                    cells.add(Arguments.of(path, channel, marker));
                }
            }
        }
        return cells.stream();
    }

    static Stream<Arguments> liveTwins() {
        return Stream.of(Path.values())
                .flatMap((path) -> Stream.of(Channel.values()).map((channel) -> Arguments.of(path, channel)));
    }

    @ParameterizedTest(name = "[{index}] {1} on {0} with {2}")
    @MethodSource("markedCells")
    void markedCellLeavesNothing(Path path, Channel channel, Marker marker) throws Exception {
        markedBegun.incrementAndGet();
        String key = key(channel);
        LiveTopics.Mark liveMark = this.liveTopics.mark();
        LiveTopics.Mark shadowMark = this.shadowTopics.mark();
        seedCache(channel, key);

        String outcome = run(path, channel, key, marker);

        if (path == Path.KAFKA_POLL_LOOP_OWN_CONSUMER_FACTORY) {
            assertThat(outcome)
                    .as("a marked record polled by the application's own loop")
                    .isEqualTo(NOT_DELIVERED);
        } else {
            assertThat(outcome).startsWith(marker.mode() + ":").endsWith(":" + channel.shadowOutcome());
        }
        assertThat(rows(key)).as("committed rows").isZero();
        assertThat(liveCalls(key)).as("requests at the live collaborator").isZero();
        assertThat(cached(key))
                .as("entry in the shared cache")
                .isEqualTo((channel.effect() == Channel.Effect.CACHE_EVICTION) ? SEED : null);
        this.liveTopics.assertNothingSentSince(liveMark, (record) -> key.equals(LiveTopics.text(record.key())));
        if (channel.effect() == Channel.Effect.RECORD && path != Path.KAFKA_POLL_LOOP_OWN_CONSUMER_FACTORY) {
            assertThat(keys(this.shadowTopics.recordsSince(shadowMark)))
                    .as("rerouted to the shadow topic and committed there")
                    .containsExactly(key);
        }
        marked.incrementAndGet();
    }

    @ParameterizedTest(name = "[{index}] live twin: {1} on {0}")
    @MethodSource("liveTwins")
    void liveTwinLeavesItsEffect(Path path, Channel channel) throws Exception {
        String key = key(channel);
        LiveTopics.Mark liveMark = this.liveTopics.mark();
        seedCache(channel, key);

        String outcome = run(path, channel, key, LIVE);

        assertThat(outcome).isEqualTo("live:done");
        int expectedRows = switch (channel) {
            case REQUIRES_NEW, NESTED -> 2;
            default -> (channel.effect() == Channel.Effect.ROW) ? 1 : 0;
        };
        assertThat(rows(key)).as("committed rows").isEqualTo(expectedRows);
        assertThat(liveCalls(key))
                .as("requests at the live collaborator")
                .isEqualTo((channel.effect() == Channel.Effect.CALL) ? 1 : 0);
        assertThat(cached(key))
                .as("entry in the shared cache")
                .isEqualTo((channel.effect() == Channel.Effect.CACHE_ENTRY) ? key : null);
        assertThat(keys(this.liveTopics.recordsSince(liveMark)))
                .as("records on the live topics")
                .containsExactlyElementsOf((channel.effect() == Channel.Effect.RECORD) ? List.of(key) : List.of());
        twins.incrementAndGet();
    }

    @Test
    void preFixSuffixIsRefusedByTomcatBeforeAnySideEffect() throws Exception {
        LiveTopics.Mark liveMark = this.liveTopics.mark();
        for (Channel channel : Channel.values()) {
            String key = key(channel);
            RawHttp.Response response = RawHttp.send(
                    this.port,
                    "POST",
                    "/leak/REQUEST_THREAD/" + channel + "?key=" + key,
                    Map.of("Host", "orders:8080-shadow"),
                    "");
            assertThat(response.status()).isEqualTo(400);
            assertThat(rows(key)).isZero();
            assertThat(liveCalls(key)).isZero();
        }
        this.liveTopics.assertNothingSentSince(
                liveMark, (record) -> LiveTopics.text(record.key()).startsWith("k-"));
    }

    private String run(Path path, Channel channel, String key, Marker marker) throws Exception {
        if (path == Path.KAFKA_POLL_LOOP_OWN_CONSUMER_FACTORY) {
            return poll(channel, key, marker);
        }
        if (path == Path.KAFKA_LISTENER || path == Path.KAFKA_STREAMS_BUILT_BY_HAND) {
            boolean listener = path == Path.KAFKA_LISTENER;
            ProducerRecord<String, String> command = new ProducerRecord<>(
                    listener ? LeakApplication.COMMANDS_TOPIC : LeakApplication.STREAM_COMMANDS_TOPIC,
                    key,
                    channel.name());
            marker.headers().forEach((name, value) -> command.headers().add(name, value.getBytes()));
            this.upstream.send(command).get();
            Map<String, String> outcomes = listener ? this.listener.outcomes : this.streams.outcomes;
            await().atMost(Duration.ofSeconds(30)).until(() -> outcomes.containsKey(key));
            return outcomes.get(key);
        }
        RawHttp.Response response =
                RawHttp.send(this.port, "POST", "/leak/" + path + "/" + channel + "?key=" + key, marker.headers(), "");
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        assertThat(response.body()).contains("\"request\":\"" + marker.mode() + "\"");
        int start = response.body().indexOf("\"effect\":\"") + 10;
        return response.body().substring(start, response.body().indexOf('"', start));
    }

    /**
     * Sends the command, then a live sentinel on the same single-partition topic: once the loop
     * has run the sentinel, it has polled past the command.
     */
    private String poll(Channel channel, String key, Marker marker) throws Exception {
        ProducerRecord<String, String> command =
                new ProducerRecord<>(LeakApplication.POLL_COMMANDS_TOPIC, key, channel.name());
        marker.headers().forEach((name, value) -> command.headers().add(name, value.getBytes()));
        this.upstream.send(command).get();
        String sentinel = key + "-sentinel";
        this.upstream
                .send(new ProducerRecord<>(
                        LeakApplication.POLL_COMMANDS_TOPIC, sentinel, LeakApplication.CommandPollLoop.SENTINEL))
                .get();
        Map<String, String> outcomes = this.pollLoop.outcomes;
        await().atMost(Duration.ofSeconds(30)).until(() -> outcomes.containsKey(sentinel));
        assertThat(outcomes.get(sentinel)).isEqualTo("live:sentinel");
        return outcomes.getOrDefault(key, NOT_DELIVERED);
    }

    /**
     * An eviction channel needs an entry to evict: live traffic cached it before the cell runs.
     */
    private void seedCache(Channel channel, String key) {
        if (channel.effect() == Channel.Effect.CACHE_EVICTION) {
            this.cacheManager.getCache(LeakApplication.CACHE).put(key, SEED);
        }
    }

    private @Nullable Object cached(String key) {
        Cache.ValueWrapper entry =
                this.cacheManager.getCache(LeakApplication.CACHE).get(key);
        return (entry != null) ? entry.get() : null;
    }

    private int rows(String key) {
        return this.jdbc.queryForObject("select count(*) from leak_rows where k like ?", Integer.class, key + "%");
    }

    private static int liveCalls(String key) {
        return live.findAll(anyRequestedFor(anyUrl()).withQueryParam("key", WireMock.equalTo(key)))
                .size();
    }

    private static List<String> keys(List<ConsumerRecord<byte[], byte[]>> records) {
        return records.stream().map((record) -> LiveTopics.text(record.key())).toList();
    }

    private static String key(Channel channel) {
        return "k-" + channel.name().toLowerCase(java.util.Locale.ROOT) + "-"
                + UUID.randomUUID().toString().substring(0, 8);
    }
}
