package dev.shadowtx.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.shadowtx.autoconfigure.ShadowAutoConfiguration;
import dev.shadowtx.core.ShadowBlockedException;
import dev.shadowtx.core.context.MarkerSource;
import dev.shadowtx.core.context.ShadowContext;
import dev.shadowtx.core.context.ShadowMode;
import dev.shadowtx.core.outbound.Redirects;
import dev.shadowtx.http.HttpClientShadowContract.Client;
import dev.shadowtx.http.HttpClientShadowContract.Reply;
import dev.shadowtx.http.autoconfigure.ShadowHttpClientAutoConfiguration;
import dev.shadowtx.http.autoconfigure.ShadowHttpClientBeansAutoConfiguration;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.http.HttpClient;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.http.client.autoconfigure.imperative.ImperativeHttpClientAutoConfiguration;
import org.springframework.boot.http.client.autoconfigure.reactive.ReactiveHttpClientAutoConfiguration;
import org.springframework.boot.http.codec.autoconfigure.CodecsAutoConfiguration;
import org.springframework.boot.http.converter.autoconfigure.HttpMessageConvertersAutoConfiguration;
import org.springframework.boot.restclient.RestTemplateBuilder;
import org.springframework.boot.restclient.autoconfigure.RestClientAutoConfiguration;
import org.springframework.boot.restclient.autoconfigure.RestTemplateAutoConfiguration;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.webclient.autoconfigure.WebClientAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.MapPropertySource;
import org.springframework.web.client.RestClient;
import org.springframework.web.reactive.function.client.WebClient;

/**
 * A redirect answered to a shadow call is followed only where the outbound policy lets the call
 * go, with every client library Boot can put behind {@code RestClient}, {@code RestTemplate} and
 * {@code WebClient}, and with a JDK {@code HttpClient} bean that follows redirects. The test
 * double (a destination shadow calls may reach) answers with a redirect to the live server; the
 * live server must receive nothing unless its own rule allows the call.
 */
class ShadowRedirectTests extends CollaboratorServers {

    static final ShadowContext SHADOW = ShadowContext.of(ShadowMode.SHADOW, MarkerSource.HEADER);

    /**
     * One way an application builds an HTTP client, with the client library Boot was told to use.
     */
    record Setup(
            String name,
            AutoConfigurations configurations,
            Map<String, Object> properties,
            Function<AssertableApplicationContext, Client> client,
            boolean followsWrites) {

        @Override
        public String toString() {
            return this.name;
        }
    }

    static Stream<Setup> clients() {
        List<Setup> setups = new ArrayList<>();
        AutoConfigurations restClient = AutoConfigurations.of(
                HttpMessageConvertersAutoConfiguration.class,
                ImperativeHttpClientAutoConfiguration.class,
                RestClientAutoConfiguration.class,
                RestTemplateAutoConfiguration.class);
        for (String factory : List.of("jdk", "http-components", "jetty", "reactor", "simple")) {
            Map<String, Object> properties = Map.of("spring.http.clients.imperative.factory", factory);
            boolean followsWrites = !factory.equals("jetty") && !factory.equals("simple");
            setups.add(new Setup(
                    "RestClient over " + factory,
                    restClient,
                    properties,
                    (context) -> RestClientShadowTests.client(
                            context.getBean(RestClient.Builder.class).build()),
                    followsWrites));
            setups.add(new Setup(
                    "RestTemplate over " + factory,
                    restClient,
                    properties,
                    (context) -> RestTemplateShadowTests.client(
                            context.getBean(RestTemplateBuilder.class).build()),
                    followsWrites));
        }
        AutoConfigurations webClient = AutoConfigurations.of(
                CodecsAutoConfiguration.class,
                ReactiveHttpClientAutoConfiguration.class,
                WebClientAutoConfiguration.class);
        for (String connector : List.of("reactor", "jdk")) {
            setups.add(new Setup(
                    "WebClient over " + connector,
                    webClient,
                    Map.of("spring.http.clients.reactive.connector", connector),
                    (context) -> WebClientShadowTests.client(
                            context.getBean(WebClient.Builder.class).build()),
                    true));
        }
        setups.add(new Setup(
                "JDK HttpClient bean",
                AutoConfigurations.of(ShadowHttpClientBeansAutoConfiguration.class, FollowingJdkClient.class),
                Map.of(),
                (context) -> JdkHttpClientBeanShadowTests.client(context.getBean(HttpClient.class)),
                true));
        return setups.stream();
    }

    static Stream<Arguments> clientsAndRedirects() {
        return clients()
                .flatMap((setup) -> Stream.of(
                        Arguments.of(setup, 307, "POST"),
                        Arguments.of(setup, 308, "POST"),
                        Arguments.of(setup, 301, "PUT"),
                        Arguments.of(setup, 302, "DELETE")));
    }

    @ParameterizedTest(name = "{0}: {1} after {2}")
    @MethodSource("clientsAndRedirects")
    void shadowWriteRedirectedToALiveServerIsBlockedAndTheLiveServerReceivesNothing(
            Setup setup, int status, String method) {
        String path = "/redirect/" + status;
        servers.redirectOnDouble(path, status, servers.liveUrl() + "/charges");
        run(setup, Map.of(rule(servers.doubleAuthority()), "propagate"), (context, client) -> {
            if (setup.followsWrites()) {
                assertThatExceptionOfType(ShadowBlockedException.class)
                        .isThrownBy(() -> inShadow(
                                () -> client.exchange(method, servers.doubleUrl() + path, Map.of(), "{\"amount\":5}")))
                        .satisfies((ex) -> assertThat(ex.getTarget())
                                .isEqualTo(
                                        Redirects.methodAfter(status, method) + " " + servers.liveUrl() + "/charges"));
            } else {
                Reply reply =
                        inShadow(() -> client.exchange(method, servers.doubleUrl() + path, Map.of(), "{\"amount\":5}"));
                assertThat(reply.status()).isEqualTo(status);
            }
            assertThat(servers.doubleRequests()).hasSize(1);
            assertThat(servers.liveRequests()).isEmpty();
        });
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("clients")
    void shadowReadRedirectedToABlockedDestinationIsBlockedAndTheLiveServerReceivesNothing(Setup setup) {
        servers.redirectOnDouble("/read", 302, servers.liveUrl() + "/prices");
        Map<String, Object> rules =
                Map.of(rule(servers.doubleAuthority()), "propagate", rule(servers.liveAuthority()), "block");
        run(setup, rules, (context, client) -> {
            assertThatExceptionOfType(ShadowBlockedException.class)
                    .isThrownBy(
                            () -> inShadow(() -> client.exchange("GET", servers.doubleUrl() + "/read", Map.of(), null)))
                    .satisfies((ex) -> assertThat(ex.getTarget()).isEqualTo("GET " + servers.liveUrl() + "/prices"));
            assertThat(servers.doubleRequests()).hasSize(1);
            assertThat(servers.liveRequests()).isEmpty();
        });
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("clients")
    void shadowWriteRedirectedToAnAllowedDestinationIsFollowedWithItsBodyAndTheMarker(Setup setup) {
        servers.redirectOnDouble("/moved", 307, servers.liveUrl() + "/charges?currency=EUR");
        Map<String, Object> rules =
                Map.of(rule(servers.doubleAuthority()), "propagate", rule(servers.liveAuthority()), "propagate");
        run(setup, rules, (context, client) -> {
            Reply reply = inShadow(() -> client.exchange(
                    "POST", servers.doubleUrl() + "/moved", Map.of("Content-Type", "application/json"), "{\"a\":1}"));
            if (!setup.followsWrites()) {
                assertThat(reply.status()).isEqualTo(307);
                assertThat(servers.liveRequests()).isEmpty();
                return;
            }
            assertThat(reply).isEqualTo(new Reply(200, "live"));
            LoggedRequest received = single(servers.liveRequests());
            assertThat(received.getMethod().getName()).isEqualTo("POST");
            assertThat(received.getUrl()).isEqualTo("/charges?currency=EUR");
            assertThat(received.getBodyAsString()).isEqualTo("{\"a\":1}");
            assertThat(received.getHeader("X-Shadow")).isEqualTo("shadow");
        });
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("clients")
    void seeOtherAfterAShadowPostIsFollowedAsAGetWithTheMarker(Setup setup) {
        servers.redirectOnDouble("/created", 303, servers.liveUrl() + "/orders/7");
        run(setup, Map.of(rule(servers.doubleAuthority()), "propagate"), (context, client) -> {
            Reply reply = inShadow(() -> client.exchange("POST", servers.doubleUrl() + "/created", Map.of(), "{}"));
            if (!setup.followsWrites()) {
                assertThat(reply.status()).isEqualTo(303);
                assertThat(servers.liveRequests()).isEmpty();
                return;
            }
            assertThat(reply).isEqualTo(new Reply(200, "live"));
            LoggedRequest received = single(servers.liveRequests());
            assertThat(received.getMethod().getName()).isEqualTo("GET");
            assertThat(received.getBodyAsString()).isEmpty();
            assertThat(received.getHeader("X-Shadow")).isEqualTo("shadow");
        });
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("clients")
    void liveTwinFollowsTheRedirectAsUsual(Setup setup) {
        servers.redirectOnDouble("/live-moved", 307, servers.liveUrl() + "/charges");
        // the Jetty client and HttpURLConnection follow the redirects of reads only
        String method = setup.followsWrites() ? "POST" : "GET";
        String body = setup.followsWrites() ? "{\"a\":1}" : null;
        run(setup, Map.of(), (context, client) -> {
            Reply reply = client.exchange(method, servers.doubleUrl() + "/live-moved", Map.of(), body);
            assertThat(reply).isEqualTo(new Reply(200, "live"));
            LoggedRequest received = single(servers.liveRequests());
            assertThat(received.getMethod().getName()).isEqualTo(method);
            assertThat(received.getBodyAsString()).isEqualTo((body != null) ? body : "");
            assertThat(received.containsHeader("X-Shadow")).isFalse();
        });
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("clients")
    void blockedRedirectIsCountedLikeAnyBlock(Setup setup) {
        servers.redirectOnDouble("/counted", 308, servers.liveUrl() + "/charges");
        Map<String, Object> properties = new LinkedHashMap<>(setup.properties());
        properties.put(rule(servers.doubleAuthority()), "propagate");
        properties.put(rule(servers.liveAuthority()), "block");
        new ApplicationContextRunner()
                .withConfiguration(
                        AutoConfigurations.of(ShadowAutoConfiguration.class, ShadowHttpClientAutoConfiguration.class))
                .withConfiguration(setup.configurations())
                .withBean(MeterRegistry.class, SimpleMeterRegistry::new)
                .withInitializer((context) -> context.getEnvironment()
                        .getPropertySources()
                        .addFirst(new MapPropertySource("scenario", properties)))
                .run((context) -> {
                    Client client = setup.client().apply(context);
                    assertThatExceptionOfType(ShadowBlockedException.class)
                            .isThrownBy(() -> inShadow(
                                    () -> client.exchange("GET", servers.doubleUrl() + "/counted", Map.of(), null)));
                    MeterRegistry registry = context.getBean(MeterRegistry.class);
                    assertThat(registry.get("shadow.outbound")
                                    .tag("channel", "http")
                                    .tag("action", "block")
                                    .counter()
                                    .count())
                            .isEqualTo(1);
                    assertThat(servers.liveRequests()).isEmpty();
                });
    }

    private static String rule(String authority) {
        return "shadow.http.destinations[" + authority + "].action";
    }

    private static void run(Setup setup, Map<String, Object> rules, Scenario scenario) {
        Map<String, Object> properties = new LinkedHashMap<>(setup.properties());
        properties.putAll(rules);
        new ApplicationContextRunner()
                .withConfiguration(
                        AutoConfigurations.of(ShadowAutoConfiguration.class, ShadowHttpClientAutoConfiguration.class))
                .withConfiguration(setup.configurations())
                .withInitializer((context) -> context.getEnvironment()
                        .getPropertySources()
                        .addFirst(new MapPropertySource("scenario", properties)))
                .run((context) -> {
                    assertThat(context).hasNotFailed();
                    scenario.run(context, setup.client().apply(context));
                });
    }

    interface Scenario {

        void run(AssertableApplicationContext context, Client client) throws Exception;
    }

    private static <T> T inShadow(java.util.function.Supplier<T> call) {
        return HttpClientShadowContract.inShadow(SHADOW, call);
    }

    private static LoggedRequest single(List<LoggedRequest> requests) {
        assertThat(requests).hasSize(1);
        return requests.get(0);
    }

    @Configuration(proxyBeanMethods = false)
    static class FollowingJdkClient {

        @Bean
        HttpClient httpClient() {
            return HttpClient.newBuilder()
                    .followRedirects(HttpClient.Redirect.NORMAL)
                    .build();
        }
    }
}
