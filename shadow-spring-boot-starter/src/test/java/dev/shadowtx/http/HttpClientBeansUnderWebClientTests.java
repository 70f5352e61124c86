package dev.shadowtx.http;

import static dev.shadowtx.http.OutboundRecords.counts;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import dev.shadowtx.autoconfigure.ShadowAutoConfiguration;
import dev.shadowtx.core.ShadowBlockedException;
import dev.shadowtx.http.HttpClientShadowContract.Client;
import dev.shadowtx.http.HttpClientShadowContract.Reply;
import dev.shadowtx.http.autoconfigure.ShadowHttpClientAutoConfiguration;
import dev.shadowtx.http.autoconfigure.ShadowHttpClientBeansAutoConfiguration;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.http.HttpClient;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;
import org.apache.hc.client5.http.impl.async.CloseableHttpAsyncClient;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.http.client.autoconfigure.reactive.ReactiveHttpClientAutoConfiguration;
import org.springframework.boot.http.codec.autoconfigure.CodecsAutoConfiguration;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.webclient.autoconfigure.WebClientAutoConfiguration;
import org.springframework.core.env.MapPropertySource;
import org.springframework.http.client.reactive.ClientHttpConnector;
import org.springframework.http.client.reactive.HttpComponentsClientHttpConnector;
import org.springframework.http.client.reactive.JdkClientHttpConnector;
import org.springframework.http.client.reactive.JettyClientHttpConnector;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.web.reactive.function.client.WebClient;

/**
 * An HTTP client bean (JDK, Apache HttpClient 5 async, Jetty, Reactor Netty) used under a
 * {@code WebClient} built from Boot's builder (Spring's connector over the bean): each shadow call
 * is decided once, by the filter, and the guard of the bean carries that decision out instead of
 * deciding the call again. One call, one count on {@code shadow.outbound}, one entry in the
 * decision log, and a rerouted write reaches the test double instead of being judged by the
 * double's own rule.
 */
class HttpClientBeansUnderWebClientTests extends DecidedOnceScenarios<HttpClientBeansUnderWebClientTests.ClientBean> {

    /**
     * A client bean of another library, the connector Spring offers over it, and the bean used
     * directly.
     */
    record ClientBean(
            String name,
            Class<?> configuration,
            Function<AssertableApplicationContext, ClientHttpConnector> connector,
            Function<AssertableApplicationContext, Client> direct) {

        @Override
        public String toString() {
            return "WebClient over a " + this.name + " bean";
        }
    }

    static Stream<ClientBean> subjects() {
        return Stream.of(
                new ClientBean(
                        "JDK HttpClient",
                        HttpClientBeansUnderSpringClientsTests.JdkClientBean.class,
                        (context) -> new JdkClientHttpConnector(context.getBean(HttpClient.class)),
                        (context) -> JdkHttpClientBeanShadowTests.client(context.getBean(HttpClient.class))),
                new ClientBean(
                        "Apache HttpClient 5 async",
                        ApacheAsyncHttpClientBeanShadowTests.ApacheAsyncConfiguration.class,
                        (context) ->
                                new HttpComponentsClientHttpConnector(context.getBean(CloseableHttpAsyncClient.class)),
                        (context) -> ApacheAsyncHttpClientBeanShadowTests.client(
                                context.getBean(CloseableHttpAsyncClient.class))),
                new ClientBean(
                        "Jetty HttpClient",
                        JettyHttpClientBeanShadowTests.JettyConfiguration.class,
                        (context) -> new JettyClientHttpConnector(
                                context.getBean(org.eclipse.jetty.client.HttpClient.class)),
                        (context) -> JettyHttpClientBeanShadowTests.client(
                                context.getBean(org.eclipse.jetty.client.HttpClient.class))),
                new ClientBean(
                        "Reactor Netty HttpClient",
                        ReactorNettyHttpClientBeanShadowTests.ReactorNettyConfiguration.class,
                        (context) -> new ReactorClientHttpConnector(
                                context.getBean(reactor.netty.http.client.HttpClient.class)),
                        (context) -> ReactorNettyHttpClientBeanShadowTests.client(
                                context.getBean(reactor.netty.http.client.HttpClient.class))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("subjects")
    void shadowReadToRerouteIsDecidedOnceAndReachesTheTestDouble(ClientBean bean) {
        run(bean, reroute(), (context, client) -> {
            assertThat(inShadow(() -> client.exchange("GET", servers.liveUrl() + "/prices?sku=7", Map.of(), null)))
                    .isEqualTo(new Reply(200, "double"));
            assertThat(servers.liveRequests()).isEmpty();
            assertThat(servers.doubleRequests()).singleElement().satisfies((received) -> {
                assertThat(received.getUrl()).isEqualTo("/mock/prices?sku=7");
                assertThat(received.getHeader("X-Shadow")).isEqualTo("shadow");
            });
            assertThat(counts(context)).isEqualTo(Map.of("reroute", 1.0));
        });
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("subjects")
    void shadowWriteWithAStubIsAnsweredOnceAndReachesNothing(ClientBean bean) {
        String live = "shadow.http.destinations[" + servers.liveAuthority() + "]";
        Map<String, Object> rules = Map.of(live + ".stub.status", "201", live + ".stub.body", "{\"id\":\"stub\"}");
        run(bean, rules, (context, client) -> {
            assertThat(inShadow(() -> client.exchange("POST", servers.liveUrl() + "/charges", Map.of(), "{}")))
                    .isEqualTo(new Reply(201, "{\"id\":\"stub\"}"));
            assertThat(servers.liveRequests()).isEmpty();
            assertThat(counts(context)).isEqualTo(Map.of("stub", 1.0));
        });
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("subjects")
    void directShadowCallOnTheBeanAfterAWebClientCallIsStillDecided(ClientBean bean) {
        run(bean, reroute(), (context, client) -> {
            inShadow(() -> client.exchange("POST", servers.liveUrl() + "/charges", Map.of(), "{}"));
            Client direct = bean.direct().apply(context);
            assertThatExceptionOfType(ShadowBlockedException.class)
                    .isThrownBy(() -> inShadow(
                            () -> direct.exchange("POST", servers.doubleUrl() + "/mock/charges", Map.of(), "{}")));
            assertThat(servers.liveRequests()).isEmpty();
            assertThat(servers.doubleRequests()).hasSize(1);
            assertThat(counts(context)).isEqualTo(Map.of("reroute", 1.0, "block", 1.0));
        });
    }

    @Override
    void run(ClientBean bean, Map<String, Object> rules, Scenario scenario) {
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(
                        ShadowAutoConfiguration.class,
                        ShadowHttpClientAutoConfiguration.class,
                        ShadowHttpClientBeansAutoConfiguration.class,
                        CodecsAutoConfiguration.class,
                        ReactiveHttpClientAutoConfiguration.class,
                        WebClientAutoConfiguration.class))
                .withUserConfiguration(bean.configuration())
                .withBean(MeterRegistry.class, SimpleMeterRegistry::new)
                .withInitializer((context) -> context.getEnvironment()
                        .getPropertySources()
                        .addFirst(new MapPropertySource("scenario", new LinkedHashMap<>(rules))))
                .run((context) -> {
                    assertThat(context).hasNotFailed();
                    WebClient webClient = context.getBean(WebClient.Builder.class)
                            .clientConnector(bean.connector().apply(context))
                            .build();
                    scenario.run(context, WebClientShadowTests.client(webClient));
                });
    }
}
