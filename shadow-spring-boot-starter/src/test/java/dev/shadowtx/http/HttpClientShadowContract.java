package dev.shadowtx.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.shadowtx.autoconfigure.ShadowAutoConfiguration;
import dev.shadowtx.core.ShadowBlockedException;
import dev.shadowtx.core.context.MarkerSource;
import dev.shadowtx.core.context.ShadowContext;
import dev.shadowtx.core.context.ShadowContextHolder;
import dev.shadowtx.core.context.ShadowMode;
import dev.shadowtx.core.metrics.ShadowDecisionLog;
import dev.shadowtx.core.testsupport.Collaborators;
import dev.shadowtx.http.autoconfigure.ShadowHttpClientAutoConfiguration;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.core.env.MapPropertySource;

/**
 * What every one of Boot's HTTP clients must do in shadow, checked against real servers. Each
 * subclass builds its client from the builder Boot auto-configures, exactly as an application does.
 */
abstract class HttpClientShadowContract extends CollaboratorServers {

    static final ShadowContext SHADOW = ShadowContext.of(ShadowMode.SHADOW, MarkerSource.HEADER);

    static final ShadowContext SYNTHETIC = ShadowContext.of(ShadowMode.SYNTHETIC, MarkerSource.HEADER);

    final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(
                    AutoConfigurations.of(ShadowAutoConfiguration.class, ShadowHttpClientAutoConfiguration.class))
            .withConfiguration(clientConfigurations());

    /**
     * Return the auto-configurations that provide the client's builder.
     */
    abstract AutoConfigurations clientConfigurations();

    /**
     * Build a client from the context, as an application would.
     */
    abstract Client client(AssertableApplicationContext context);

    /**
     * One client technology, reduced to what the scenarios need.
     */
    interface Client {

        Reply exchange(String method, String url, Map<String, String> headers, @Nullable String body);
    }

    record Reply(int status, String body) {}

    /**
     * Whether the client can answer a blocked call with its stub without a server; a client that
     * cannot refuses the call instead.
     */
    boolean answersStubs() {
        return true;
    }

    /**
     * Whether the client can send a call to another destination than the planned one; a client
     * that cannot refuses the call instead.
     */
    boolean reroutes() {
        return true;
    }

    @Test
    void liveCallReachesTheLiveServerWithoutTheMarker() {
        run(Map.of(), (client) -> {
            Reply reply =
                    client.exchange("POST", servers.liveUrl() + "/charges?currency=EUR", Map.of(), "{\"amount\":5}");
            assertThat(reply).isEqualTo(new Reply(200, "live"));
            LoggedRequest received = single(servers.liveRequests());
            assertThat(received.getUrl()).isEqualTo("/charges?currency=EUR");
            assertThat(received.getBodyAsString()).isEqualTo("{\"amount\":5}");
            assertThat(received.containsHeader("X-Shadow")).isFalse();
            assertThat(received.containsHeader("baggage")).isFalse();
        });
    }

    /**
     * Everything the application set, and every header the client adds, is identical with and
     * without shadowtx. Only the framing may differ: Spring buffers the request body of any
     * client that has an interceptor, so a body of unknown length goes out with
     * {@code Content-Length} instead of {@code Transfer-Encoding: chunked}.
     */
    @Test
    void liveCallSendsTheHeadersAndBodyOfAnUnguardedClient() {
        Map<String, String> headers = Map.of("baggage", "userId=alice", "X-Request", "1");
        run(
                Map.of("shadow.enabled", "false"),
                (client) -> client.exchange("PUT", servers.liveUrl() + "/a?b=c", headers, "{\"x\":1}"));
        LoggedRequest unguarded = single(servers.liveRequests());
        servers.reset();
        run(Map.of(), (client) -> client.exchange("PUT", servers.liveUrl() + "/a?b=c", headers, "{\"x\":1}"));
        LoggedRequest guarded = single(servers.liveRequests());
        assertThat(withoutFraming(Collaborators.headers(guarded)))
                .isEqualTo(withoutFraming(Collaborators.headers(unguarded)));
        assertThat(guarded.getUrl()).isEqualTo(unguarded.getUrl());
        assertThat(guarded.getBodyAsString()).isEqualTo(unguarded.getBodyAsString());
    }

    private static Map<String, List<String>> withoutFraming(Map<String, List<String>> headers) {
        Map<String, List<String>> result = new LinkedHashMap<>(headers);
        result.remove("content-length");
        result.remove("transfer-encoding");
        return result;
    }

    @Test
    void shadowGetWithoutConfigurationReachesTheLiveServerWithTheMarker() {
        run(Map.of(), (client) -> {
            Reply reply =
                    inShadow(SHADOW, () -> client.exchange("GET", servers.liveUrl() + "/prices?sku=1", Map.of(), null));
            assertThat(reply).isEqualTo(new Reply(200, "live"));
            LoggedRequest received = single(servers.liveRequests());
            assertThat(received.getUrl()).isEqualTo("/prices?sku=1");
            assertThat(received.getHeader("X-Shadow")).isEqualTo("shadow");
            assertThat(received.getHeader("baggage")).isEqualTo("shadow=shadow");
        });
    }

    @Test
    void shadowPostWithoutConfigurationIsBlockedAndNeverReachesTheLiveServer() {
        run(Map.of(), (client) -> {
            assertThatExceptionOfType(ShadowBlockedException.class)
                    .isThrownBy(() -> inShadow(
                            SHADOW,
                            () -> client.exchange("POST", servers.liveUrl() + "/charges?card=4111", Map.of(), "{}")))
                    .satisfies((ex) -> {
                        assertThat(ex.getChannel()).isEqualTo("http");
                        assertThat(ex.getTarget()).isEqualTo("POST " + servers.liveUrl() + "/charges");
                    });
            assertThat(servers.liveRequests()).isEmpty();
            assertThat(servers.doubleRequests()).isEmpty();
        });
    }

    @Test
    void shadowPostWithAStubAnswersWithTheStubOrIsRefusedAndNeverReachesTheLiveServer() {
        Map<String, Object> properties = Map.of(
                "shadow.http.destinations[127.0.0.1].stub.status",
                "202",
                "shadow.http.destinations[127.0.0.1].stub.body",
                "{\"id\":\"shadow\"}",
                "shadow.http.destinations[127.0.0.1].stub.content-type",
                "application/json");
        run(properties, (client) -> {
            if (!answersStubs()) {
                assertThatExceptionOfType(ShadowBlockedException.class)
                        .isThrownBy(() -> inShadow(
                                SHADOW, () -> client.exchange("POST", servers.liveUrl() + "/charges", Map.of(), "{}")));
                assertThat(servers.liveRequests()).isEmpty();
                assertThat(servers.doubleRequests()).isEmpty();
                return;
            }
            Reply reply =
                    inShadow(SHADOW, () -> client.exchange("POST", servers.liveUrl() + "/charges", Map.of(), "{}"));
            assertThat(reply).isEqualTo(new Reply(202, "{\"id\":\"shadow\"}"));
            assertThat(servers.liveRequests()).isEmpty();
            assertThat(servers.doubleRequests()).isEmpty();
        });
    }

    @Test
    void shadowPostWithRerouteReachesTheTestDoubleWithPathQueryBodyAndMarkerOrIsRefused() {
        String rule = "shadow.http.destinations[" + servers.liveAuthority() + "]";
        Map<String, Object> properties =
                Map.of(rule + ".action", "REROUTE", rule + ".url", servers.doubleUrl() + "/mock");
        run(properties, (client) -> {
            if (!reroutes()) {
                assertThatExceptionOfType(ShadowBlockedException.class)
                        .isThrownBy(() -> inShadow(
                                SYNTHETIC,
                                () -> client.exchange("POST", servers.liveUrl() + "/charges", Map.of(), "{}")));
                assertThat(servers.liveRequests()).isEmpty();
                assertThat(servers.doubleRequests()).isEmpty();
                return;
            }
            Reply reply = inShadow(
                    SYNTHETIC,
                    () -> client.exchange(
                            "POST",
                            servers.liveUrl() + "/charges?currency=EUR",
                            Map.of("Content-Type", "application/json"),
                            "{\"amount\":5}"));
            assertThat(reply).isEqualTo(new Reply(200, "double"));
            assertThat(servers.liveRequests()).isEmpty();
            LoggedRequest received = single(servers.doubleRequests());
            assertThat(received.getMethod().getName()).isEqualTo("POST");
            assertThat(received.getUrl()).isEqualTo("/mock/charges?currency=EUR");
            assertThat(received.getBodyAsString()).isEqualTo("{\"amount\":5}");
            assertThat(received.getHeader("X-Shadow")).isEqualTo("synthetic");
        });
    }

    @Test
    void excludedHostReceivesTheShadowGetWithoutTheMarker() {
        run(Map.of("shadow.propagation.exclude-hosts", servers.liveAuthority()), (client) -> {
            Map<String, String> copiedFromInbound =
                    Map.of("X-Shadow", "shadow", "baggage", "userId=alice,shadow=shadow");
            Reply reply = inShadow(
                    SHADOW, () -> client.exchange("GET", servers.liveUrl() + "/maps", copiedFromInbound, null));
            assertThat(reply.body()).isEqualTo("live");
            LoggedRequest received = single(servers.liveRequests());
            assertThat(received.containsHeader("X-Shadow")).isFalse();
            assertThat(received.getHeader("baggage")).isEqualTo("userId=alice");
            assertThatExceptionOfType(ShadowBlockedException.class)
                    .isThrownBy(() -> inShadow(
                            SHADOW, () -> client.exchange("POST", servers.liveUrl() + "/maps", Map.of(), "{}")));
            assertThat(servers.liveRequests()).hasSize(1);
        });
    }

    @Test
    void markerIsAppendedToExistingBaggageUnderTheConfiguredHeader() {
        run(Map.of("shadow.detection.header", "X-Mirror"), (client) -> {
            inShadow(
                    SYNTHETIC,
                    () -> client.exchange(
                            "GET",
                            servers.liveUrl() + "/prices",
                            Map.of("baggage", "userId=alice", "X-Shadow", "false"),
                            null));
            LoggedRequest received = single(servers.liveRequests());
            assertThat(received.getHeader("X-Mirror")).isEqualTo("synthetic");
            assertThat(received.getHeader("X-Shadow")).isEqualTo("false");
            assertThat(received.getHeader("baggage")).isEqualTo("userId=alice,shadow=synthetic");
        });
    }

    @Test
    void explicitPropagateLetsWritesReachAShadowAwareCollaborator() {
        run(Map.of("shadow.http.destinations[127.0.0.1].action", "propagate"), (client) -> {
            inShadow(SHADOW, () -> client.exchange("DELETE", servers.liveUrl() + "/carts/7", Map.of(), null));
            LoggedRequest received = single(servers.liveRequests());
            assertThat(received.getMethod().getName()).isEqualTo("DELETE");
            assertThat(received.getHeader("X-Shadow")).isEqualTo("shadow");
        });
    }

    @Test
    void everyShadowDecisionIsCounted() {
        this.runner
                .withBean(MeterRegistry.class, SimpleMeterRegistry::new)
                .withPropertyValues("shadow.http.destinations[127.0.0.1].stub.status=204")
                .run((context) -> {
                    Client client = client(context);
                    client.exchange("POST", servers.liveUrl() + "/live", Map.of(), "{}");
                    inShadow(SHADOW, () -> client.exchange("GET", servers.liveUrl() + "/a", Map.of(), null));
                    if (answersStubs()) {
                        inShadow(SHADOW, () -> client.exchange("POST", servers.liveUrl() + "/b", Map.of(), "{}"));
                    } else {
                        assertThatExceptionOfType(ShadowBlockedException.class)
                                .isThrownBy(() -> inShadow(
                                        SHADOW,
                                        () -> client.exchange("POST", servers.liveUrl() + "/b", Map.of(), "{}")));
                    }
                    MeterRegistry registry = context.getBean(MeterRegistry.class);
                    assertThat(registry.get("shadow.outbound")
                                    .tag("channel", "http")
                                    .tag("action", "propagate")
                                    .counter()
                                    .count())
                            .isEqualTo(1);
                    String stubbed = answersStubs() ? "stub" : "block";
                    assertThat(registry.get("shadow.outbound")
                                    .tag("channel", "http")
                                    .tag("action", stubbed)
                                    .counter()
                                    .count())
                            .isEqualTo(1);
                    assertThat(registry.find("shadow.outbound").counters()).hasSize(2);
                    assertThat(context.getBean(ShadowDecisionLog.class).recent())
                            .filteredOn((decision) -> decision.destination().startsWith("POST "))
                            .singleElement()
                            .satisfies((decision) -> {
                                assertThat(decision.action()).isEqualTo(stubbed);
                                assertThat(decision.destination())
                                        .isEqualTo("POST " + servers.liveUrl() + "/b"
                                                + (answersStubs()
                                                        ? ""
                                                        : " (refused: the client cannot answer with the stub)"));
                            });
                });
    }

    @Test
    void shadowCallToRerouteIsCountedAsWhatHappenedToIt() {
        String rule = "shadow.http.destinations[" + servers.liveAuthority() + "]";
        this.runner
                .withBean(MeterRegistry.class, SimpleMeterRegistry::new)
                .withInitializer((context) -> context.getEnvironment()
                        .getPropertySources()
                        .addFirst(new MapPropertySource(
                                "scenario",
                                Map.of(rule + ".action", "reroute", rule + ".url", servers.doubleUrl() + "/mock"))))
                .run((context) -> {
                    Client client = client(context);
                    if (reroutes()) {
                        inShadow(SHADOW, () -> client.exchange("POST", servers.liveUrl() + "/c", Map.of(), "{}"));
                        assertThat(servers.doubleRequests()).hasSize(1);
                    } else {
                        assertThatExceptionOfType(ShadowBlockedException.class)
                                .isThrownBy(() -> inShadow(
                                        SHADOW,
                                        () -> client.exchange("POST", servers.liveUrl() + "/c", Map.of(), "{}")));
                        assertThat(servers.doubleRequests()).isEmpty();
                    }
                    assertThat(servers.liveRequests()).isEmpty();
                    String action = reroutes() ? "reroute" : "block";
                    assertThat(context.getBean(MeterRegistry.class)
                                    .get("shadow.outbound")
                                    .tag("channel", "http")
                                    .tag("action", action)
                                    .counter()
                                    .count())
                            .isEqualTo(1);
                    assertThat(context.getBean(ShadowDecisionLog.class).recent())
                            .singleElement()
                            .satisfies((decision) -> {
                                assertThat(decision.action()).isEqualTo(action);
                                assertThat(decision.destination())
                                        .isEqualTo("POST " + servers.liveUrl() + "/c"
                                                + (reroutes() ? "" : " (refused: the client cannot reroute the call)"));
                            });
                });
    }

    /**
     * Run a scenario with properties whose names may contain colons (host:port keys).
     */
    void run(Map<String, Object> properties, ClientScenario scenario) {
        this.runner
                .withInitializer((context) -> context.getEnvironment()
                        .getPropertySources()
                        .addFirst(new MapPropertySource("scenario", new LinkedHashMap<>(properties))))
                .run((context) -> {
                    assertThat(context).hasNotFailed();
                    scenario.run(client(context));
                });
    }

    interface ClientScenario {

        void run(Client client) throws Exception;
    }

    static <T> T inShadow(ShadowContext context, Supplier<T> call) {
        try (ShadowContextHolder.Scope scope = ShadowContextHolder.bind(context)) {
            return call.get();
        }
    }

    static LoggedRequest single(List<LoggedRequest> requests) {
        assertThat(requests).hasSize(1);
        return requests.get(0);
    }
}
