package dev.shadowtx.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import dev.shadowtx.core.ShadowBlockedException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.http.client.autoconfigure.imperative.ImperativeHttpClientAutoConfiguration;
import org.springframework.boot.http.client.autoconfigure.service.HttpServiceClientPropertiesAutoConfiguration;
import org.springframework.boot.http.converter.autoconfigure.HttpMessageConvertersAutoConfiguration;
import org.springframework.boot.restclient.autoconfigure.RestClientAutoConfiguration;
import org.springframework.boot.restclient.autoconfigure.service.HttpServiceClientAutoConfiguration;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.util.StreamUtils;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.client.RestClient;
import org.springframework.web.service.annotation.GetExchange;
import org.springframework.web.service.annotation.PostExchange;
import org.springframework.web.service.registry.ImportHttpServices;

class RestClientShadowTests extends HttpClientShadowContract {

    @Override
    AutoConfigurations clientConfigurations() {
        return AutoConfigurations.of(
                HttpMessageConvertersAutoConfiguration.class,
                ImperativeHttpClientAutoConfiguration.class,
                RestClientAutoConfiguration.class);
    }

    @Override
    Client client(AssertableApplicationContext context) {
        return client(context.getBean(RestClient.Builder.class).build());
    }

    static Client client(RestClient restClient) {
        return (method, url, headers, body) -> {
            RestClient.RequestBodySpec spec =
                    restClient.method(HttpMethod.valueOf(method)).uri(url).headers((h) -> headers.forEach(h::set));
            if (body != null) {
                spec.body(body);
            }
            return spec.exchange((request, response) -> new Reply(
                    response.getStatusCode().value(),
                    StreamUtils.copyToString(response.getBody(), StandardCharsets.UTF_8)));
        };
    }

    @Test
    void applicationSettingTheDecidedAttributeItselfDoesNotSkipThePolicy() {
        this.runner.run((context) -> {
            RestClient restClient = context.getBean(RestClient.Builder.class).build();
            assertThatExceptionOfType(ShadowBlockedException.class)
                    .isThrownBy(() -> inShadow(
                            SHADOW,
                            () -> restClient
                                    .post()
                                    .uri(servers.liveUrl() + "/charges")
                                    .attribute(ShadowClientHttpRequestInterceptor.DECIDED_ATTRIBUTE, Boolean.TRUE)
                                    .body("{}")
                                    .retrieve()
                                    .toBodilessEntity()));
            assertThat(servers.liveRequests()).isEmpty();
        });
    }

    @Test
    void handBuiltClientObeysThePolicyOnceTheInterceptorIsApplied() {
        this.runner.run((context) -> {
            ShadowClientHttpRequestInterceptor interceptor = context.getBean(ShadowClientHttpRequestInterceptor.class);
            RestClient.Builder builder = RestClient.builder();
            interceptor.applyTo(interceptor.applyTo(builder));
            Client client = client(builder.build());
            assertThatExceptionOfType(ShadowBlockedException.class)
                    .isThrownBy(() ->
                            inShadow(SHADOW, () -> client.exchange("POST", servers.liveUrl() + "/x", Map.of(), "{}")));
            assertThat(servers.liveRequests()).isEmpty();
            inShadow(SHADOW, () -> client.exchange("GET", servers.liveUrl() + "/x", Map.of(), null));
            assertThat(single(servers.liveRequests()).getHeader("X-Shadow")).isEqualTo("shadow");
        });
    }

    @Test
    void userInterceptorsComposeWithTheShadowInterceptor() {
        this.runner.run((context) -> {
            RestClient restClient = context.getBean(RestClient.Builder.class)
                    .requestInterceptor((request, body, execution) -> {
                        request.getHeaders().set("Authorization", "Bearer token");
                        return execution.execute(request, body);
                    })
                    .build();
            inShadow(SHADOW, () -> client(restClient).exchange("GET", servers.liveUrl() + "/x", Map.of(), null));
            assertThat(single(servers.liveRequests()).getHeader("Authorization"))
                    .isEqualTo("Bearer token");
            assertThat(single(servers.liveRequests()).getHeader("X-Shadow")).isEqualTo("shadow");
        });
    }

    @Test
    void httpInterfaceClientsObeyThePolicy() {
        this.runner
                .withConfiguration(AutoConfigurations.of(
                        HttpServiceClientPropertiesAutoConfiguration.class, HttpServiceClientAutoConfiguration.class))
                .withUserConfiguration(PricesServiceConfiguration.class)
                .withPropertyValues("spring.http.serviceclient.prices.base-url=" + servers.liveUrl())
                .run((context) -> {
                    PricesService prices = context.getBean(PricesService.class);
                    assertThat(inShadow(SHADOW, prices::price)).isEqualTo("live");
                    assertThat(single(servers.liveRequests()).getHeader("X-Shadow"))
                            .isEqualTo("shadow");
                    assertThatExceptionOfType(ShadowBlockedException.class)
                            .isThrownBy(() -> inShadow(SHADOW, () -> prices.charge("{}")));
                    assertThat(servers.liveRequests()).hasSize(1);
                });
    }

    interface PricesService {

        @GetExchange("/prices")
        String price();

        @PostExchange("/charges")
        String charge(@RequestBody String body);
    }

    @Configuration(proxyBeanMethods = false)
    @ImportHttpServices(group = "prices", types = PricesService.class)
    static class PricesServiceConfiguration {}
}
