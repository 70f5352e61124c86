package dev.shadowtx.reliability.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.shadowtx.core.testsupport.EmbeddedPostgresServer;
import dev.shadowtx.core.testsupport.RawHttp;
import dev.shadowtx.reliability.leak.LeakApplication;
import dev.shadowtx.test.kafka.LiveTopics;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The Kafka broker goes away during shadow traffic and comes back. The application talks to its
 * own KRaft broker through a {@link CuttableProxy} that the broker advertises as its address:
 * cutting the proxy is, for every client, the broker stopping (connections reset, new ones
 * refused); restoring it is the same broker back on the same address, with its log intact, so
 * "no live record appears later" is checked against the data that was there all along.
 * <p>
 * The producer is configured the way a service that wants bounded sends configures it
 * ({@code max.block.ms}, {@code delivery.timeout.ms}); shadowtx adds no timeout of its own. The
 * shadow bulkhead ({@code shadow.protection.max-concurrent=4}) is what makes the shadow requests
 * beyond it fail at once while the held ones wait out the producer's timeout.
 */
@SpringBootTest(
        classes = {LeakApplication.class, KafkaOutageTests.BrokerLifecycle.class},
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "spring.kafka.producer.transaction-id-prefix=outage-tx-",
            "spring.kafka.producer.properties.linger.ms=0",
            "spring.kafka.producer.properties.max.block.ms=" + KafkaOutageTests.MAX_BLOCK_MS,
            "spring.kafka.producer.properties.request.timeout.ms=2000",
            "spring.kafka.producer.properties.delivery.timeout.ms=" + KafkaOutageTests.DELIVERY_TIMEOUT_MS,
            "spring.kafka.producer.properties.reconnect.backoff.max.ms=500",
            "spring.kafka.consumer.properties.reconnect.backoff.max.ms=500",
            "shadow.protection.max-concurrent=" + KafkaOutageTests.MAX_CONCURRENT,
            "live.url=http://127.0.0.1:9",
            "logging.level.org.apache.kafka=ERROR",
            "logging.level.org.springframework.kafka=ERROR",
            "logging.level.dev.shadowtx=WARN"
        })
@ActiveProfiles("leak")
@DirtiesContext
class KafkaOutageTests {

    static final int MAX_BLOCK_MS = 3_000;

    static final int DELIVERY_TIMEOUT_MS = 5_000;

    static final int MAX_CONCURRENT = 4;

    static final int SHADOW_BURST = 12;

    static final String LIVE_TOPIC = "leak-events";

    static final String LIVE_TX_TOPIC = "leak-tx-events";

    static final String[] TOPICS = {
        LIVE_TOPIC,
        LIVE_TOPIC + ".shadow",
        LIVE_TX_TOPIC,
        LIVE_TX_TOPIC + ".shadow",
        "leak-commands",
        "leak-commands.shadow"
    };

    private static final Map<String, String> SHADOW = Map.of("X-Shadow", "shadow");

    @LocalServerPort
    int port;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    ProxiedBroker broker;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("spring.datasource.url", EmbeddedPostgresServer::jdbcUrl);
        registry.add(
                "spring.kafka.bootstrap-servers", () -> ProxiedBroker.instance().bootstrapServers());
    }

    @Test
    void shadowRequestsFailFastDuringTheOutageNoLiveRecordAppearsLaterAndTrafficRecovers() throws Exception {
        String run = "outage-" + UUID.randomUUID().toString().substring(0, 8);
        try (LiveTopics live = LiveTopics.watch(this.broker.bootstrapServers(), LIVE_TOPIC, LIVE_TX_TOPIC);
                LiveTopics shadow = LiveTopics.watch(
                        this.broker.bootstrapServers(), LIVE_TOPIC + ".shadow", LIVE_TX_TOPIC + ".shadow")) {
            assertThat(leak("KAFKA_SEND", run + "-before", SHADOW).body()).contains("shadow:done");
            assertThat(leak("KAFKA_TRANSACTIONAL_SEND", run + "-before-tx", SHADOW)
                            .body())
                    .contains("shadow:done");
            LiveTopics.Mark liveMark = live.mark();
            LiveTopics.Mark shadowMark = shadow.mark();

            this.broker.proxy().cut();
            long cutAt = System.nanoTime();

            ExecutorService pool = Executors.newFixedThreadPool(SHADOW_BURST);
            List<Timed> burst;
            List<Timed> liveDuring = new ArrayList<>();
            try {
                List<Future<Timed>> shadowRequests = shadowBurst(pool, run + "-burst-");
                while (!shadowRequests.stream().allMatch(Future::isDone)) {
                    String key = run + "-live-row-" + liveDuring.size();
                    liveDuring.add(timed(() -> leak("JDBC_AUTO_COMMIT", key, Map.of())));
                    Thread.sleep(100);
                }
                burst = new ArrayList<>();
                for (Future<Timed> request : shadowRequests) {
                    burst.add(request.get());
                }
            } finally {
                pool.shutdownNow();
            }
            Timed transactional = timed(() -> leak("KAFKA_TRANSACTIONAL_SEND", run + "-during-tx", SHADOW));
            double outageMs = (System.nanoTime() - cutAt) / 1e6;

            this.broker.proxy().restore();
            long restoredAt = System.nanoTime();
            await().atMost(Duration.ofSeconds(60))
                    .pollInterval(Duration.ofMillis(250))
                    .until(() -> leak("KAFKA_SEND", run + "-after", SHADOW).status() == 200);
            double recoveredMs = (System.nanoTime() - restoredAt) / 1e6;
            RawHttp.Response shadowTxAfter = leak("KAFKA_TRANSACTIONAL_SEND", run + "-after-tx", SHADOW);
            RawHttp.Response liveAfter = leak("KAFKA_SEND", run + "-live-after", Map.of());
            RawHttp.Response liveTxAfter = leak("KAFKA_TRANSACTIONAL_SEND", run + "-live-after-tx", Map.of());

            List<Timed> held = burst.stream().filter((t) -> t.status() == 500).toList();
            List<Timed> refused =
                    burst.stream().filter((t) -> t.status() == 503).toList();
            assertThat(held).as("shadow requests that waited for the broker").hasSize(MAX_CONCURRENT);
            assertThat(refused).as("shadow requests refused by the bulkhead").hasSize(SHADOW_BURST - MAX_CONCURRENT);
            assertThat(held).allSatisfy((t) -> assertThat(t.ms()).isBetween(MAX_BLOCK_MS - 500.0, 15_000.0));
            assertThat(refused).allSatisfy((t) -> assertThat(t.ms()).isLessThan(2_000.0));
            assertThat(transactional.status()).isEqualTo(500);
            assertThat(transactional.ms()).isLessThan(15_000.0);
            assertThat(liveDuring)
                    .isNotEmpty()
                    .allSatisfy((t) -> assertThat(t.status()).isEqualTo(200));
            assertThat(rows(run + "-live-row-"))
                    .as("live rows committed while the shadow requests were held")
                    .isEqualTo(liveDuring.size());

            assertThat(shadowTxAfter.status()).isEqualTo(200);
            assertThat(shadowTxAfter.body()).contains("shadow:done");
            assertThat(liveAfter.status()).isEqualTo(200);
            assertThat(liveTxAfter.status()).isEqualTo(200);
            assertThat(keys(live.recordsSince(liveMark), run))
                    .as("records on the live topics since the outage began")
                    .containsExactlyInAnyOrder(run + "-live-after", run + "-live-after-tx");
            assertThat(keys(shadow.recordsSince(shadowMark), run))
                    .as("the shadow send after the recovery was rerouted as usual")
                    .contains(run + "-after");

            System.out.printf(
                    "[reliability] fault Kafka broker cut for %.1f s (same broker, same address, log intact): "
                            + "%d shadow sends held by the bulkhead failed after %s ms (max.block.ms=%d, delivery.timeout.ms=%d), "
                            + "%d more refused with 503 in %s ms, a transactional shadow send failed after %.0f ms; "
                            + "%d live DB requests served while they were held, in %s ms; shadow sends through again %.0f ms after "
                            + "the broker returned; 0 shadow records on the live topics%n",
                    outageMs / 1e3,
                    held.size(),
                    range(held),
                    MAX_BLOCK_MS,
                    DELIVERY_TIMEOUT_MS,
                    refused.size(),
                    range(refused),
                    transactional.ms(),
                    liveDuring.size(),
                    range(liveDuring),
                    recoveredMs);
        }
    }

    private List<Future<Timed>> shadowBurst(ExecutorService pool, String prefix) {
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Timed>> requests = new ArrayList<>();
        for (int i = 0; i < SHADOW_BURST; i++) {
            String key = prefix + i;
            requests.add(pool.submit(() -> {
                start.await();
                return timed(() -> leak("KAFKA_SEND", key, SHADOW));
            }));
        }
        start.countDown();
        return requests;
    }

    private RawHttp.Response leak(String channel, String key, Map<String, String> headers) throws IOException {
        return RawHttp.send(this.port, "POST", "/leak/REQUEST_THREAD/" + channel + "?key=" + key, headers, "");
    }

    private int rows(String prefix) {
        return this.jdbc.queryForObject("select count(*) from leak_rows where k like ?", Integer.class, prefix + "%");
    }

    private static List<String> keys(List<ConsumerRecord<byte[], byte[]>> records, String run) {
        return records.stream()
                .map((record) -> LiveTopics.text(record.key()))
                .filter((key) -> key.startsWith(run))
                .toList();
    }

    private static String range(List<Timed> timings) {
        double min = timings.stream().mapToDouble(Timed::ms).min().orElse(0);
        double max = timings.stream().mapToDouble(Timed::ms).max().orElse(0);
        return String.format("%.0f–%.0f", min, max);
    }

    private static Timed timed(HttpCall call) throws IOException {
        long start = System.nanoTime();
        RawHttp.Response response = call.send();
        return new Timed(response.status(), (System.nanoTime() - start) / 1e6);
    }

    @FunctionalInterface
    interface HttpCall {

        RawHttp.Response send() throws IOException;
    }

    record Timed(int status, double ms) {}

    /**
     * Hands the broker to the context, which closes it after its listener containers stopped.
     */
    @Configuration(proxyBeanMethods = false)
    static class BrokerLifecycle {

        @Bean(destroyMethod = "close")
        ProxiedBroker proxiedBroker() {
            return ProxiedBroker.instance();
        }
    }

    /**
     * One combined KRaft node whose only client address is a {@link CuttableProxy}.
     */
    static final class ProxiedBroker implements AutoCloseable {

        private static ProxiedBroker instance;

        private final CuttableProxy proxy;

        private final KafkaClusterTestKit cluster;

        private ProxiedBroker() throws Exception {
            this.proxy = CuttableProxy.start();
            TestKitNodes nodes = new TestKitNodes.Builder()
                    .setCombined(true)
                    .setNumBrokerNodes(1)
                    .setNumControllerNodes(1)
                    .build();
            this.cluster = new KafkaClusterTestKit.Builder(nodes)
                    .setConfigProp("advertised.listeners", "EXTERNAL://" + bootstrapServers())
                    .setConfigProp("offsets.topic.replication.factor", "1")
                    .setConfigProp("transaction.state.log.replication.factor", "1")
                    .setConfigProp("transaction.state.log.min.isr", "1")
                    .setConfigProp("group.initial.rebalance.delay.ms", "0")
                    .build();
            this.cluster.format();
            this.cluster.startup();
            this.cluster.waitForReadyBrokers();
            String actual = this.cluster.bootstrapServers();
            this.proxy.forwardTo(Integer.parseInt(actual.substring(actual.lastIndexOf(':') + 1)));
            try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers()))) {
                admin.createTopics(Stream.of(TOPICS)
                                .map((topic) -> new NewTopic(topic, 1, (short) 1))
                                .toList())
                        .all()
                        .get();
            }
        }

        static synchronized ProxiedBroker instance() {
            if (instance == null) {
                try {
                    instance = new ProxiedBroker();
                } catch (Exception ex) {
                    throw new IllegalStateException("Could not start the proxied Kafka broker", ex);
                }
            }
            return instance;
        }

        String bootstrapServers() {
            return "127.0.0.1:" + this.proxy.port();
        }

        CuttableProxy proxy() {
            return this.proxy;
        }

        @Override
        public void close() throws Exception {
            synchronized (ProxiedBroker.class) {
                instance = null;
            }
            try {
                this.proxy.close();
            } finally {
                this.cluster.close();
            }
        }
    }
}
