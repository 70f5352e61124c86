package dev.shadowtx.http;

import dev.shadowtx.http.HandBuiltClientRedirectTests.Kind;
import java.util.stream.Stream;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.http.client.autoconfigure.imperative.ImperativeHttpClientAutoConfiguration;
import org.springframework.boot.http.client.autoconfigure.reactive.ReactiveHttpClientAutoConfiguration;
import org.springframework.boot.http.codec.autoconfigure.CodecsAutoConfiguration;
import org.springframework.boot.http.converter.autoconfigure.HttpMessageConvertersAutoConfiguration;
import org.springframework.boot.restclient.RestTemplateBuilder;
import org.springframework.boot.restclient.autoconfigure.RestClientAutoConfiguration;
import org.springframework.boot.restclient.autoconfigure.RestTemplateAutoConfiguration;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.webclient.autoconfigure.WebClientAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
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
import org.springframework.web.reactive.function.client.ExchangeFunction;
import org.springframework.web.reactive.function.client.ExchangeFunctions;
import org.springframework.web.reactive.function.client.WebClient;

/**
 * Clients that are no beans, built where they are used from a builder bean (one made by hand, or
 * Boot's) or from a client bean's {@code mutate()}, with a request factory or connector set only
 * then: the factory or connector is the one the client holds when it is built, which no
 * post-processor saw.
 */
final class BuilderFactories {

    private BuilderFactories() {}

    static Stream<Kind> kinds() {
        return Stream.of(
                new Kind(
                        "hand-made RestClient.Builder bean, a JDK factory set where the client is built",
                        HandBuiltClientBeansShadowTests.BuilderBeans.class,
                        (context) -> restClient(restClientBuilder(context)
                                .requestFactory(new JdkClientHttpRequestFactory(
                                        HandBuiltClientRedirectTests.followingJdkClient()))
                                .build()),
                        true),
                new Kind(
                        "Boot's RestClient.Builder, an Apache HttpClient 5 factory set where the client is built",
                        BootClients.class,
                        (context) -> restClient(restClientBuilder(context)
                                .requestFactory(new HttpComponentsClientHttpRequestFactory())
                                .build()),
                        true),
                new Kind(
                        "clone() of Boot's RestClient.Builder, a Reactor Netty factory set on the clone",
                        BootClients.class,
                        (context) -> restClient(restClientBuilder(context)
                                .clone()
                                .requestFactory(new ReactorClientHttpRequestFactory(
                                        reactor.netty.http.client.HttpClient.create()
                                                .followRedirect(true)))
                                .build()),
                        true),
                new Kind(
                        "mutate() of a RestClient bean, a Jetty factory set on the mutated builder",
                        HandBuiltClientRedirectTests.CreatedRestClient.class,
                        (context) -> restClient(context.getBean(RestClient.class)
                                .mutate()
                                .requestFactory(new JettyClientHttpRequestFactory())
                                .build()),
                        false),
                new Kind(
                        "Boot's RestTemplateBuilder, an HttpURLConnection factory set where the template is built",
                        BootClients.class,
                        (context) -> restTemplate(context.getBean(RestTemplateBuilder.class)
                                .requestFactory(SimpleClientHttpRequestFactory::new)
                                .build()),
                        false,
                        java.util.Set.of("GET 308")),
                new Kind(
                        "RestClient.create(template) of a RestTemplateBuilder template over a JDK factory",
                        BootClients.class,
                        (context) -> restClient(RestClient.create(context.getBean(RestTemplateBuilder.class)
                                .requestFactory(() -> new JdkClientHttpRequestFactory(
                                        HandBuiltClientRedirectTests.followingJdkClient()))
                                .build())),
                        true),
                new Kind(
                        "hand-made WebClient.Builder bean, a Reactor Netty connector set where the client is built",
                        HandBuiltClientBeansShadowTests.BuilderBeans.class,
                        (context) -> webClient(context.getBean(WebClient.Builder.class)
                                .clientConnector(
                                        new ReactorClientHttpConnector(reactor.netty.http.client.HttpClient.create()
                                                .followRedirect(true)))
                                .build()),
                        true),
                new Kind(
                        "Boot's WebClient.Builder, a JDK connector set where the client is built",
                        BootClients.class,
                        (context) -> webClient(context.getBean(WebClient.Builder.class)
                                .clientConnector(
                                        new JdkClientHttpConnector(HandBuiltClientRedirectTests.followingJdkClient()))
                                .build()),
                        true),
                new Kind(
                        "mutate() of a WebClient bean, an Apache HttpClient 5 connector set on the mutated builder",
                        CreatedWebClient.class,
                        (context) -> webClient(context.getBean(WebClient.class)
                                .mutate()
                                .clientConnector(new HttpComponentsClientHttpConnector())
                                .build()),
                        true,
                        java.util.Set.of("POST 307", "POST 308")));
    }

    static Stream<Kind> notKnown() {
        return Stream.of(
                new Kind(
                        "Boot's RestClient.Builder, the application's own factory set where the client is built",
                        BootClients.class,
                        (context) -> restClient(restClientBuilder(context)
                                .requestFactory(new HandBuiltClientRedirectTests.OwnFactory())
                                .build()),
                        false),
                new Kind(
                        "Boot's RestTemplateBuilder, the application's own factory set where the template is built",
                        BootClients.class,
                        (context) -> restTemplate(context.getBean(RestTemplateBuilder.class)
                                .requestFactory(HandBuiltClientRedirectTests.OwnFactory::new)
                                .build()),
                        false),
                new Kind(
                        "Boot's WebClient.Builder, a Jetty connector of a client that is no bean set where the client is built",
                        BootClients.class,
                        (context) -> webClient(context.getBean(WebClient.Builder.class)
                                .clientConnector(new JettyClientHttpConnector())
                                .build()),
                        false),
                new Kind(
                        "Boot's WebClient.Builder, the application's own exchange function set where the client is built",
                        BootClients.class,
                        (context) -> {
                            ExchangeFunction spring = ExchangeFunctions.create(new ReactorClientHttpConnector());
                            ExchangeFunction own = (request) -> spring.exchange(request);
                            return webClient(context.getBean(WebClient.Builder.class)
                                    .exchangeFunction(own)
                                    .build());
                        },
                        false));
    }

    private static RestClient.Builder restClientBuilder(AssertableApplicationContext context) {
        return context.getBean(RestClient.Builder.class);
    }

    private static HttpClientShadowContract.Client restClient(RestClient client) {
        return RestClientShadowTests.client(client);
    }

    private static HttpClientShadowContract.Client restTemplate(RestTemplate template) {
        return RestTemplateShadowTests.client(template);
    }

    private static HttpClientShadowContract.Client webClient(WebClient client) {
        return WebClientShadowTests.client(client);
    }

    @Configuration(proxyBeanMethods = false)
    static class CreatedWebClient {

        @Bean
        WebClient createdWebClient() {
            return WebClient.create();
        }
    }

    /**
     * Boot's {@code RestClient.Builder}, {@code RestTemplateBuilder} and {@code WebClient.Builder}.
     */
    @Configuration(proxyBeanMethods = false)
    @ImportAutoConfiguration({
        HttpMessageConvertersAutoConfiguration.class,
        ImperativeHttpClientAutoConfiguration.class,
        RestClientAutoConfiguration.class,
        RestTemplateAutoConfiguration.class,
        CodecsAutoConfiguration.class,
        ReactiveHttpClientAutoConfiguration.class,
        WebClientAutoConfiguration.class
    })
    static class BootClients {}
}
