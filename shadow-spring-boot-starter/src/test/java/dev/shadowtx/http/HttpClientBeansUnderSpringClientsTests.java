package dev.shadowtx.http;

import static dev.shadowtx.http.OutboundRecords.counts;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import dev.shadowtx.autoconfigure.ShadowAutoConfiguration;
import dev.shadowtx.core.ShadowBlockedException;
import dev.shadowtx.http.HttpClientShadowContract.Client;
import dev.shadowtx.http.autoconfigure.ShadowHttpClientAutoConfiguration;
import dev.shadowtx.http.autoconfigure.ShadowHttpClientBeansAutoConfiguration;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.http.HttpClient;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.http.client.autoconfigure.imperative.ImperativeHttpClientAutoConfiguration;
import org.springframework.boot.http.converter.autoconfigure.HttpMessageConvertersAutoConfiguration;
import org.springframework.boot.restclient.RestTemplateBuilder;
import org.springframework.boot.restclient.autoconfigure.RestClientAutoConfiguration;
import org.springframework.boot.restclient.autoconfigure.RestTemplateAutoConfiguration;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.MapPropertySource;
import org.springframework.http.client.ClientHttpRequestFactory;
import org.springframework.http.client.HttpComponentsClientHttpRequestFactory;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.http.client.JettyClientHttpRequestFactory;
import org.springframework.http.client.ReactorClientHttpRequestFactory;
import org.springframework.web.client.RestClient;

/**
 * An HTTP client bean (JDK, Apache HttpClient 5, Jetty) used under a {@code RestClient} or
 * {@code RestTemplate} built from Boot's builder (Spring's request factory over the bean): each
 * shadow call is decided once, by the interceptor, and the guard of the bean carries that decision
 * out instead of deciding the call again. One call, one count on {@code shadow.outbound}, one entry in the decision log, and
 * a rerouted write reaches the test double instead of being blocked by the double's own rule.
 */
class HttpClientBeansUnderSpringClientsTests
        extends DecidedOnceScenarios<HttpClientBeansUnderSpringClientsTests.Spring> {

    /**
     * A client bean of another library, and the request factory Spring offers over it.
     */
    record ClientBean(
            String name,
            Class<?> configuration,
            Function<AssertableApplicationContext, ClientHttpRequestFactory> factory,
            Function<AssertableApplicationContext, Client> direct) {}

    /**
     * A Spring client built from Boot's builder over the request factory of a client bean.
     */
    record Spring(String name, ClientBean bean, Function<AssertableApplicationContext, Client> client) {

        @Override
        public String toString() {
            return this.name + " over a " + this.bean.name() + " bean";
        }
    }

    static Stream<Spring> subjects() {
        List<ClientBean> beans = List.of(
                new ClientBean(
                        "JDK HttpClient",
                        JdkClientBean.class,
                        (context) -> new JdkClientHttpRequestFactory(context.getBean(HttpClient.class)),
                        (context) -> JdkHttpClientBeanShadowTests.client(context.getBean(HttpClient.class))),
                new ClientBean(
                        "Apache HttpClient 5",
                        ApacheHttpClientBeanShadowTests.ApacheConfiguration.class,
                        (context) ->
                                new HttpComponentsClientHttpRequestFactory(context.getBean(CloseableHttpClient.class)),
                        (context) ->
                                ApacheHttpClientBeanShadowTests.client(context.getBean(CloseableHttpClient.class))),
                new ClientBean(
                        "Reactor Netty HttpClient",
                        ReactorNettyHttpClientBeanShadowTests.ReactorNettyConfiguration.class,
                        (context) -> new ReactorClientHttpRequestFactory(
                                context.getBean(reactor.netty.http.client.HttpClient.class)),
                        (context) -> ReactorNettyHttpClientBeanShadowTests.client(
                                context.getBean(reactor.netty.http.client.HttpClient.class))),
                new ClientBean(
                        "Jetty HttpClient",
                        JettyHttpClientBeanShadowTests.JettyConfiguration.class,
                        (context) -> new JettyClientHttpRequestFactory(
                                context.getBean(org.eclipse.jetty.client.HttpClient.class)),
                        (context) -> JettyHttpClientBeanShadowTests.client(
                                context.getBean(org.eclipse.jetty.client.HttpClient.class))));
        return beans.stream()
                .flatMap((bean) -> Stream.of(
                        new Spring(
                                "RestClient",
                                bean,
                                (context) -> RestClientShadowTests.client(context.getBean(RestClient.Builder.class)
                                        .requestFactory(bean.factory().apply(context))
                                        .build())),
                        new Spring(
                                "RestTemplate",
                                bean,
                                (context) -> RestTemplateShadowTests.client(context.getBean(RestTemplateBuilder.class)
                                        .requestFactory(() -> bean.factory().apply(context))
                                        .build()))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("subjects")
    void directShadowCallOnTheBeanAfterASpringCallIsStillDecided(Spring spring) {
        run(spring, Map.of(), (context, client) -> {
            inShadow(() -> client.exchange("GET", servers.liveUrl() + "/prices", Map.of(), null));
            Client bean = spring.bean().direct().apply(context);
            assertThatExceptionOfType(ShadowBlockedException.class)
                    .isThrownBy(() ->
                            inShadow(() -> bean.exchange("POST", servers.liveUrl() + "/charges", Map.of(), "{}")));
            assertThat(servers.liveRequests()).hasSize(1);
            assertThat(counts(context)).isEqualTo(Map.of("propagate", 1.0, "block", 1.0));
        });
    }

    @Override
    void run(Spring spring, Map<String, Object> rules, Scenario scenario) {
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(
                        ShadowAutoConfiguration.class,
                        ShadowHttpClientAutoConfiguration.class,
                        ShadowHttpClientBeansAutoConfiguration.class,
                        HttpMessageConvertersAutoConfiguration.class,
                        ImperativeHttpClientAutoConfiguration.class,
                        RestClientAutoConfiguration.class,
                        RestTemplateAutoConfiguration.class))
                .withUserConfiguration(spring.bean().configuration())
                .withBean(MeterRegistry.class, SimpleMeterRegistry::new)
                .withInitializer((context) -> context.getEnvironment()
                        .getPropertySources()
                        .addFirst(new MapPropertySource("scenario", new LinkedHashMap<>(rules))))
                .run((context) -> {
                    assertThat(context).hasNotFailed();
                    scenario.run(context, spring.client().apply(context));
                });
    }

    @Configuration(proxyBeanMethods = false)
    static class JdkClientBean {

        @Bean
        HttpClient vendorClient() {
            return HttpClient.newHttpClient();
        }
    }
}
