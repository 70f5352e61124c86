package dev.shadowtx.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import dev.shadowtx.core.ShadowBlockedException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.http.client.autoconfigure.imperative.ImperativeHttpClientAutoConfiguration;
import org.springframework.boot.http.converter.autoconfigure.HttpMessageConvertersAutoConfiguration;
import org.springframework.boot.restclient.RestTemplateBuilder;
import org.springframework.boot.restclient.autoconfigure.RestTemplateAutoConfiguration;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.http.HttpMethod;
import org.springframework.util.StreamUtils;
import org.springframework.web.client.RestTemplate;

class RestTemplateShadowTests extends HttpClientShadowContract {

    @Override
    AutoConfigurations clientConfigurations() {
        return AutoConfigurations.of(
                HttpMessageConvertersAutoConfiguration.class,
                ImperativeHttpClientAutoConfiguration.class,
                RestTemplateAutoConfiguration.class);
    }

    @Override
    Client client(AssertableApplicationContext context) {
        return client(context.getBean(RestTemplateBuilder.class).build());
    }

    static Client client(RestTemplate restTemplate) {
        return (method, url, headers, body) -> restTemplate.execute(
                URI.create(url),
                HttpMethod.valueOf(method),
                (request) -> {
                    headers.forEach(request.getHeaders()::set);
                    if (body != null) {
                        StreamUtils.copy(body, StandardCharsets.UTF_8, request.getBody());
                    }
                },
                (response) -> new Reply(
                        response.getStatusCode().value(),
                        StreamUtils.copyToString(response.getBody(), StandardCharsets.UTF_8)));
    }

    @Test
    void handBuiltTemplateObeysThePolicyOnceTheInterceptorIsApplied() {
        this.runner.run((context) -> {
            RestTemplate restTemplate = new RestTemplate();
            context.getBean(ShadowClientHttpRequestInterceptor.class).applyTo(restTemplate);
            assertThatExceptionOfType(ShadowBlockedException.class)
                    .isThrownBy(() -> inShadow(
                            SHADOW,
                            () -> client(restTemplate).exchange("PATCH", servers.liveUrl() + "/x", Map.of(), "{}")));
            assertThat(servers.liveRequests()).isEmpty();
        });
    }

    @Test
    void interceptorsAddedThroughTheBuilderComposeWithTheShadowInterceptor() {
        this.runner.run((context) -> {
            RestTemplate restTemplate = context.getBean(RestTemplateBuilder.class)
                    .additionalInterceptors((request, body, execution) -> {
                        request.getHeaders().set("Authorization", "Bearer token");
                        return execution.execute(request, body);
                    })
                    .build();
            assertThat(restTemplate.getInterceptors())
                    .hasSize(2)
                    .last()
                    .isInstanceOf(ShadowClientHttpRequestInterceptor.class);
            inShadow(SHADOW, () -> client(restTemplate).exchange("GET", servers.liveUrl() + "/x", Map.of(), null));
            assertThat(single(servers.liveRequests()).getHeader("Authorization"))
                    .isEqualTo("Bearer token");
            assertThat(single(servers.liveRequests()).getHeader("X-Shadow")).isEqualTo("shadow");
        });
    }
}
