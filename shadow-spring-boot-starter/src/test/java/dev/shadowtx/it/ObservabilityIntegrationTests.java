package dev.shadowtx.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.shadowtx.core.context.ShadowMode;
import dev.shadowtx.core.marker.MarkerSignature;
import dev.shadowtx.core.testsupport.RawHttp;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * What operators see, over a real port with Actuator and Micrometer: the counters move for real
 * requests, live SLOs can filter shadow traffic out with one tag, the endpoint shows config
 * (secret masked), counters and decisions, and the bulkhead sheds shadow requests only.
 */
@SpringBootTest(
        classes = GuardTestApplication.class,
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "spring.datasource.url=jdbc:h2:mem:observability;DB_CLOSE_DELAY=-1",
            "spring.jpa.hibernate.ddl-auto=create-drop",
            "shadow.trust.mode=SIGNED",
            "shadow.trust.secret=" + ObservabilityIntegrationTests.SECRET,
            "shadow.protection.max-concurrent=2",
            "management.endpoints.web.exposure.include=shadow"
        })
class ObservabilityIntegrationTests {

    static final String SECRET = "observability-secret-observability-secret";

    @LocalServerPort
    int port;

    @Autowired
    MeterRegistry registry;

    @Autowired
    JdbcTemplate jdbc;

    private final MarkerSignature signature = new MarkerSignature(SECRET);

    Map<String, String> signed(ShadowMode mode, String method, String target) {
        return Map.of(
                "X-Shadow",
                mode.markerValue(),
                MarkerSignature.DEFAULT_HEADER,
                this.signature.sign(mode, Instant.now().getEpochSecond(), method, target, null));
    }

    double count(String name, String... tags) {
        Counter counter = this.registry.find(name).tags(tags).counter();
        return (counter != null) ? counter.count() : 0;
    }

    @Test
    void countersMoveForRealRequests() throws IOException {
        double detected = count("shadow.requests", "mode", "synthetic", "source", "header");
        double rejected = count("shadow.markers.rejected", "reason", "missing-signature");
        double rolledBack = count("shadow.transactions.rolled-back", "mode", "synthetic");
        double prevented = count("shadow.jdbc.commits.prevented", "mode", "synthetic");
        RawHttp.send(
                this.port,
                "POST",
                "/write/transactional?item=metered",
                signed(ShadowMode.SYNTHETIC, "POST", "/write/transactional?item=metered"),
                "");
        RawHttp.send(
                this.port,
                "POST",
                "/write/jdbc-auto-commit?item=metered",
                signed(ShadowMode.SYNTHETIC, "POST", "/write/jdbc-auto-commit?item=metered"),
                "");
        RawHttp.send(this.port, "POST", "/write/transactional?item=unsigned", Map.of("X-Shadow", "synthetic"), "");
        assertThat(count("shadow.requests", "mode", "synthetic", "source", "header"))
                .isEqualTo(detected + 2);
        assertThat(count("shadow.markers.rejected", "reason", "missing-signature"))
                .isEqualTo(rejected + 1);
        // the transactional write is counted once, as a rolled-back transaction; the auto-commit
        // write once, as a prevented JDBC commit
        assertThat(count("shadow.transactions.rolled-back", "mode", "synthetic"))
                .isEqualTo(rolledBack + 1);
        assertThat(count("shadow.jdbc.commits.prevented", "mode", "synthetic")).isEqualTo(prevented + 1);
        assertThat(this.jdbc.queryForObject(
                        "select count(*) from orders where item in ('metered', 'unsigned')", Integer.class))
                .isZero();
    }

    @Test
    void serverRequestsCarryTheShadowKey() throws IOException {
        RawHttp.send(this.port, "GET", "/mode?probe=tag", signed(ShadowMode.SHADOW, "GET", "/mode?probe=tag"), "");
        RawHttp.send(this.port, "GET", "/mode?probe=tag", Map.of(), "");
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            assertThat(this.registry
                            .find("http.server.requests")
                            .tags("uri", "/mode", "shadow", "true")
                            .timer())
                    .isNotNull();
            assertThat(this.registry
                            .find("http.server.requests")
                            .tags("uri", "/mode", "shadow", "false")
                            .timer())
                    .isNotNull();
        });
    }

    @Test
    void endpointShowsConfigurationWithTheSecretMaskedCountersAndDecisions() throws IOException {
        RawHttp.send(
                this.port,
                "POST",
                "/write/transactional?item=endpoint",
                signed(ShadowMode.SHADOW, "POST", "/write/transactional?item=endpoint"),
                "");
        RawHttp.Response response = RawHttp.send(this.port, "GET", "/actuator/shadow", Map.of(), "");
        assertThat(response.status()).isEqualTo(200);
        assertThat(response.body())
                .contains("\"mode\":\"SIGNED\"")
                .contains("\"secret\":\"******\"")
                .doesNotContain(SECRET)
                .contains("shadow.requests{mode=shadow,source=header}")
                .contains("\"channel\":\"transaction\"")
                .contains("\"action\":\"rollback\"")
                .contains("\"max-concurrent-shadow-requests\":2");
    }

    @Test
    void bulkheadShedsShadowRequestsAboveTheCapAndNeverLiveOnes() throws Exception {
        GuardTestApplication.SlowGate.reset();
        ExecutorService clients = Executors.newFixedThreadPool(20);
        try {
            List<Future<RawHttp.Response>> shadow = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                shadow.add(clients.submit(
                        () -> RawHttp.send(this.port, "GET", "/slow", signed(ShadowMode.SHADOW, "GET", "/slow"), "")));
            }
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> shadow.stream().filter(Future::isDone).count() == 8);
            List<Future<RawHttp.Response>> live = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                live.add(clients.submit(() -> RawHttp.send(this.port, "GET", "/slow", Map.of(), "")));
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> GuardTestApplication.SlowGate.entered.get() == 10);
            assertThat(live).noneMatch(Future::isDone);
            GuardTestApplication.SlowGate.gate.countDown();
            List<Integer> shadowStatuses = new ArrayList<>();
            for (Future<RawHttp.Response> future : shadow) {
                shadowStatuses.add(future.get().status());
            }
            assertThat(shadowStatuses).filteredOn((status) -> status == 503).hasSize(8);
            assertThat(shadowStatuses).filteredOn((status) -> status == 200).hasSize(2);
            for (Future<RawHttp.Response> future : live) {
                assertThat(future.get().status()).isEqualTo(200);
            }
            RawHttp.Response shed = shadow.stream()
                    .map(this::get)
                    .filter((response) -> response.status() == 503)
                    .findFirst()
                    .orElseThrow();
            assertThat(shed.header("Content-Type")).startsWith("application/problem+json");
            assertThat(count("shadow.requests.shed", "mode", "shadow", "reason", "capacity"))
                    .isGreaterThanOrEqualTo(8);
            RawHttp.Response afterwards =
                    RawHttp.send(this.port, "GET", "/mode", signed(ShadowMode.SHADOW, "GET", "/mode"), "");
            assertThat(afterwards.status()).isEqualTo(200);
        } finally {
            GuardTestApplication.SlowGate.gate.countDown();
            clients.shutdownNow();
        }
    }

    @Test
    void bulkheadPermitsComeBackAfterAsyncRequests() throws IOException {
        for (int i = 0; i < 5; i++) {
            RawHttp.Response response =
                    RawHttp.send(this.port, "GET", "/deferred", signed(ShadowMode.SHADOW, "GET", "/deferred"), "");
            assertThat(response.status()).isEqualTo(200);
            assertThat(response.header("X-Mode")).isEqualTo("shadow");
        }
    }

    @Autowired
    dev.shadowtx.summary.ShadowStartupSummary summary;

    @Test
    void startupSummaryIsOneLineWithTrustGuardsAndDestinationsButNoSecret() {
        String line = this.summary.summary();
        assertThat(line)
                .startsWith("shadowtx active: core ")
                .contains("mode=SIGNED")
                .contains("guards=[transactions, jdbc, r2dbc]")
                .contains("; http {default=GET/HEAD/OPTIONS propagate, other methods blocked")
                .doesNotContain(SECRET)
                .doesNotContain("\n");
    }

    private RawHttp.Response get(Future<RawHttp.Response> future) {
        try {
            return future.get();
        } catch (Exception ex) {
            throw new IllegalStateException(ex);
        }
    }
}
