package dev.shadowtx.http;

import static dev.shadowtx.http.OutboundRecords.counts;
import static dev.shadowtx.http.OutboundRecords.decisions;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient.Redirect;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Stream;
import org.apache.hc.client5.http.impl.async.CloseableHttpAsyncClient;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.core.env.MapPropertySource;
import org.springframework.http.HttpMethod;
import org.springframework.http.client.ClientHttpRequest;
import org.springframework.http.client.ClientHttpRequestFactory;
import org.springframework.http.client.HttpComponentsClientHttpRequestFactory;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.http.client.JettyClientHttpRequestFactory;
import org.springframework.http.client.ReactorClientHttpRequestFactory;
import org.springframework.http.client.SimpleClientHttpRequestFactory;
import org.springframework.http.client.reactive.HttpComponentsClientHttpConnector;
import org.springframework.http.client.reactive.JdkClientHttpConnector;
import org.springframework.http.client.reactive.JettyClientHttpConnector;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestTemplate;
import org.springframework.web.reactive.function.client.WebClient;

/**
 * {@code RestTemplate}, {@code RestClient} and {@code WebClient} beans built by hand over a request
 * factory or connector whose client library follows redirects by itself follow the redirect of a
 * shadow call only where the rule of its destination lets the call go. The test double (a
 * destination shadow calls may reach) answers with a redirect to the live server; what each server
 * received is the assertion. Live calls follow redirects as the client does without shadowtx. A
 * client over a factory or connector the library does not know sends no shadow call at all.
 */
class HandBuiltClientRedirectTests extends CollaboratorServers {

    static final ShadowContext SHADOW = ShadowContext.of(ShadowMode.SHADOW, MarkerSource.HEADER);

    static final List<Integer> REDIRECTS = List.of(301, 302, 303, 307, 308);

    /**
     * A client bean built by hand, as an application declares it.
     *
     * @param followsWrites whether its library follows the redirects of a {@code POST}
     * ({@code HttpURLConnection} and Jetty follow those of {@code GET} and {@code HEAD} only)
     * @param notFollowedLive the redirects its library does not follow in a live call, as
     * {@code "GET 308"} ({@code HttpURLConnection} knows no {@code 308}; Apache HttpClient 5 under
     * {@code WebClient} cannot send a {@code POST} body again)
     */
    record Kind(
            String name,
            Class<?> configuration,
            Function<AssertableApplicationContext, Client> client,
            boolean followsWrites,
            Set<String> notFollowedLive) {

        Kind(
                String name,
                Class<?> configuration,
                Function<AssertableApplicationContext, Client> client,
                boolean followsWrites) {
            this(name, configuration, client, followsWrites, Set.of());
        }

        @Override
        public String toString() {
            return this.name;
        }
    }

    static Stream<Kind> beans() {
        return Stream.of(
                new Kind(
                        "new RestTemplate()",
                        NewRestTemplate.class,
                        HandBuiltClientRedirectTests::restTemplate,
                        false,
                        Set.of("GET 308")),
                new Kind(
                        "new RestTemplate(new HttpComponentsClientHttpRequestFactory())",
                        ApacheRestTemplate.class,
                        HandBuiltClientRedirectTests::restTemplate,
                        true),
                new Kind(
                        "new RestTemplate(new JettyClientHttpRequestFactory())",
                        JettyRestTemplate.class,
                        HandBuiltClientRedirectTests::restTemplate,
                        false),
                new Kind(
                        "RestClient.create() with Apache HttpClient 5 present",
                        CreatedRestClient.class,
                        HandBuiltClientRedirectTests::restClient,
                        true),
                new Kind(
                        "RestClient over SimpleClientHttpRequestFactory",
                        SimpleRestClient.class,
                        HandBuiltClientRedirectTests::restClient,
                        false,
                        Set.of("GET 308")),
                new Kind(
                        "RestClient over a JDK HttpClient following redirects",
                        JdkRestClient.class,
                        HandBuiltClientRedirectTests::restClient,
                        true),
                new Kind(
                        "RestClient over Reactor Netty followRedirect(true)",
                        ReactorRestClient.class,
                        HandBuiltClientRedirectTests::restClient,
                        true),
                new Kind(
                        "RestClient.Builder bean over Apache HttpClient 5",
                        ApacheRestClientBuilder.class,
                        (context) -> RestClientShadowTests.client(
                                context.getBean(RestClient.Builder.class).build()),
                        true),
                new Kind(
                        "WebClient over JdkClientHttpConnector following redirects",
                        JdkWebClient.class,
                        HandBuiltClientRedirectTests::webClient,
                        true),
                new Kind(
                        "WebClient over Reactor Netty followRedirect(true)",
                        ReactorWebClient.class,
                        HandBuiltClientRedirectTests::webClient,
                        true),
                new Kind(
                        "WebClient over HttpComponentsClientHttpConnector",
                        ApacheWebClient.class,
                        HandBuiltClientRedirectTests::webClient,
                        true,
                        Set.of("POST 307", "POST 308")),
                new Kind(
                        "WebClient.Builder bean over Reactor Netty followRedirect(true)",
                        ReactorWebClientBuilder.class,
                        (context) -> WebClientShadowTests.client(
                                context.getBean(WebClient.Builder.class).build()),
                        true));
    }

    static Stream<Kind> kinds() {
        return Stream.concat(beans(), BuilderFactories.kinds());
    }

    static Stream<Arguments> kindsAndRules() {
        List<Arguments> arguments = new ArrayList<>();
        kinds().forEach((kind) -> {
            for (String rule : List.of("block", "stub", "reroute", "propagate")) {
                arguments.add(Arguments.of(kind, rule));
            }
        });
        return arguments.stream();
    }

    @ParameterizedTest(name = "{0}: live server's rule {1}")
    @MethodSource("kindsAndRules")
    void shadowCallRedirectedToTheLiveServerGoesOnlyWhereTheLiveServersRuleLetsIt(Kind kind, String rule) {
        run(kind, rules(rule), (context, client) -> {
            for (int status : REDIRECTS) {
                String path = redirectToLive(status);
                for (String method : List.of("GET", "POST")) {
                    servers.reset();
                    String described = method + " answered " + status;
                    String url = servers.doubleUrl() + path;
                    if (method.equals("POST") && !kind.followsWrites()) {
                        assertThat(inShadow(() -> send(client, method, url)).status())
                                .as(described)
                                .isEqualTo(status);
                        assertThat(servers.liveRequests()).as(described).isEmpty();
                        continue;
                    }
                    String next = Redirects.methodAfter(status, method);
                    switch (rule) {
                        case "block" -> {
                            assertThatExceptionOfType(ShadowBlockedException.class)
                                    .as(described)
                                    .isThrownBy(() -> inShadow(() -> send(client, method, url)))
                                    .satisfies((ex) -> assertThat(ex.getTarget())
                                            .isEqualTo(next + " " + servers.liveUrl() + "/charges"));
                            assertThat(servers.doubleRequests()).as(described).hasSize(1);
                        }
                        case "stub" -> {
                            assertThat(inShadow(() -> send(client, method, url)))
                                    .as(described)
                                    .isEqualTo(new Reply(202, "{\"id\":\"shadow\"}"));
                            assertThat(servers.doubleRequests()).as(described).hasSize(1);
                        }
                        case "reroute" -> {
                            assertThat(inShadow(() -> send(client, method, url)))
                                    .as(described)
                                    .isEqualTo(new Reply(200, "double"));
                            LoggedRequest rerouted = servers.doubleRequests().stream()
                                    .filter((request) -> request.getUrl().equals("/mock/charges"))
                                    .findFirst()
                                    .orElseThrow();
                            assertFollowed(rerouted, next, described);
                        }
                        default -> {
                            assertThat(inShadow(() -> send(client, method, url)))
                                    .as(described)
                                    .isEqualTo(new Reply(200, "live"));
                            assertThat(servers.liveRequests()).as(described).singleElement();
                            assertFollowed(servers.liveRequests().get(0), next, described);
                            continue;
                        }
                    }
                    assertThat(servers.liveRequests()).as(described).isEmpty();
                }
            }
        });
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kinds")
    void liveTwinFollowsTheRedirectToTheLiveServerWithoutTheMarker(Kind kind) {
        run(kind, Map.of(), (context, client) -> {
            for (int status : REDIRECTS) {
                String path = redirectToLive(status);
                List<String> methods =
                        (kind.followsWrites() && status >= 307) ? List.of("GET", "POST") : List.of("GET");
                for (String method : methods) {
                    servers.reset();
                    String described = method + " answered " + status;
                    if (kind.notFollowedLive().contains(method + " " + status)) {
                        continue;
                    }
                    assertThat(send(client, method, servers.doubleUrl() + path))
                            .as(described)
                            .isEqualTo(new Reply(200, "live"));
                    assertThat(servers.liveRequests())
                            .as(described)
                            .singleElement()
                            .satisfies((received) -> {
                                assertThat(received.getMethod().getName()).isEqualTo(method);
                                assertThat(received.containsHeader("X-Shadow")).isFalse();
                            });
                }
            }
            assertThat(counts(context)).isEmpty();
        });
    }

    static Stream<Kind> counted() {
        return kinds().filter((kind) -> kind.configuration() == ApacheRestTemplate.class
                || kind.name().startsWith("Boot's RestClient.Builder")
                || kind.name().startsWith("Boot's WebClient.Builder")
                || kind.name().startsWith("RestClient.create(template)"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("counted")
    void redirectOfAHandBuiltClientIsCountedOnceLikeAnyDecision(Kind kind) {
        run(kind, rules("block"), (context, client) -> {
            String path = redirectToLive(307);
            assertThatExceptionOfType(ShadowBlockedException.class)
                    .isThrownBy(() -> inShadow(() -> send(client, "POST", servers.doubleUrl() + path)));
            assertThat(counts(context)).isEqualTo(Map.of("block", 1.0, "propagate", 1.0));
            assertThat(decisions(context))
                    .containsExactly(
                            "propagate POST " + servers.doubleUrl() + path,
                            "block redirect to POST " + servers.liveUrl() + "/charges");
            assertThat(servers.liveRequests()).isEmpty();
        });
    }

    static Stream<Kind> notKnown() {
        return Stream.concat(
                Stream.of(
                        new Kind(
                                "RestTemplate over the application's own request factory",
                                OwnFactoryRestTemplate.class,
                                HandBuiltClientRedirectTests::restTemplate,
                                false),
                        new Kind(
                                "WebClient over JettyClientHttpConnector of a client that is no bean",
                                JettyWebClient.class,
                                HandBuiltClientRedirectTests::webClient,
                                false)),
                BuilderFactories.notKnown());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("notKnown")
    void clientOverAFactoryOrConnectorNotKnownSendsNoShadowCallAndItsLiveTwinGoesOut(Kind kind) {
        String stubbed = "shadow.http.destinations[" + servers.liveAuthority() + "].stub.status";
        run(
                kind,
                Map.of(rule(servers.doubleAuthority()) + ".action", "propagate", stubbed, "202"),
                (context, client) -> {
                    String path = redirectToLive(302);
                    assertThatExceptionOfType(ShadowBlockedException.class)
                            .isThrownBy(() -> inShadow(() -> send(client, "GET", servers.doubleUrl() + path)));
                    assertThatExceptionOfType(ShadowBlockedException.class)
                            .isThrownBy(() -> inShadow(() -> send(client, "GET", servers.doubleUrl() + "/prices")));
                    assertThat(inShadow(() -> send(client, "POST", servers.liveUrl() + "/charges"))
                                    .status())
                            .isEqualTo(202);
                    assertThat(servers.doubleRequests()).isEmpty();
                    assertThat(servers.liveRequests()).isEmpty();
                    assertThat(counts(context)).isEqualTo(Map.of("block", 2.0, "stub", 1.0));
                    assertThat(decisions(context))
                            .first()
                            .asString()
                            .startsWith("block GET " + servers.doubleUrl() + path + " (refused: its ")
                            .endsWith(" may follow redirects that the shadow policy cannot decide)");

                    assertThat(send(client, "GET", servers.doubleUrl() + "/prices"))
                            .isEqualTo(new Reply(200, "double"));
                    assertThat(send(client, "POST", servers.liveUrl() + "/charges"))
                            .isEqualTo(new Reply(200, "live"));
                    assertThat(servers.liveRequests())
                            .singleElement()
                            .satisfies((received) -> assertThat(received.containsHeader("X-Shadow"))
                                    .isFalse());
                });
    }

    /**
     * A client built by hand over an HTTP client bean: the bean's guard decides each redirect.
     */
    static Stream<Kind> overClientBeans() {
        return Stream.of(
                new Kind(
                        "RestTemplate over a JDK HttpClient bean",
                        JdkBeanRestTemplate.class,
                        HandBuiltClientRedirectTests::restTemplate,
                        true),
                new Kind(
                        "RestClient over an Apache HttpClient 5 bean",
                        ApacheBeanRestClient.class,
                        HandBuiltClientRedirectTests::restClient,
                        true),
                new Kind(
                        "RestTemplate over a Jetty HttpClient bean",
                        JettyBeanRestTemplate.class,
                        HandBuiltClientRedirectTests::restTemplate,
                        false),
                new Kind(
                        "RestClient over a Reactor Netty HttpClient bean",
                        ReactorBeanRestClient.class,
                        HandBuiltClientRedirectTests::restClient,
                        true),
                new Kind(
                        "WebClient over a JDK HttpClient bean",
                        JdkBeanWebClient.class,
                        HandBuiltClientRedirectTests::webClient,
                        true),
                new Kind(
                        "WebClient over an Apache HttpClient 5 async bean",
                        ApacheAsyncBeanWebClient.class,
                        HandBuiltClientRedirectTests::webClient,
                        true),
                new Kind(
                        "WebClient over a Jetty HttpClient bean",
                        JettyBeanWebClient.class,
                        HandBuiltClientRedirectTests::webClient,
                        false),
                new Kind(
                        "WebClient over a Reactor Netty HttpClient bean",
                        ReactorBeanWebClient.class,
                        HandBuiltClientRedirectTests::webClient,
                        true));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("overClientBeans")
    void clientOverAClientBeanDecidesEachHopOnce(Kind kind) {
        Map<String, Object> rules = Map.of(
                rule(servers.doubleAuthority()) + ".action",
                "propagate",
                rule(servers.liveAuthority()) + ".action",
                "propagate");
        runOverBeans(kind, rules, (context, client) -> {
            String path = redirectToLive(302);
            assertThat(inShadow(() -> send(client, "GET", servers.doubleUrl() + path)))
                    .isEqualTo(new Reply(200, "live"));
            assertThat(servers.liveRequests())
                    .singleElement()
                    .satisfies((received) ->
                            assertThat(received.getHeader("X-Shadow")).isEqualTo("shadow"));
            assertThat(counts(context)).isEqualTo(Map.of("propagate", 2.0));
        });
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("overClientBeans")
    void clientOverAClientBeanBlocksAHopToABlockedDestinationOnce(Kind kind) {
        Map<String, Object> rules = Map.of(
                rule(servers.doubleAuthority()) + ".action",
                "propagate",
                rule(servers.liveAuthority()) + ".action",
                "block");
        runOverBeans(kind, rules, (context, client) -> {
            String path = redirectToLive(302);
            // a Reactor Netty bean under a RestClient reports the refused hop as an I/O error
            assertThatThrownBy(() -> inShadow(() -> send(client, "GET", servers.doubleUrl() + path)))
                    .satisfies((ex) -> assertThat(Stream.iterate(ex, Objects::nonNull, Throwable::getCause))
                            .anyMatch(ShadowBlockedException.class::isInstance));
            assertThat(servers.liveRequests()).isEmpty();
            assertThat(counts(context)).isEqualTo(Map.of("block", 1.0, "propagate", 1.0));
        });
    }

    private static Map<String, Object> rules(String liveRule) {
        Map<String, Object> rules = new LinkedHashMap<>();
        rules.put(rule(servers.doubleAuthority()) + ".action", "propagate");
        String live = rule(servers.liveAuthority());
        switch (liveRule) {
            case "stub" -> {
                rules.put(live + ".action", "block");
                rules.put(live + ".stub.status", "202");
                rules.put(live + ".stub.body", "{\"id\":\"shadow\"}");
                rules.put(live + ".stub.content-type", "application/json");
            }
            case "reroute" -> {
                rules.put(live + ".action", "reroute");
                rules.put(live + ".url", servers.doubleUrl() + "/mock");
            }
            default -> rules.put(live + ".action", liveRule);
        }
        return rules;
    }

    private static void assertFollowed(LoggedRequest received, String method, String described) {
        assertThat(received.getMethod().getName()).as(described).isEqualTo(method);
        assertThat(received.getBodyAsString()).as(described).isEqualTo(method.equals("POST") ? "{\"amount\":5}" : "");
        assertThat(received.getHeader("X-Shadow")).as(described).isEqualTo("shadow");
    }

    private static String redirectToLive(int status) {
        String path = "/redirect/" + status;
        servers.redirectOnDouble(path, status, servers.liveUrl() + "/charges");
        return path;
    }

    static Reply send(Client client, String method, String url) {
        return method.equals("POST")
                ? client.exchange(method, url, Map.of("Content-Type", "application/json"), "{\"amount\":5}")
                : client.exchange(method, url, Map.of(), null);
    }

    private static String rule(String authority) {
        return "shadow.http.destinations[" + authority + "]";
    }

    static Client restTemplate(AssertableApplicationContext context) {
        return RestTemplateShadowTests.client(context.getBean(RestTemplate.class));
    }

    static Client restClient(AssertableApplicationContext context) {
        return RestClientShadowTests.client(context.getBean(RestClient.class));
    }

    static Client webClient(AssertableApplicationContext context) {
        return WebClientShadowTests.client(context.getBean(WebClient.class));
    }

    static void run(Kind kind, Map<String, Object> rules, ClientScenario scenario) {
        run(
                AutoConfigurations.of(ShadowAutoConfiguration.class, ShadowHttpClientAutoConfiguration.class),
                kind,
                rules,
                scenario);
    }

    static void runOverBeans(Kind kind, Map<String, Object> rules, ClientScenario scenario) {
        run(
                AutoConfigurations.of(
                        ShadowAutoConfiguration.class,
                        ShadowHttpClientAutoConfiguration.class,
                        ShadowHttpClientBeansAutoConfiguration.class),
                kind,
                rules,
                scenario);
    }

    private static void run(
            AutoConfigurations configurations, Kind kind, Map<String, Object> rules, ClientScenario scenario) {
        new ApplicationContextRunner()
                .withConfiguration(configurations)
                .withUserConfiguration(kind.configuration())
                .withBean(MeterRegistry.class, SimpleMeterRegistry::new)
                .withInitializer((context) -> context.getEnvironment()
                        .getPropertySources()
                        .addFirst(new MapPropertySource("scenario", new LinkedHashMap<>(rules))))
                .run((context) -> {
                    assertThat(context).hasNotFailed();
                    scenario.run(context, kind.client().apply(context));
                });
    }

    interface ClientScenario {

        void run(AssertableApplicationContext context, Client client) throws Exception;
    }

    static <T> T inShadow(java.util.function.Supplier<T> call) {
        return HttpClientShadowContract.inShadow(SHADOW, call);
    }

    static java.net.http.HttpClient followingJdkClient() {
        return java.net.http.HttpClient.newBuilder()
                .followRedirects(Redirect.NORMAL)
                .build();
    }

    @Configuration(proxyBeanMethods = false)
    static class NewRestTemplate {

        @Bean
        RestTemplate legacyTemplate() {
            return new RestTemplate();
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class ApacheRestTemplate {

        @Bean
        RestTemplate apacheTemplate() {
            return new RestTemplate(new HttpComponentsClientHttpRequestFactory());
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class JettyRestTemplate {

        @Bean
        RestTemplate jettyTemplate() {
            return new RestTemplate(new JettyClientHttpRequestFactory());
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class CreatedRestClient {

        @Bean
        RestClient createdRestClient() {
            return RestClient.create();
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class SimpleRestClient {

        @Bean
        RestClient simpleRestClient() {
            return RestClient.builder()
                    .requestFactory(new SimpleClientHttpRequestFactory())
                    .build();
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class JdkRestClient {

        @Bean
        RestClient jdkRestClient() {
            JdkClientHttpRequestFactory factory = new JdkClientHttpRequestFactory(followingJdkClient());
            factory.setReadTimeout(java.time.Duration.ofSeconds(20));
            return RestClient.builder().requestFactory(factory).build();
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class ReactorRestClient {

        @Bean
        RestClient reactorRestClient() {
            return RestClient.builder()
                    .requestFactory(new ReactorClientHttpRequestFactory(
                            reactor.netty.http.client.HttpClient.create().followRedirect(true)))
                    .build();
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class ApacheRestClientBuilder {

        @Bean
        RestClient.Builder apacheRestClientBuilder() {
            return RestClient.builder().requestFactory(new HttpComponentsClientHttpRequestFactory());
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class JdkWebClient {

        @Bean
        WebClient jdkWebClient() {
            return WebClient.builder()
                    .clientConnector(new JdkClientHttpConnector(followingJdkClient()))
                    .build();
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class ReactorWebClient {

        @Bean
        WebClient reactorWebClient() {
            return WebClient.builder()
                    .clientConnector(new ReactorClientHttpConnector(
                            reactor.netty.http.client.HttpClient.create().followRedirect(true)))
                    .build();
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class ApacheWebClient {

        @Bean
        WebClient apacheWebClient() {
            return WebClient.builder()
                    .clientConnector(new HttpComponentsClientHttpConnector())
                    .build();
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class ReactorWebClientBuilder {

        @Bean
        WebClient.Builder reactorWebClientBuilder() {
            return WebClient.builder()
                    .clientConnector(new ReactorClientHttpConnector(
                            reactor.netty.http.client.HttpClient.create().followRedirect(true)));
        }
    }

    /**
     * A Jetty client that is no bean under a {@code WebClient}: its connector cannot be told not to
     * follow redirects.
     */
    @Configuration(proxyBeanMethods = false)
    static class JettyWebClient {

        @Bean
        WebClient jettyWebClient() {
            return WebClient.builder()
                    .clientConnector(new JettyClientHttpConnector())
                    .build();
        }
    }

    /**
     * A request factory of the application's own, over {@code HttpURLConnection}.
     */
    static final class OwnFactory implements ClientHttpRequestFactory {

        private final SimpleClientHttpRequestFactory delegate = new SimpleClientHttpRequestFactory();

        @Override
        public ClientHttpRequest createRequest(URI uri, HttpMethod httpMethod) throws IOException {
            return this.delegate.createRequest(uri, httpMethod);
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class OwnFactoryRestTemplate {

        @Bean
        RestTemplate ownFactoryTemplate() {
            return new RestTemplate(new OwnFactory());
        }
    }

    @Configuration(proxyBeanMethods = false)
    @Import(ShadowRedirectTests.FollowingJdkClient.class)
    static class JdkBeanRestTemplate {

        @Bean
        RestTemplate jdkBeanTemplate(java.net.http.HttpClient client) {
            return new RestTemplate(new JdkClientHttpRequestFactory(client));
        }
    }

    @Configuration(proxyBeanMethods = false)
    @Import(HttpClientBeanRedirectTests.ApacheBean.class)
    static class ApacheBeanRestClient {

        @Bean
        RestClient apacheBeanRestClient(CloseableHttpClient client) {
            return RestClient.builder()
                    .requestFactory(new HttpComponentsClientHttpRequestFactory(client))
                    .build();
        }
    }

    @Configuration(proxyBeanMethods = false)
    @Import(JettyHttpClientBeanShadowTests.JettyConfiguration.class)
    static class JettyBeanRestTemplate {

        @Bean
        RestTemplate jettyBeanTemplate(org.eclipse.jetty.client.HttpClient client) {
            return new RestTemplate(new JettyClientHttpRequestFactory(client));
        }
    }

    @Configuration(proxyBeanMethods = false)
    @Import(HttpClientBeanRedirectTests.FollowingReactorNettyBean.class)
    static class ReactorBeanRestClient {

        @Bean
        RestClient reactorBeanRestClient(reactor.netty.http.client.HttpClient client) {
            return RestClient.builder()
                    .requestFactory(new ReactorClientHttpRequestFactory(client))
                    .build();
        }
    }

    @Configuration(proxyBeanMethods = false)
    @Import(ShadowRedirectTests.FollowingJdkClient.class)
    static class JdkBeanWebClient {

        @Bean
        WebClient jdkBeanWebClient(java.net.http.HttpClient client) {
            return WebClient.builder()
                    .clientConnector(new JdkClientHttpConnector(client))
                    .build();
        }
    }

    @Configuration(proxyBeanMethods = false)
    @Import(HttpClientBeanRedirectTests.ApacheAsyncBean.class)
    static class ApacheAsyncBeanWebClient {

        @Bean
        WebClient apacheAsyncBeanWebClient(CloseableHttpAsyncClient client) {
            return WebClient.builder()
                    .clientConnector(new HttpComponentsClientHttpConnector(client))
                    .build();
        }
    }

    @Configuration(proxyBeanMethods = false)
    @Import(JettyHttpClientBeanShadowTests.JettyConfiguration.class)
    static class JettyBeanWebClient {

        @Bean
        WebClient jettyBeanWebClient(org.eclipse.jetty.client.HttpClient client) {
            return WebClient.builder()
                    .clientConnector(new JettyClientHttpConnector(client))
                    .build();
        }
    }

    @Configuration(proxyBeanMethods = false)
    @Import(HttpClientBeanRedirectTests.FollowingReactorNettyBean.class)
    static class ReactorBeanWebClient {

        @Bean
        WebClient reactorBeanWebClient(reactor.netty.http.client.HttpClient client) {
            return WebClient.builder()
                    .clientConnector(new ReactorClientHttpConnector(client))
                    .build();
        }
    }
}
