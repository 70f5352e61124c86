package dev.shadowtx.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.shadowtx.core.ShadowBlockedException;
import dev.shadowtx.core.context.ShadowContext;
import dev.shadowtx.core.context.ShadowContextAccessor;
import dev.shadowtx.core.context.ShadowContextHolder;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.http.client.autoconfigure.reactive.ReactiveHttpClientAutoConfiguration;
import org.springframework.boot.http.codec.autoconfigure.CodecsAutoConfiguration;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.webclient.autoconfigure.WebClientAutoConfiguration;
import org.springframework.http.HttpMethod;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Hooks;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.util.context.Context;

class WebClientShadowTests extends HttpClientShadowContract {

    @Override
    AutoConfigurations clientConfigurations() {
        return AutoConfigurations.of(
                CodecsAutoConfiguration.class,
                ReactiveHttpClientAutoConfiguration.class,
                WebClientAutoConfiguration.class);
    }

    @Override
    Client client(AssertableApplicationContext context) {
        return client(context.getBean(WebClient.Builder.class).build());
    }

    static Client client(WebClient webClient) {
        return (method, url, headers, body) -> {
            WebClient.RequestBodySpec spec =
                    webClient.method(HttpMethod.valueOf(method)).uri(url).headers((h) -> headers.forEach(h::set));
            WebClient.RequestHeadersSpec<?> request = (body != null) ? spec.bodyValue(body) : spec;
            return request.exchangeToMono((response) -> response.bodyToMono(String.class)
                            .defaultIfEmpty("")
                            .map((content) -> new Reply(response.statusCode().value(), content)))
                    .block();
        };
    }

    @Test
    void reactiveChainKeepsTheContextAcrossOperatorsAndThreads() {
        Hooks.enableAutomaticContextPropagation();
        try {
            this.runner.run((context) -> {
                WebClient webClient = context.getBean(WebClient.Builder.class).build();
                List<String> threads = new ArrayList<>();
                String outcome;
                try (ShadowContextHolder.Scope scope = ShadowContextHolder.bind(SHADOW)) {
                    outcome = Mono.just("sku-1")
                            .publishOn(Schedulers.parallel())
                            .flatMap((sku) -> {
                                threads.add(Thread.currentThread().getName());
                                return webClient
                                        .get()
                                        .uri(servers.liveUrl() + "/prices?sku=" + sku)
                                        .retrieve()
                                        .bodyToMono(String.class);
                            })
                            .publishOn(Schedulers.boundedElastic())
                            .map(String::toUpperCase)
                            .flatMap((price) -> {
                                threads.add(Thread.currentThread().getName());
                                return webClient
                                        .post()
                                        .uri(servers.liveUrl() + "/charges")
                                        .bodyValue(price)
                                        .retrieve()
                                        .bodyToMono(String.class);
                            })
                            .onErrorResume(
                                    ShadowBlockedException.class, (ex) -> Mono.just("blocked: " + ex.getTarget()))
                            .block();
                }
                assertThat(outcome).isEqualTo("blocked: POST " + servers.liveUrl() + "/charges");
                assertThat(threads).hasSize(2).noneMatch(Thread.currentThread().getName()::equals);
                LoggedRequest received = single(servers.liveRequests());
                assertThat(received.getUrl()).isEqualTo("/prices?sku=sku-1");
                assertThat(received.getHeader("X-Shadow")).isEqualTo("shadow");
            });
        } finally {
            Hooks.disableAutomaticContextPropagation();
        }
    }

    @Test
    void requestBuiltInShadowStaysShadowWhereverItIsSubscribed() {
        this.runner.run((context) -> {
            WebClient webClient = context.getBean(WebClient.Builder.class).build();
            Mono<String> call;
            try (ShadowContextHolder.Scope scope = ShadowContextHolder.bind(SHADOW)) {
                call = webClient
                        .delete()
                        .uri(servers.liveUrl() + "/carts/7")
                        .retrieve()
                        .bodyToMono(String.class);
            }
            assertThatExceptionOfType(ShadowBlockedException.class)
                    .isThrownBy(
                            () -> call.subscribeOn(Schedulers.boundedElastic()).block());
            assertThat(servers.liveRequests()).isEmpty();
        });
    }

    @Test
    void shadowContextInTheReactorContextIsHonoured() {
        this.runner.run((context) -> {
            WebClient webClient = context.getBean(WebClient.Builder.class).build();
            String body = webClient
                    .get()
                    .uri(servers.liveUrl() + "/prices")
                    .retrieve()
                    .bodyToMono(String.class)
                    .contextWrite(Context.of(ShadowContextAccessor.KEY, (ShadowContext) SYNTHETIC))
                    .block();
            assertThat(body).isEqualTo("live");
            assertThat(single(servers.liveRequests()).getHeader("X-Shadow")).isEqualTo("synthetic");
        });
    }

    @Test
    void handBuiltWebClientObeysThePolicyOnceTheFilterIsApplied() {
        this.runner.run((context) -> {
            ShadowExchangeFilterFunction filter = context.getBean(ShadowExchangeFilterFunction.class);
            WebClient.Builder builder = WebClient.builder();
            filter.applyTo(filter.applyTo(builder));
            builder.filters((filters) -> assertThat(filters).containsOnlyOnce(filter));
            Client client = client(builder.build());
            assertThatExceptionOfType(ShadowBlockedException.class)
                    .isThrownBy(() ->
                            inShadow(SHADOW, () -> client.exchange("PUT", servers.liveUrl() + "/x", Map.of(), "{}")));
            assertThat(servers.liveRequests()).isEmpty();
        });
    }
}
