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
import org.awaitility.core.ConditionFactory;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.cache.Cache;
import org.springframework.cache.CacheManager;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Lazy;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;

/**
 * The leak matrix: every cell is one side-effect channel on one path under one marker. A marked
 * cell must answer in the marker's mode (observed on the thread that ran the effect) and leave
 * no committed row in PostgreSQL, no record on a live topic (sentinel-proven) and no request at
 * the live collaborator; its live twin must leave exactly that effect. One context, one broker,
 * one WireMock server for all cells.
 * <p>
 * The cells run concurrently ({@code junit-platform.properties} bounds the threads): each has its
 * own key, and every effect is looked for by that key (rows, requests, cache entries, records), so
 * cells running at once never see each other's effects. A consumer path's thread takes the
 * commands of concurrent cells in turn, so batches mixing marked and live records are part of the
 * matrix too.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestPropertySource(
        properties = {
            "leak.kafka-streams=true",
            "leak.kafka-poll-loop=true",
            "leak.kafka-streams-factory-bean=true",
            "leak.kafka-consumer-bean=true",
            "leak.spring-integration=true",
            "spring.kafka.streams.application-id=leak-factory-bean-streams",
            "spring.kafka.streams.properties.commit.interval.ms=100",
            "spring.kafka.streams.properties.auto.offset.reset=earliest"
        })
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

    /**
     * Resolved on first use: under lazy initialization the first use of the database belongs to a
     * cell, not to the test.
     */
    @Autowired
    @Lazy
    JdbcTemplate jdbc;

    @Autowired
    ApplicationContext context;

    @Autowired
    @Lazy
    CacheManager cacheManager;

    @Value("${spring.embedded.kafka.brokers}")
    String brokers;

    /**
     * The live topics, read uncommitted: an aborted transactional record counts as sent.
     */
    TopicWatchers liveTopics;

    /**
     * The shadow topics, read committed: a rerouted record must have been committed there.
     */
    TopicWatchers shadowTopics;

    KafkaProducer<String, String> upstream;

    long started;

    /**
     * The Spring-built topology's state directory, of this run only.
     */
    @DynamicPropertySource
    static void streamsStateDirectory(DynamicPropertyRegistry registry) throws java.io.IOException {
        String directory = java.nio.file.Files.createTempDirectory("leak-factory-bean-streams")
                .toString();
        registry.add("spring.kafka.streams.state-dir", () -> directory);
    }

    @BeforeAll
    void watchTopics() {
        // each variant (lazy, stream binder) counts its own cells
        marked.set(0);
        markedBegun.set(0);
        twins.set(0);
        this.liveTopics = new TopicWatchers(
                () -> LiveTopics.watch(this.brokers, LeakApplication.LIVE_TOPIC, LeakApplication.LIVE_TX_TOPIC));
        this.shadowTopics = new TopicWatchers(() -> LiveTopics.watchCommitted(
                this.brokers, LeakApplication.LIVE_TOPIC + ".shadow", LeakApplication.LIVE_TX_TOPIC + ".shadow"));
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
        int threads = this.liveTopics.opened();
        this.liveTopics.close();
        this.shadowTopics.close();
        this.upstream.close();
        System.out.printf(
                "[reliability] %s: %d marked cells, %d live twins, 1 pre-fix-suffix cell, %d leaks, %.1f s"
                        + " (%d threads)%n",
                name(),
                marked.get(),
                twins.get(),
                markedBegun.get() - marked.get(),
                (System.nanoTime() - this.started) / 1e9,
                threads);
    }

    /**
     * Request thread: every channel under every HTTP marker. Async paths: every channel under one
     * marker, rotating so each marker meets each path. Every consumer path of this context (the
     * Kafka listener, a {@code KafkaStreams} built by hand, a topology built through Spring's
     * {@code StreamsBuilderFactoryBean}, the application's poll loop over its own consumer factory
     * and over a {@code KafkaConsumer} bean, spring-integration-kafka's channel adapter): every
     * channel under each record marker.
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
        paths().filter((path) -> path.consumer() != null).forEach((path) -> cells.addAll(recordCells(path)));
        return cells.stream();
    }

    /**
     * Every channel on a consumer path under each record marker.
     */
    static List<Arguments> recordCells(Path path) {
        List<Arguments> cells = new ArrayList<>();
        for (Channel channel : Channel.values()) {
            for (Marker marker : RECORD_MARKERS) {
                cells.add(Arguments.of(path, channel, marker));
            }
        }
        return cells;
    }

    static Stream<Arguments> liveTwins() {
        return paths().flatMap(LeakMatrixTests::twinCells);
    }

    static Stream<Arguments> twinCells(Path path) {
        return Stream.of(Channel.values()).map((channel) -> Arguments.of(path, channel));
    }

    /**
     * The paths of this context: the Kafka binder's has a context of its own
     * ({@link StreamBinderLeakMatrixTests}).
     */
    static Stream<Path> paths() {
        return Stream.of(Path.values()).filter((path) -> path != Path.KAFKA_STREAM_BINDER);
    }

    /**
     * Return the matrix's name in the line it prints.
     */
    String name() {
        return "leak matrix";
    }

    @ParameterizedTest(name = "[{index}] {1} on {0} with {2}")
    @MethodSource("markedCells")
    @Execution(ExecutionMode.CONCURRENT)
    void markedCellLeavesNothing(Path path, Channel channel, Marker marker) throws Exception {
        markedBegun.incrementAndGet();
        String key = key(channel);
        LiveTopics liveTopics = this.liveTopics.get();
        LiveTopics shadowTopics = this.shadowTopics.get();
        LiveTopics.Mark liveMark = liveTopics.mark();
        LiveTopics.Mark shadowMark = shadowTopics.mark();
        seedCache(channel, key);

        String outcome = run(path, channel, key, marker);

        boolean skipped = skipsMarkedRecords(path);
        if (skipped) {
            assertThat(outcome)
                    .as("a marked record on a path that leaves marked records out")
                    .isEqualTo(NOT_DELIVERED);
        } else {
            assertThat(outcome).startsWith(marker.mode() + ":").endsWith(":" + channel.shadowOutcome());
        }
        assertThat(rows(key)).as("committed rows").isZero();
        assertThat(liveCalls(key)).as("requests at the live collaborator").isZero();
        assertThat(cached(key))
                .as("entry in the shared cache")
                .isEqualTo((channel.effect() == Channel.Effect.CACHE_EVICTION) ? SEED : null);
        liveTopics.assertNothingSentSince(liveMark, (record) -> ofKey(record, key));
        if (channel.effect() == Channel.Effect.RECORD && !skipped) {
            assertThat(keys(shadowTopics.recordsSince(shadowMark), key))
                    .as("rerouted to the shadow topic and committed there")
                    .containsExactly(key);
        }
        marked.incrementAndGet();
    }

    @ParameterizedTest(name = "[{index}] live twin: {1} on {0}")
    @MethodSource("liveTwins")
    @Execution(ExecutionMode.CONCURRENT)
    void liveTwinLeavesItsEffect(Path path, Channel channel) throws Exception {
        String key = key(channel);
        LiveTopics liveTopics = this.liveTopics.get();
        LiveTopics.Mark liveMark = liveTopics.mark();
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
        assertThat(keys(liveTopics.recordsSince(liveMark), key))
                .as("records on the live topics")
                .containsExactlyElementsOf((channel.effect() == Channel.Effect.RECORD) ? List.of(key) : List.of());
        twins.incrementAndGet();
    }

    /**
     * Its keys begin with {@code p-}, not the {@code k-} of the other cells: it looks for any record
     * of its own on the live topics while those cells run.
     */
    @Test
    @Execution(ExecutionMode.CONCURRENT)
    void preFixSuffixIsRefusedByTomcatBeforeAnySideEffect() throws Exception {
        LiveTopics liveTopics = this.liveTopics.get();
        LiveTopics.Mark liveMark = liveTopics.mark();
        for (Channel channel : Channel.values()) {
            String key = "p-" + key(channel).substring(2);
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
        liveTopics.assertNothingSentSince(
                liveMark, (record) -> LiveTopics.text(record.key()).startsWith("p-"));
    }

    private String run(Path path, Channel channel, String key, Marker marker) throws Exception {
        Class<? extends CommandConsumer> consumer = path.consumer();
        if (consumer != null) {
            return consume(this.context.getBean(consumer), channel, key, marker);
        }
        RawHttp.Response response =
                RawHttp.send(this.port, "POST", "/leak/" + path + "/" + channel + "?key=" + key, marker.headers(), "");
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        assertThat(response.body()).contains("\"request\":\"" + marker.mode() + "\"");
        int start = response.body().indexOf("\"effect\":\"") + 10;
        return response.body().substring(start, response.body().indexOf('"', start));
    }

    /**
     * Sends the command record to the consumer's topic and answers its outcome. On a path that
     * leaves marked records out, a live sentinel follows on the same single-partition topic: once
     * the consumer has run the sentinel, it has polled past the command, and a command it did not
     * run was {@value #NOT_DELIVERED}. Sentinels of concurrent cells interleave harmlessly: each
     * proves only that its own command was polled past.
     */
    private String consume(CommandConsumer consumer, Channel channel, String key, Marker marker) throws Exception {
        ProducerRecord<String, String> command = new ProducerRecord<>(consumer.topic(), key, channel.name());
        marker.headers().forEach((name, value) -> command.headers().add(name, value.getBytes()));
        this.upstream.send(command).get();
        Map<String, String> outcomes = consumer.outcomes();
        if (!consumer.skipsMarkedRecords()) {
            awaitOutcome().until(() -> outcomes.containsKey(key));
            return outcomes.get(key);
        }
        String sentinel = key + "-sentinel";
        this.upstream
                .send(new ProducerRecord<>(consumer.topic(), sentinel, CommandConsumer.SENTINEL))
                .get();
        awaitOutcome().until(() -> outcomes.containsKey(sentinel));
        assertThat(outcomes.get(sentinel)).isEqualTo("live:sentinel");
        return outcomes.getOrDefault(key, NOT_DELIVERED);
    }

    private static ConditionFactory awaitOutcome() {
        return await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(20));
    }

    private boolean skipsMarkedRecords(Path path) {
        Class<? extends CommandConsumer> consumer = path.consumer();
        return consumer != null && this.context.getBean(consumer).skipsMarkedRecords();
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

    /**
     * Returns the keys of this cell's records: those of cells running at the same time are left
     * out.
     */
    private static List<String> keys(List<ConsumerRecord<byte[], byte[]>> records, String key) {
        return records.stream()
                .filter((record) -> ofKey(record, key))
                .map((record) -> LiveTopics.text(record.key()))
                .toList();
    }

    private static boolean ofKey(ConsumerRecord<byte[], byte[]> record, String key) {
        return LiveTopics.text(record.key()).startsWith(key);
    }

    private static String key(Channel channel) {
        return "k-" + channel.name().toLowerCase(java.util.Locale.ROOT) + "-"
                + UUID.randomUUID().toString().substring(0, 8);
    }
}
