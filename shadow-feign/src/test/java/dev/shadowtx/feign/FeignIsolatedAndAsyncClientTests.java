package dev.shadowtx.feign;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.shadowtx.core.ShadowBlockedException;
import dev.shadowtx.core.context.MarkerSource;
import dev.shadowtx.core.context.ShadowContext;
import dev.shadowtx.core.context.ShadowContextHolder;
import dev.shadowtx.core.context.ShadowMode;
import dev.shadowtx.core.testsupport.Collaborators;
import feign.AsyncFeign;
import feign.Body;
import feign.Headers;
import feign.RequestLine;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.cloud.openfeign.EnableFeignClients;
import org.springframework.cloud.openfeign.FeignClient;
import org.springframework.cloud.openfeign.clientconfig.FeignClientConfigurer;
import org.springframework.context.annotation.Bean;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * Feign clients that do not take the capability from the application's context the usual way,
 * calling a real server: a {@code @FeignClient} whose configuration's {@code FeignClientConfigurer}
 * does not inherit the parent configuration (Spring Cloud OpenFeign's {@code inheritParentContext}),
 * so that its own context sees none of the application's beans, and an {@code AsyncFeign} client built with the
 * capability. In shadow, a {@code POST} through either is refused and never reaches the live
 * server and a {@code GET} reaches it with the marker; the live twins reach it unmarked.
 */
@SpringBootTest(
        classes = FeignIsolatedAndAsyncClientTests.IsolatedApplication.class,
        webEnvironment = WebEnvironment.NONE)
class FeignIsolatedAndAsyncClientTests {

    static final ShadowContext SHADOW = ShadowContext.of(ShadowMode.SHADOW, MarkerSource.HEADER);

    static final Collaborators servers = new Collaborators();

    @DynamicPropertySource
    static void collaborators(DynamicPropertyRegistry registry) {
        registry.add("live.url", servers::liveUrl);
        registry.add("shadow.feign.clients.isolated.stub.status", () -> "202");
        registry.add("shadow.feign.clients.isolated.stub.body", () -> "stubbed-in-shadow");
        registry.add("shadow.feign.clients.isolated.stub.content-type", () -> "text/plain");
    }

    @Autowired
    IsolatedClient isolated;

    @Autowired
    ShadowFeignCapability capability;

    @AfterEach
    void reset() {
        servers.reset();
        ShadowContextHolder.clear();
    }

    @AfterAll
    static void stop() {
        servers.close();
    }

    @Test
    void aClientThatDoesNotInheritTheApplicationContextFollowsItsFeignRuleInShadow() {
        IsolatedClient isolated = this.isolated;

        assertThat(inShadow(() -> isolated.charge("EUR", "{}"))).isEqualTo("stubbed-in-shadow");
        assertThat(servers.liveRequests()).isEmpty();

        assertThat(inShadow(() -> isolated.price("sku-1"))).isEqualTo("live");
        assertThat(single().getHeader("X-Shadow")).isEqualTo("shadow");
        servers.reset();

        assertThat(isolated.charge("EUR", "{}")).isEqualTo("live");
        assertThat(single().containsHeader("X-Shadow")).isFalse();
    }

    @Test
    void anAsyncFeignClientIsRefusedAShadowPostAndMarksAShadowGet() throws Exception {
        AsyncCharges charges = AsyncFeign.builder()
                .addCapability(this.capability)
                .target(AsyncCharges.class, servers.liveUrl() + "/v1");

        CompletableFuture<String> refused = inShadow(() -> charges.charge("{}"));
        assertThatExceptionOfType(ExecutionException.class)
                .isThrownBy(() -> refused.get(10, TimeUnit.SECONDS))
                .havingCause()
                .isInstanceOf(ShadowBlockedException.class);
        assertThat(servers.liveRequests()).isEmpty();

        assertThat(inShadow(() -> charges.price()).get(10, TimeUnit.SECONDS)).isEqualTo("live");
        assertThat(single().getHeader("X-Shadow")).isEqualTo("shadow");
        servers.reset();

        assertThat(charges.charge("{}").get(10, TimeUnit.SECONDS)).isEqualTo("live");
        assertThat(single().containsHeader("X-Shadow")).isFalse();
    }

    private static LoggedRequest single() {
        assertThat(servers.liveRequests()).hasSize(1);
        return servers.liveRequests().get(0);
    }

    static <T> T inShadow(Supplier<T> call) {
        try (ShadowContextHolder.Scope scope = ShadowContextHolder.bind(SHADOW)) {
            return call.get();
        }
    }

    @FeignClient(name = "isolated", url = "${live.url}/v1", configuration = NotInheriting.class)
    interface IsolatedClient {

        @GetMapping("/prices")
        String price(@RequestParam("sku") String sku);

        @PostMapping(path = "/charges", consumes = "application/json")
        String charge(@RequestParam("currency") String currency, @RequestBody String body);
    }

    interface AsyncCharges {

        @RequestLine("GET /prices")
        CompletableFuture<String> price();

        @RequestLine("POST /charges")
        @Headers("Content-Type: application/json")
        @Body("{body}")
        CompletableFuture<String> charge(@feign.Param("body") String body);
    }

    /**
     * The client's own configuration: its context does not inherit the application's beans.
     */
    static class NotInheriting {

        @Bean
        FeignClientConfigurer notInheriting() {
            return new FeignClientConfigurer() {
                @Override
                public boolean inheritParentConfiguration() {
                    return false;
                }
            };
        }
    }

    @SpringBootConfiguration(proxyBeanMethods = false)
    @EnableAutoConfiguration
    @EnableFeignClients(clients = IsolatedClient.class)
    static class IsolatedApplication {}
}
