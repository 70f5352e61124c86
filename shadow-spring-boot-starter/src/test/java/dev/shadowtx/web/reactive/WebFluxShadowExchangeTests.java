package dev.shadowtx.web.reactive;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Flux;
import reactor.util.function.Tuple2;
import reactor.util.function.Tuples;

/**
 * What a WebFlux handler does besides writing rows, over a real Reactor Netty port: outbound
 * {@code WebClient} calls, many exchanges at once on the same event loops, and the {@code shadow}
 * key on {@code http.server.requests}.
 */
@WebFluxOnH2
class WebFluxShadowExchangeTests {

    private static WireMockServer payments;

    @LocalServerPort
    int port;

    @Autowired
    MeterRegistry meters;

    @BeforeAll
    static void startPayments() {
        payments = new WireMockServer(options().dynamicPort());
        payments.start();
    }

    @AfterAll
    static void stopPayments() {
        payments.stop();
    }

    @BeforeEach
    void resetPayments() {
        payments.resetAll();
        payments.stubFor(post(urlEqualTo("/payments"))
                .willReturn(aResponse().withStatus(201).withBody("paid")));
    }

    @Test
    void outboundPostFromAShadowHandlerIsBlockedAndItsLiveTwinGoesOut() {
        String url = "http://127.0.0.1:" + payments.port() + "/payments";
        String shadow = client().post()
                .uri("/outbound?url={url}", url)
                .header("X-Shadow", "shadow")
                .retrieve()
                .bodyToMono(String.class)
                .block();
        assertThat(shadow).isEqualTo("failed: ShadowBlockedException");
        assertThat(payments.findAll(postRequestedFor(urlEqualTo("/payments")))).isEmpty();
        String live = client().post()
                .uri("/outbound?url={url}", url)
                .retrieve()
                .bodyToMono(String.class)
                .block();
        assertThat(live).isEqualTo("paid");
        assertThat(payments.findAll(postRequestedFor(urlEqualTo("/payments")))).hasSize(1);
    }

    @Test
    void everyExchangeObservesItsOwnModeUnderConcurrency() {
        String[] markers = {"", "shadow", "synthetic", "false"};
        List<Tuple2<String, String>> replies = Flux.range(0, 200)
                .flatMap(
                        (i) -> {
                            String marker = markers[i % markers.length];
                            String expected = (marker.isEmpty() || marker.equals("false")) ? "live" : marker;
                            return client().get()
                                    .uri("/mode?delayMillis={delay}", i % 7)
                                    .headers((headers) -> {
                                        if (!marker.isEmpty()) {
                                            headers.set("X-Shadow", marker);
                                        }
                                    })
                                    .retrieve()
                                    .bodyToMono(String.class)
                                    .map((body) -> Tuples.of(expected + "/" + expected, body));
                        },
                        32)
                .collectList()
                .block(Duration.ofSeconds(30));
        assertThat(replies).hasSize(200);
        assertThat(replies).allSatisfy((reply) -> assertThat(reply.getT2()).isEqualTo(reply.getT1()));
    }

    @Test
    void serverRequestObservationsCarryTheShadowKey() {
        client().get()
                .uri("/mode?delayMillis=0")
                .header("X-Shadow", "shadow")
                .retrieve()
                .toBodilessEntity()
                .block();
        client().get().uri("/mode?delayMillis=0").retrieve().toBodilessEntity().block();
        await().untilAsserted(() -> {
            assertThat(this.meters
                            .find("http.server.requests")
                            .tag("shadow", "true")
                            .timers())
                    .isNotEmpty();
            assertThat(this.meters
                            .find("http.server.requests")
                            .tag("shadow", "false")
                            .timers())
                    .isNotEmpty();
        });
    }

    private WebClient client() {
        return WebClient.create("http://127.0.0.1:" + this.port);
    }
}
