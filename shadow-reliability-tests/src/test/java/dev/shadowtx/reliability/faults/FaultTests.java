package dev.shadowtx.reliability.faults;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.stubbing.StubMapping;
import dev.shadowtx.core.ShadowBlockedException;
import dev.shadowtx.core.ShadowTraffic;
import dev.shadowtx.core.context.ShadowMode;
import dev.shadowtx.core.testsupport.EmbeddedPostgresServer;
import dev.shadowtx.core.testsupport.RawHttp;
import dev.shadowtx.reliability.leak.LeakAppTestSupport;
import dev.shadowtx.reliability.leak.LeakApplication;
import java.net.http.HttpClient;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.web.client.ResourceAccessException;
import org.springframework.web.client.RestClient;

/**
 * Faults during shadow traffic: the PostgreSQL backend of an open shadow transaction is
 * terminated, and a collaborator hangs.
 */
class FaultTests extends LeakAppTestSupport {

    @LocalServerPort
    int port;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    LeakApplication.HoldingWriter holdingWriter;

    @Autowired
    RestClient.Builder restClientBuilder;

    @Test
    void backendTerminatedMidShadowTransactionCommitsNothingAndThePoolRecovers() throws Exception {
        String key = "fault-pg-" + UUID.randomUUID().toString().substring(0, 8);
        CompletableFuture<RawHttp.Response> shadow = CompletableFuture.supplyAsync(() -> {
            try {
                return RawHttp.send(this.port, "POST", "/hold/" + key, Map.of("X-Shadow", "shadow"), "");
            } catch (Exception ex) {
                throw new IllegalStateException(ex);
            }
        });
        await().atMost(Duration.ofSeconds(30)).until(() -> this.holdingWriter.backend(key) != null);
        long started = System.nanoTime();
        try (Connection admin = DriverManager.getConnection(EmbeddedPostgresServer.jdbcUrl(), "postgres", "postgres");
                PreparedStatement terminate = admin.prepareStatement("select pg_terminate_backend(?)")) {
            terminate.setInt(1, this.holdingWriter.backend(key));
            try (ResultSet result = terminate.executeQuery()) {
                assertThat(result.next()).isTrue();
                assertThat(result.getBoolean(1)).isTrue();
            }
        }
        this.holdingWriter.release(key);
        RawHttp.Response response = shadow.get();
        double failedAfterMs = (System.nanoTime() - started) / 1e6;
        assertThat(response.status()).isEqualTo(500);
        assertThat(rows(key)).isZero();

        int recovered = 0;
        for (int i = 0; i < 20; i++) {
            String id = key + "-live-" + i;
            RawHttp.Response live =
                    RawHttp.send(this.port, "POST", "/leak/REQUEST_THREAD/JDBC_AUTO_COMMIT?key=" + id, Map.of(), "");
            assertThat(live.status()).isEqualTo(200);
            assertThat(rows(id)).isEqualTo(1);
            String shadowId = key + "-shadow-" + i;
            RawHttp.Response marked = RawHttp.send(
                    this.port,
                    "POST",
                    "/leak/REQUEST_THREAD/TRANSACTIONAL?key=" + shadowId,
                    Map.of("X-Shadow", "shadow"),
                    "");
            assertThat(marked.status()).isEqualTo(200);
            assertThat(rows(shadowId)).isZero();
            recovered++;
        }
        System.out.printf(
                "[reliability] fault pg_terminate_backend: shadow request failed with %d %.0f ms after the "
                        + "kill, 0 rows committed; then %d live + %d shadow requests served on the pool of 8 (live committed, "
                        + "shadow not)%n",
                response.status(), failedAfterMs, recovered, recovered);
    }

    @Test
    void hangingCollaboratorBlockedCallsNeverWaitAndPropagatedCallsHitTheTimeout() {
        StubMapping hangingPost = live.stubFor(hang(post(urlPathEqualTo("/hang"))));
        StubMapping hangingGet = live.stubFor(hang(get(urlPathEqualTo("/hang"))));
        try {
            RestClient client = this.restClientBuilder
                    .clone()
                    .baseUrl(live.baseUrl())
                    .requestFactory(timeoutFactory(Duration.ofMillis(500)))
                    .build();
            long[] blockedMs = new long[1];
            long[] timedOutMs = new long[1];
            ShadowTraffic.runIsolated(ShadowMode.SHADOW, () -> {
                long start = System.nanoTime();
                assertThatExceptionOfType(ShadowBlockedException.class)
                        .isThrownBy(() ->
                                client.post().uri("/hang").body("x").retrieve().toBodilessEntity());
                blockedMs[0] = (System.nanoTime() - start) / 1_000_000;
                start = System.nanoTime();
                assertThatExceptionOfType(ResourceAccessException.class)
                        .isThrownBy(() -> client.get().uri("/hang").retrieve().toBodilessEntity());
                timedOutMs[0] = (System.nanoTime() - start) / 1_000_000;
            });
            assertThat(blockedMs[0]).isLessThan(2_500);
            assertThat(timedOutMs[0]).isBetween(400L, 4_000L);
            assertThat(live.findAll(postRequestedFor(urlPathEqualTo("/hang")))).isEmpty();
            System.out.printf(
                    "[reliability] fault hanging collaborator (5 s delay): shadow POST blocked in %d ms "
                            + "without a request; shadow GET (propagated) gave up after %d ms on a 500 ms read timeout%n",
                    blockedMs[0], timedOutMs[0]);
        } finally {
            live.removeStub(hangingPost);
            live.removeStub(hangingGet);
        }
    }

    private static MappingBuilder hang(MappingBuilder mapping) {
        return mapping.willReturn(aResponse().withStatus(200).withFixedDelay(5_000));
    }

    private static JdkClientHttpRequestFactory timeoutFactory(Duration readTimeout) {
        JdkClientHttpRequestFactory factory = new JdkClientHttpRequestFactory(
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build());
        factory.setReadTimeout(readTimeout);
        return factory;
    }

    private int rows(String key) {
        return this.jdbc.queryForObject("select count(*) from leak_rows where k like ?", Integer.class, key + "%");
    }
}
