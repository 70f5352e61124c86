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
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;
import okhttp3.OkHttpClient;
import org.apache.hc.client5.http.impl.async.CloseableHttpAsyncClient;
import org.apache.hc.client5.http.impl.async.HttpAsyncClients;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.MapPropertySource;

/**
 * HTTP client beans of other libraries that follow redirects by themselves (OkHttp, Apache
 * HttpClient 5 classic and async, the JDK client, Jetty) follow the redirect of a shadow call only where
 * the rule of its destination lets the call go: a shadow write that an allowed test double
 * redirects to the live server reaches the live server only when the live server's rule
 * propagates it. Live calls follow redirects as the client does without shadowtx.
 */
class HttpClientBeanRedirectTests extends CollaboratorServers {

    static final ShadowContext SHADOW = ShadowContext.of(ShadowMode.SHADOW, MarkerSource.HEADER);

    /**
     * A client bean of one library, declared as an application declares it.
     */
    record Kind(
            String name,
            Class<?> configuration,
            Function<AssertableApplicationContext, Client> client,
            boolean reroutesRedirects,
            boolean rewritesMethods) {

        Kind(String name, Class<?> configuration, Function<AssertableApplicationContext, Client> client) {
            this(name, configuration, client, true, true);
        }

        /**
         * The method of the request that follows a redirect of a POST: Reactor Netty keeps POST on
         * 301 and 302 and its body on 303, the others rewrite as browsers do.
         */
        String methodAfter(int status) {
            return (this.rewritesMethods || status == 303) ? Redirects.methodAfter(status, "POST") : "POST";
        }

        @Override
        public String toString() {
            return this.name;
        }
    }

    static Stream<Kind> kinds() {
        return Stream.of(
                new Kind(
                        "OkHttp",
                        OkHttpBean.class,
                        (context) -> OkHttpClientBeanShadowTests.client(context.getBean(OkHttpClient.class))),
                new Kind(
                        "Apache HttpClient 5 classic",
                        ApacheBean.class,
                        (context) ->
                                ApacheHttpClientBeanShadowTests.client(context.getBean(CloseableHttpClient.class))),
                new Kind(
                        "Apache HttpClient 5 async",
                        ApacheAsyncBean.class,
                        (context) -> ApacheAsyncHttpClientBeanShadowTests.client(
                                context.getBean(CloseableHttpAsyncClient.class))),
                new Kind(
                        "JDK HttpClient",
                        ShadowRedirectTests.FollowingJdkClient.class,
                        (context) ->
                                JdkHttpClientBeanShadowTests.client(context.getBean(java.net.http.HttpClient.class))),
                new Kind(
                        "Jetty",
                        JettyHttpClientBeanShadowTests.JettyConfiguration.class,
                        (context) -> JettyHttpClientBeanShadowTests.client(
                                context.getBean(org.eclipse.jetty.client.HttpClient.class)),
                        false,
                        true),
                new Kind(
                        "Reactor Netty",
                        FollowingReactorNettyBean.class,
                        (context) -> ReactorNettyHttpClientBeanShadowTests.client(
                                context.getBean(reactor.netty.http.client.HttpClient.class)),
                        false,
                        false));
    }

    static Stream<Arguments> kindsAndRedirects() {
        List<Arguments> arguments = new ArrayList<>();
        kinds().forEach((kind) -> {
            for (int status : List.of(301, 302, 303, 307, 308)) {
                arguments.add(Arguments.of(kind, status));
            }
        });
        return arguments.stream();
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("kindsAndRedirects")
    void shadowPostRedirectedToABlockedLiveServerIsRefusedAndTheLiveServerReceivesNothing(Kind kind, int status) {
        String path = redirectToLive(status);
        Map<String, Object> rules =
                Map.of(rule(servers.doubleAuthority()), "propagate", rule(servers.liveAuthority()), "block");
        run(kind, rules, (client) -> {
            assertThatExceptionOfType(ShadowBlockedException.class)
                    .isThrownBy(() -> inShadow(() -> post(client, path)))
                    .satisfies((ex) -> assertThat(ex.getTarget())
                            .isEqualTo(kind.methodAfter(status) + " " + servers.liveUrl() + "/charges"));
            assertThat(servers.doubleRequests()).hasSize(1);
            assertThat(servers.liveRequests()).isEmpty();
        });
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("kindsAndRedirects")
    void shadowPostRedirectedToAStubbedLiveServerAnswersTheStubAndTheLiveServerReceivesNothing(Kind kind, int status) {
        String path = redirectToLive(status);
        String live = "shadow.http.destinations[" + servers.liveAuthority() + "]";
        Map<String, Object> rules = Map.of(
                rule(servers.doubleAuthority()),
                "propagate",
                live + ".action",
                "block",
                live + ".stub.status",
                "202",
                live + ".stub.body",
                "{\"id\":\"shadow\"}",
                live + ".stub.content-type",
                "application/json");
        run(kind, rules, (client) -> {
            if (kind.reroutesRedirects()) {
                assertThat(inShadow(() -> post(client, path))).isEqualTo(new Reply(202, "{\"id\":\"shadow\"}"));
            } else {
                assertThatExceptionOfType(ShadowBlockedException.class)
                        .isThrownBy(() -> inShadow(() -> post(client, path)));
            }
            assertThat(servers.doubleRequests()).hasSize(1);
            assertThat(servers.liveRequests()).isEmpty();
        });
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("kindsAndRedirects")
    void shadowPostRedirectedToAReroutedLiveServerReachesTheTestDoubleInstead(Kind kind, int status) {
        String path = redirectToLive(status);
        String live = "shadow.http.destinations[" + servers.liveAuthority() + "]";
        Map<String, Object> rules = Map.of(
                rule(servers.doubleAuthority()),
                "propagate",
                live + ".action",
                "reroute",
                live + ".url",
                servers.doubleUrl() + "/mock");
        run(kind, rules, (client) -> {
            if (!kind.reroutesRedirects()) {
                // the request that follows the redirect is sent by the client itself, on its own
                // thread, to a destination fixed already: a hop to reroute is refused
                assertThatExceptionOfType(ShadowBlockedException.class)
                        .isThrownBy(() -> inShadow(() -> post(client, path)));
                assertThat(servers.liveRequests()).isEmpty();
                assertThat(servers.doubleRequests()).hasSize(1);
                return;
            }
            assertThat(inShadow(() -> post(client, path))).isEqualTo(new Reply(200, "double"));
            assertThat(servers.liveRequests()).isEmpty();
            assertThat(servers.doubleRequests()).hasSize(2);
            LoggedRequest rerouted = servers.doubleRequests().stream()
                    .filter((request) -> request.getUrl().equals("/mock/charges"))
                    .findFirst()
                    .orElseThrow();
            assertFollowed(rerouted, status, kind);
        });
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("kindsAndRedirects")
    void shadowPostRedirectedToAPropagatedLiveServerReachesItWithTheMarker(Kind kind, int status) {
        String path = redirectToLive(status);
        Map<String, Object> rules =
                Map.of(rule(servers.doubleAuthority()), "propagate", rule(servers.liveAuthority()), "propagate");
        run(kind, rules, (client) -> {
            assertThat(inShadow(() -> post(client, path))).isEqualTo(new Reply(200, "live"));
            assertThat(servers.doubleRequests()).hasSize(1);
            assertThat(servers.liveRequests()).singleElement().satisfies((received) -> {
                assertThat(received.getUrl()).isEqualTo("/charges");
                assertFollowed(received, status, kind);
            });
        });
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("kindsAndRedirects")
    void liveTwinFollowsTheRedirectToTheLiveServerWithoutTheMarker(Kind kind, int status) {
        String path = redirectToLive(status);
        run(kind, Map.of(), (client) -> {
            assertThat(post(client, path)).isEqualTo(new Reply(200, "live"));
            assertThat(servers.liveRequests()).singleElement().satisfies((received) -> {
                assertThat(received.getUrl()).isEqualTo("/charges");
                assertThat(received.getMethod().getName()).isEqualTo(kind.methodAfter(status));
                assertThat(received.containsHeader("X-Shadow")).isFalse();
            });
        });
    }

    private static void assertFollowed(LoggedRequest received, int status, Kind kind) {
        String method = kind.methodAfter(status);
        assertThat(received.getMethod().getName()).isEqualTo(method);
        if (kind.rewritesMethods() || method.equals("POST")) {
            assertThat(received.getBodyAsString()).isEqualTo(method.equals("POST") ? "{\"amount\":5}" : "");
        }
        assertThat(received.getHeader("X-Shadow")).isEqualTo("shadow");
    }

    private static String redirectToLive(int status) {
        String path = "/redirect/" + status;
        servers.redirectOnDouble(path, status, servers.liveUrl() + "/charges");
        return path;
    }

    private static Reply post(Client client, String path) {
        return client.exchange(
                "POST", servers.doubleUrl() + path, Map.of("Content-Type", "application/json"), "{\"amount\":5}");
    }

    private static String rule(String authority) {
        return "shadow.http.destinations[" + authority + "].action";
    }

    private static void run(Kind kind, Map<String, Object> rules, HttpClientShadowContract.ClientScenario scenario) {
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(
                        ShadowAutoConfiguration.class,
                        ShadowHttpClientAutoConfiguration.class,
                        ShadowHttpClientBeansAutoConfiguration.class))
                .withUserConfiguration(kind.configuration())
                .withInitializer((context) -> context.getEnvironment()
                        .getPropertySources()
                        .addFirst(new MapPropertySource("scenario", new LinkedHashMap<>(rules))))
                .run((context) -> {
                    assertThat(context).hasNotFailed();
                    scenario.run(kind.client().apply(context));
                });
    }

    private static <T> T inShadow(java.util.function.Supplier<T> call) {
        return HttpClientShadowContract.inShadow(SHADOW, call);
    }

    @Configuration(proxyBeanMethods = false)
    static class OkHttpBean {

        @Bean
        OkHttpClient vendorClient() {
            return new OkHttpClient();
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class ApacheBean {

        @Bean(destroyMethod = "close")
        CloseableHttpClient vendorClient() {
            return HttpClients.createDefault();
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class ApacheAsyncBean {

        @Bean(destroyMethod = "close")
        CloseableHttpAsyncClient vendorAsyncClient() {
            CloseableHttpAsyncClient client = HttpAsyncClients.createDefault();
            client.start();
            return client;
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class FollowingReactorNettyBean {

        @Bean
        reactor.netty.http.client.HttpClient vendorNettyClient() {
            return reactor.netty.http.client.HttpClient.create().followRedirect(true);
        }
    }
}
