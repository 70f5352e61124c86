package dev.shadowtx.http;

import static dev.shadowtx.http.OutboundRecords.counts;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import dev.shadowtx.autoconfigure.ShadowAutoConfiguration;
import dev.shadowtx.core.ShadowBlockedException;
import dev.shadowtx.http.HttpClientShadowContract.Client;
import dev.shadowtx.http.autoconfigure.ShadowHttpClientAutoConfiguration;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.restclient.RestTemplateBuilder;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.MapPropertySource;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestTemplate;
import org.springframework.web.reactive.function.client.WebClient;

/**
 * {@code RestTemplate}, {@code RestClient} and {@code WebClient} beans built by hand (not from
 * Boot's builders) obey the outbound policy like those built from Boot's builders, and a client
 * built from Boot's builders is decided once, not twice: one count on {@code shadow.outbound} per
 * call either way.
 */
class HandBuiltClientBeansShadowTests extends DecidedOnceScenarios<HandBuiltClientBeansShadowTests.ClientBean> {

    /**
     * A client bean of the application, reduced to what the scenarios need.
     */
    record ClientBean(String name, Function<AssertableApplicationContext, Client> client) {

        @Override
        public String toString() {
            return this.name;
        }
    }

    static Stream<ClientBean> subjects() {
        return Stream.of(
                restTemplate("newRestTemplate"),
                restClient("createdRestClient"),
                restClient("builtFromAPlainBuilderRestClient"),
                webClient("createdWebClient"),
                webClient("builtFromAPlainBuilderWebClient"),
                restTemplate("bootBuiltRestTemplate"),
                restClient("bootBuiltRestClient"),
                webClient("bootBuiltWebClient"));
    }

    private static ClientBean restTemplate(String name) {
        return new ClientBean(
                name, (context) -> RestTemplateShadowTests.client(context.getBean(name, RestTemplate.class)));
    }

    private static ClientBean restClient(String name) {
        return new ClientBean(name, (context) -> RestClientShadowTests.client(context.getBean(name, RestClient.class)));
    }

    private static ClientBean webClient(String name) {
        return new ClientBean(name, (context) -> WebClientShadowTests.client(context.getBean(name, WebClient.class)));
    }

    @Test
    void handBuiltClientsKeepWhatTheApplicationConfigured() {
        run(restClient("createdRestClient"), Map.of(), (context, ignored) -> {
            RestClient client = context.getBean("baseUrlRestClient", RestClient.class);
            WebClient webClient = context.getBean("baseUrlWebClient", WebClient.class);
            assertThat(client.get().uri("/prices").retrieve().body(String.class))
                    .isEqualTo("live");
            assertThat(webClient
                            .get()
                            .uri("/prices")
                            .retrieve()
                            .bodyToMono(String.class)
                            .block())
                    .isEqualTo("live");
            assertThat(servers.liveRequests()).hasSize(2).allSatisfy((received) -> {
                assertThat(received.getUrl()).isEqualTo("/prices");
                assertThat(received.getHeader("X-Client")).isEqualTo("hand-built");
            });
        });
    }

    @Test
    void withHandBuiltClientsOffAHandBuiltClientIsLeftAsTheApplicationBuiltIt() {
        run(restClient("createdRestClient"), Map.of("shadow.http.hand-built-clients", "false"), (context, ignored) -> {
            assertThat(ShadowClientHttpRequestInterceptor.isAppliedTo(
                            context.getBean("createdRestClient", RestClient.class)
                                    .mutate()))
                    .isFalse();
            assertThat(ShadowClientHttpRequestInterceptor.isAppliedTo(
                            context.getBean("newRestTemplate", RestTemplate.class)))
                    .isFalse();
            assertThat(ShadowExchangeFilterFunction.isAppliedTo(
                            context.getBean("createdWebClient", WebClient.class).mutate()))
                    .isFalse();
            assertThat(ShadowClientHttpRequestInterceptor.isAppliedTo(
                            context.getBean("bootBuiltRestClient", RestClient.class)
                                    .mutate()))
                    .isTrue();
        });
    }

    @Test
    void builderBeansMadeByHandGetThePolicyForEveryClientBuiltFromThem() {
        runner(Map.of()).withUserConfiguration(BuilderBeans.class).run((context) -> {
            RestClient restClient = context.getBean(RestClient.Builder.class).build();
            WebClient webClient = context.getBean(WebClient.Builder.class).build();
            assertThatExceptionOfType(ShadowBlockedException.class)
                    .isThrownBy(() -> inShadow(() -> RestClientShadowTests.client(restClient)
                            .exchange("POST", servers.liveUrl() + "/charges", Map.of(), "{}")));
            assertThatExceptionOfType(ShadowBlockedException.class)
                    .isThrownBy(() -> inShadow(() -> WebClientShadowTests.client(webClient)
                            .exchange("POST", servers.liveUrl() + "/charges", Map.of(), "{}")));
            assertThat(servers.liveRequests()).isEmpty();
            assertThat(counts(context)).isEqualTo(Map.of("block", 2.0));
        });
    }

    @Override
    void run(ClientBean bean, Map<String, Object> properties, Scenario scenario) {
        runner(properties).withUserConfiguration(ClientBeans.class).run((context) -> {
            assertThat(context).hasNotFailed();
            scenario.run(context, bean.client().apply(context));
        });
    }

    private static ApplicationContextRunner runner(Map<String, Object> properties) {
        return new ApplicationContextRunner()
                .withConfiguration(
                        AutoConfigurations.of(ShadowAutoConfiguration.class, ShadowHttpClientAutoConfiguration.class))
                .withUserConfiguration(BuilderFactories.BootClients.class)
                .withBean(MeterRegistry.class, SimpleMeterRegistry::new)
                .withInitializer((context) -> context.getEnvironment()
                        .getPropertySources()
                        .addFirst(new MapPropertySource("scenario", new LinkedHashMap<>(properties))));
    }

    @Configuration(proxyBeanMethods = false)
    static class BuilderBeans {

        @Bean
        RestClient.Builder plainRestClientBuilder() {
            return RestClient.builder();
        }

        @Bean
        WebClient.Builder plainWebClientBuilder() {
            return WebClient.builder();
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class ClientBeans {

        @Bean
        RestTemplate newRestTemplate() {
            return new RestTemplate();
        }

        @Bean
        RestClient createdRestClient() {
            return RestClient.create();
        }

        @Bean
        RestClient builtFromAPlainBuilderRestClient() {
            return RestClient.builder().defaultHeader("X-Client", "hand-built").build();
        }

        @Bean
        RestClient baseUrlRestClient() {
            return RestClient.builder()
                    .baseUrl(servers.liveUrl())
                    .defaultHeader("X-Client", "hand-built")
                    .build();
        }

        @Bean
        WebClient createdWebClient() {
            return WebClient.create();
        }

        @Bean
        WebClient builtFromAPlainBuilderWebClient() {
            return WebClient.builder().defaultHeader("X-Client", "hand-built").build();
        }

        @Bean
        WebClient baseUrlWebClient() {
            return WebClient.builder()
                    .baseUrl(servers.liveUrl())
                    .defaultHeader("X-Client", "hand-built")
                    .build();
        }

        @Bean
        RestTemplate bootBuiltRestTemplate(RestTemplateBuilder builder) {
            return builder.build();
        }

        @Bean
        RestClient bootBuiltRestClient(RestClient.Builder builder) {
            return builder.build();
        }

        @Bean
        WebClient bootBuiltWebClient(WebClient.Builder builder) {
            return builder.build();
        }
    }
}
