package dev.shadowtx.web.reactive;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shadowtx.core.marker.BaggageDetector;
import dev.shadowtx.core.marker.CompositeMarkerDetector;
import dev.shadowtx.core.marker.HeaderDetector;
import dev.shadowtx.core.marker.HostSuffixDetector;
import dev.shadowtx.core.marker.MarkerDetector;
import dev.shadowtx.core.marker.MarkerNames;
import dev.shadowtx.core.testsupport.MarkerForms;
import dev.shadowtx.core.testsupport.RawHttp;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.http.server.reactive.ReactorHttpHandlerAdapter;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpRequestDecorator;
import org.springframework.web.server.adapter.WebHttpHandlerBuilder;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;

/**
 * The probe on a real Reactor Netty server: the request a web filter receives is Spring's own
 * request over Netty's header table, read there directly, and every answer is the one Spring's
 * headers give for the same request.
 */
class ReactorNettyHeadersTests {

    private static final MarkerDetector DEFAULTS = new CompositeMarkerDetector(List.of(
            new HostSuffixDetector(),
            new HeaderDetector(MarkerNames.DEFAULT_HEADER),
            new BaggageDetector(MarkerNames.DEFAULT_BAGGAGE_KEY)));

    private static volatile CompletableFuture<ServerHttpRequest> next = new CompletableFuture<>();

    private static DisposableServer server;

    @BeforeAll
    static void start() {
        server = HttpServer.create()
                .host("127.0.0.1")
                .port(0)
                .handle(new ReactorHttpHandlerAdapter(WebHttpHandlerBuilder.webHandler(
                                (exchange) -> exchange.getResponse().setComplete())
                        .filter((exchange, chain) -> {
                            // where ShadowWebFilter stands: the exchange's request, as a filter gets it
                            next.complete(exchange.getRequest());
                            return chain.filter(exchange);
                        })
                        .build()))
                .bindNow(Duration.ofSeconds(10));
    }

    @AfterAll
    static void stop() {
        server.disposeNow();
    }

    @Test
    void everyMarkerFormMayBeMarkedOnNettysTable() throws Exception {
        for (Map.Entry<String, Map<String, String>> form : MarkerForms.ISOLATING.entrySet()) {
            ServerHttpRequest request = receive(form.getValue());
            assertThat(ReactorNettyHeaders.isNettyRequest(request))
                    .as(form.getKey())
                    .isTrue();
            assertThat(DEFAULTS.mayDetect(ServerHttpMarkerCarrier.PROBE, request))
                    .as(form.getKey())
                    .isTrue();
            assertThat(DEFAULTS.detect(new ServerHttpMarkerCarrier(request)).isMarked())
                    .as(form.getKey())
                    .isTrue();
        }
    }

    @Test
    void unmarkedRequestIsDecidedLiveOnNettysTable() throws Exception {
        ServerHttpRequest request = receive(Map.of(
                "Host", "orders-v2.shadowing.svc:8080",
                "traceparent", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",
                "X-Shadowed", "shadow"));
        assertThat(ReactorNettyHeaders.isNettyRequest(request)).isTrue();
        assertThat(DEFAULTS.mayDetect(ServerHttpMarkerCarrier.PROBE, request)).isFalse();
    }

    @Test
    void probeAnswersOnNettysTableAsSpringsHeadersDo() throws Exception {
        List<Map<String, String>> requests = new ArrayList<>(MarkerForms.ISOLATING.values());
        requests.add(Map.of("Host", "orders:8080", "Accept", "*/*"));
        requests.add(Map.of("Host", "orders-v2-SHADOW:8080"));
        requests.add(Map.of("Host", "orders-shado:8080", "X-Shadowed", "shadow", "Baggage2", "shadow=1"));
        requests.add(Map.of("Host", "[::1]:8080"));
        requests.add(Map.of("Host", "[fe80::1]:8080", "x-SHADOW", "false"));
        requests.add(Map.of("Host", "orders-"));
        requests.add(headers("Host", "orders", "X-Mirror", "1"));
        String[][] questions = {
            {MarkerNames.DEFAULT_HEADER, "baggage"}, {"x-shadow"}, {}, {"X-Mirror", "BAGGAGE"}, {"Spiegel-Ü"}
        };
        for (Map<String, String> headers : requests) {
            ServerHttpRequest request = receive(headers);
            ServerHttpRequest decorated = new ServerHttpRequestDecorator(request);
            assertThat(ReactorNettyHeaders.isNettyRequest(request)).isTrue();
            assertThat(ReactorNettyHeaders.isNettyRequest(decorated)).isFalse();
            for (String[] names : questions) {
                for (String fragment : new String[] {"-shadow", "-SHADOW", ":80", null}) {
                    assertThat(ServerHttpMarkerCarrier.PROBE.hasAnyHeaderOrHost(request, names, fragment))
                            .as("%s %s %s", headers, List.of(names), fragment)
                            .isEqualTo(ServerHttpMarkerCarrier.PROBE.hasAnyHeaderOrHost(decorated, names, fragment));
                }
            }
        }
    }

    @Test
    void detectorsOfOtherHeaderNamesAreEachAnsweredForTheirOwn() throws Exception {
        MarkerDetector shadow = new CompositeMarkerDetector(List.of(new HeaderDetector("X-Shadow")));
        MarkerDetector mirror = new CompositeMarkerDetector(List.of(new HeaderDetector("X-Mirror")));
        ServerHttpRequest request = receive(Map.of("Host", "orders", "x-mirror", "shadow"));
        for (int i = 0; i < 3; i++) {
            assertThat(shadow.mayDetect(ServerHttpMarkerCarrier.PROBE, request)).isFalse();
            assertThat(mirror.mayDetect(ServerHttpMarkerCarrier.PROBE, request)).isTrue();
        }
    }

    @Test
    void mutatedRequestKeepsTheGenericPathAndItsOwnHeaders() throws Exception {
        ServerHttpRequest request = receive(Map.of("Host", "orders"));
        ServerHttpRequest mutated =
                request.mutate().header(MarkerNames.DEFAULT_HEADER, "shadow").build();
        assertThat(ReactorNettyHeaders.isNettyRequest(mutated)).isFalse();
        assertThat(DEFAULTS.mayDetect(ServerHttpMarkerCarrier.PROBE, request)).isFalse();
        assertThat(DEFAULTS.mayDetect(ServerHttpMarkerCarrier.PROBE, mutated)).isTrue();
    }

    private static ServerHttpRequest receive(Map<String, String> headers) throws Exception {
        CompletableFuture<ServerHttpRequest> received = new CompletableFuture<>();
        next = received;
        RawHttp.Response response = RawHttp.send(server.port(), "POST", "/orders", headers, "");
        assertThat(response.status()).as("%s", headers).isEqualTo(200);
        return received.get(10, TimeUnit.SECONDS);
    }

    private static Map<String, String> headers(String... namesAndValues) {
        Map<String, String> headers = new LinkedHashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            headers.put(namesAndValues[i], namesAndValues[i + 1]);
        }
        return headers;
    }
}
