package dev.shadowtx.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.shadowtx.http.autoconfigure.ShadowHttpClientBeansAutoConfiguration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.http.client.autoconfigure.reactive.ReactiveHttpClientAutoConfiguration;
import org.springframework.boot.http.codec.autoconfigure.CodecsAutoConfiguration;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.webclient.autoconfigure.WebClientAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Mono;
import reactor.netty.ByteBufFlux;
import reactor.netty.http.client.HttpClient;

/**
 * A Reactor Netty client declared as a bean and used directly obeys the outbound policy, except
 * that calls it cannot send elsewhere or answer itself (reroute, stub) are refused; a
 * {@code WebClient} built over the same bean reroutes and stubs as usual.
 */
class ReactorNettyHttpClientBeanShadowTests extends HttpClientShadowContract {

    @Override
    AutoConfigurations clientConfigurations() {
        return AutoConfigurations.of(
                ShadowHttpClientBeansAutoConfiguration.class,
                CodecsAutoConfiguration.class,
                ReactiveHttpClientAutoConfiguration.class,
                WebClientAutoConfiguration.class,
                ReactorNettyConfiguration.class);
    }

    @Override
    boolean answersStubs() {
        return false;
    }

    @Override
    boolean reroutes() {
        return false;
    }

    @Override
    Client client(AssertableApplicationContext context) {
        return client(context.getBean(HttpClient.class));
    }

    static Client client(HttpClient client) {
        return (method, url, headers, body) -> client.headers((h) -> headers.forEach(h::set))
                .request(io.netty.handler.codec.http.HttpMethod.valueOf(method))
                .uri(url)
                .send(ByteBufFlux.fromString(Mono.justOrEmpty(body)))
                .responseSingle((response, content) -> content.asString()
                        .defaultIfEmpty("")
                        .map((text) -> new Reply(response.status().code(), text)))
                .block();
    }

    @Test
    void webClientOverTheBeanReroutesTheShadowCallOnce() {
        String rule = "shadow.http.destinations[" + servers.liveAuthority() + "]";
        Map<String, Object> properties =
                Map.of(rule + ".action", "REROUTE", rule + ".url", servers.doubleUrl() + "/mock");
        this.runner
                .withInitializer((context) -> context.getEnvironment()
                        .getPropertySources()
                        .addFirst(new org.springframework.core.env.MapPropertySource(
                                "scenario", new java.util.LinkedHashMap<>(properties))))
                .run((context) -> {
                    WebClient webClient = context.getBean(WebClient.Builder.class)
                            .clientConnector(new ReactorClientHttpConnector(context.getBean(HttpClient.class)))
                            .build();
                    Reply reply = inShadow(
                            SHADOW,
                            () -> WebClientShadowTests.client(webClient)
                                    .exchange("POST", servers.liveUrl() + "/charges", Map.of(), "{}"));
                    assertThat(reply).isEqualTo(new Reply(200, "double"));
                    assertThat(servers.liveRequests()).isEmpty();
                    LoggedRequest received = single(servers.doubleRequests());
                    assertThat(received.getUrl()).isEqualTo("/mock/charges");
                    assertThat(received.getHeader("X-Shadow")).isEqualTo("shadow");
                });
    }

    @Configuration(proxyBeanMethods = false)
    static class ReactorNettyConfiguration {

        @Bean
        HttpClient vendorNettyClient() {
            return HttpClient.create();
        }
    }
}
