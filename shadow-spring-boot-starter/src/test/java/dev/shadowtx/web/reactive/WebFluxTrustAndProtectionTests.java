package dev.shadowtx.web.reactive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.shadowtx.core.context.ShadowMode;
import dev.shadowtx.core.marker.MarkerSignature;
import dev.shadowtx.core.testsupport.PlainJdbc;
import dev.shadowtx.r2dbc.R2dbcOrders;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.test.context.TestPropertySource;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.Disposable;

/**
 * The trust policy and the shadow bulkhead of a WebFlux application over a real Reactor Netty port.
 */
class WebFluxTrustAndProtectionTests {

    static PlainJdbc jdbc() {
        return new PlainJdbc(WebFluxOnH2.JDBC_URL, "sa", "");
    }

    static WebClient client(int port) {
        return WebClient.create("http://127.0.0.1:" + port);
    }

    static ResponseEntity<String> exchange(int port, String method, String path, String marker) {
        return client(port)
                .method(org.springframework.http.HttpMethod.valueOf(method))
                .uri(path)
                .headers((headers) -> {
                    if (!marker.isEmpty()) {
                        headers.set("X-Shadow", marker);
                    }
                })
                .exchangeToMono((response) -> response.toEntity(String.class))
                .block(Duration.ofSeconds(10));
    }

    @Nested
    @WebFluxOnH2
    @TestPropertySource(properties = {"shadow.trust.mode=TRUSTED_PROXIES", "shadow.trust.trusted-proxies=10.0.0.0/8"})
    class UntrustedPeer {

        @LocalServerPort
        int port;

        @BeforeEach
        void emptyTable() {
            R2dbcOrders.createEmpty(jdbc());
        }

        @Test
        void markedRequestFromAnUntrustedPeerGets403ProblemAndNothingRuns() {
            ResponseEntity<String> refused = exchange(this.port, "POST", "/orders/auto-commit?item=shadow", "shadow");
            assertThat(refused.getStatusCode().value()).isEqualTo(403);
            assertThat(refused.getHeaders().getContentType()).hasToString("application/problem+json;charset=UTF-8");
            assertThat(refused.getBody())
                    .isEqualTo(
                            "{\"type\":\"urn:shadowtx:problem:marker-rejected\",\"title\":\"Shadow marker rejected\","
                                    + "\"status\":403,\"detail\":\"The sender is not allowed to mark traffic as shadow\","
                                    + "\"reason\":\"untrusted-peer\"}");
            assertThat(items()).isEmpty();
            ResponseEntity<String> live = exchange(this.port, "POST", "/orders/auto-commit?item=live", "");
            assertThat(live.getBody()).isEqualTo("live/live");
            assertThat(items()).containsExactly("live");
        }

        private List<String> items() {
            return R2dbcOrders.committedItems(jdbc());
        }
    }

    @Nested
    @WebFluxOnH2
    @TestPropertySource(properties = {"shadow.protection.max-concurrent=1"})
    class BulkheadOfOne {

        @LocalServerPort
        int port;

        @Test
        void secondShadowRequestIsShedAndThePermitComesBackWhenTheClientCancels() {
            Disposable held = client(this.port)
                    .get()
                    .uri("/mode?delayMillis=60000")
                    .header("X-Shadow", "shadow")
                    .retrieve()
                    .bodyToMono(String.class)
                    .subscribe();
            await().untilAsserted(() -> assertThat(shadowStatus()).isEqualTo(503));
            assertThat(exchange(this.port, "GET", "/mode?delayMillis=0", "")
                            .getStatusCode()
                            .value())
                    .isEqualTo(200);
            held.dispose();
            await().untilAsserted(() -> assertThat(shadowStatus()).isEqualTo(200));
        }

        @Test
        void permitComesBackWhenTheShadowExchangeFails() {
            // each permit comes back when its exchange completes, which may be just after the
            // response reached the client: a leaked permit would shed every later step forever
            await().untilAsserted(
                            () -> assertThat(status("GET", "/no-such-endpoint")).isEqualTo(404));
            await().untilAsserted(() ->
                    assertThat(status("POST", "/orders/auto-commit")).isEqualTo(400));
            await().untilAsserted(() -> assertThat(shadowStatus()).isEqualTo(200));
        }

        @Test
        void shedRequestGetsTheCapacityProblem() {
            Disposable held = client(this.port)
                    .get()
                    .uri("/mode?delayMillis=60000")
                    .header("X-Shadow", "synthetic")
                    .retrieve()
                    .bodyToMono(String.class)
                    .subscribe();
            try {
                await().untilAsserted(() -> {
                    ResponseEntity<String> shed = exchange(this.port, "GET", "/mode?delayMillis=0", "shadow");
                    assertThat(shed.getStatusCode().value()).isEqualTo(503);
                    assertThat(shed.getHeaders().getContentType())
                            .hasToString("application/problem+json;charset=UTF-8");
                    assertThat(shed.getBody()).contains("\"type\":\"urn:shadowtx:problem:shadow-capacity\"");
                });
            } finally {
                held.dispose();
            }
            await().untilAsserted(() -> assertThat(shadowStatus()).isEqualTo(200));
        }

        /**
         * Start each test with the permit free, whenever the previous test's exchange ends.
         */
        @BeforeEach
        void permitIsFree() {
            await().untilAsserted(() -> assertThat(shadowStatus()).isEqualTo(200));
        }

        private int shadowStatus() {
            return status("GET", "/mode?delayMillis=0");
        }

        private int status(String method, String path) {
            return exchange(this.port, method, path, "shadow").getStatusCode().value();
        }
    }

    @Nested
    @WebFluxOnH2
    @TestPropertySource(
            properties = {
                "shadow.trust.mode=SIGNED",
                "shadow.trust.secret=" + SignedBodyDigest.SECRET,
                "shadow.trust.body-digest-max-size=32B"
            })
    class SignedBodyDigest {

        static final String SECRET = "webflux-secret-webflux-secret-webflux";

        @LocalServerPort
        int port;

        @BeforeEach
        void emptyTable() {
            R2dbcOrders.createEmpty(jdbc());
        }

        ResponseEntity<String> post(String body, String signedBody) {
            String digest = MarkerSignature.bodyDigest(signedBody.getBytes(StandardCharsets.UTF_8));
            String signature = new MarkerSignature(SECRET)
                    .sign(ShadowMode.SYNTHETIC, Instant.now().getEpochSecond(), "POST", "/orders/body", digest);
            return client(this.port)
                    .post()
                    .uri("/orders/body")
                    .header("X-Shadow", "synthetic")
                    .header(MarkerSignature.DEFAULT_HEADER, signature)
                    .header(MarkerSignature.BODY_DIGEST_HEADER, digest)
                    .contentType(MediaType.TEXT_PLAIN)
                    .bodyValue(body)
                    .exchangeToMono((response) -> response.toEntity(String.class))
                    .block(Duration.ofSeconds(10));
        }

        @Test
        void bodyMatchingItsSignedDigestIsIsolatedAndTheApplicationReadsIt() {
            ResponseEntity<String> response = post("probe-body", "probe-body");
            assertThat(response.getStatusCode().value()).isEqualTo(200);
            assertThat(response.getBody()).isEqualTo("probe-body");
            assertThat(R2dbcOrders.committedItems(jdbc())).isEmpty();
        }

        @Test
        void bodyOtherThanTheSignedOneIsRefusedAndWritesNothing() {
            ResponseEntity<String> refused = post("swapped-body", "probe-body");
            assertThat(refused.getStatusCode().value()).isEqualTo(403);
            assertThat(refused.getHeaders().getContentType()).hasToString("application/problem+json;charset=UTF-8");
            assertThat(refused.getBody()).contains("\"reason\":\"body-digest-mismatch\"");
            assertThat(R2dbcOrders.committedItems(jdbc())).isEmpty();
        }

        @Test
        void bodyLargerThanTheCheckedSizeIsRefusedAndWritesNothing() {
            String large = "x".repeat(33);
            ResponseEntity<String> refused = post(large, large);
            assertThat(refused.getStatusCode().value()).isEqualTo(403);
            assertThat(refused.getBody()).contains("\"reason\":\"body-too-large\"");
            assertThat(R2dbcOrders.committedItems(jdbc())).isEmpty();
        }

        @Test
        void liveRequestWithALargeBodyIsNotRead() {
            String large = "y".repeat(60);
            ResponseEntity<String> live = client(this.port)
                    .post()
                    .uri("/orders/body")
                    .contentType(MediaType.TEXT_PLAIN)
                    .bodyValue(large)
                    .exchangeToMono((response) -> response.toEntity(String.class))
                    .block(Duration.ofSeconds(10));
            assertThat(live.getBody()).isEqualTo(large);
            assertThat(R2dbcOrders.committedItems(jdbc())).containsExactly(large);
        }
    }
}
