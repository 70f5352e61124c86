package dev.shadowtx.feign;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.shadowtx.core.ShadowBlockedException;
import dev.shadowtx.core.context.MarkerSource;
import dev.shadowtx.core.context.ShadowContext;
import dev.shadowtx.core.context.ShadowContextHolder;
import dev.shadowtx.core.context.ShadowMode;
import dev.shadowtx.core.metrics.ShadowRecorder;
import dev.shadowtx.core.testsupport.Collaborators;
import feign.RequestInterceptor;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
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
import org.springframework.context.annotation.Bean;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * Feign clients of a real application (declared with {@code @FeignClient}, some with {@code url=},
 * some load-balanced through Spring Cloud LoadBalancer) calling real servers: a live collaborator
 * and a test double.
 */
@SpringBootTest(classes = FeignShadowTests.FeignApplication.class, webEnvironment = WebEnvironment.NONE)
class FeignShadowTests {

    static final ShadowContext SHADOW = ShadowContext.of(ShadowMode.SHADOW, MarkerSource.HEADER);

    static final Collaborators servers = new Collaborators();

    @DynamicPropertySource
    static void collaborators(DynamicPropertyRegistry registry) {
        registry.add("live.url", servers::liveUrl);
        registry.add("maps.url", () -> "http://localhost:" + servers.livePort());
        registry.add("spring.cloud.discovery.client.simple.instances.payments-lb[0].uri", servers::liveUrl);
        registry.add("spring.cloud.discovery.client.simple.instances.ledger-lb[0].uri", servers::liveUrl);
        registry.add("spring.cloud.loadbalancer.cache.enabled", () -> "false");
        registry.add("shadow.feign.clients.ledger.action", () -> "REROUTE");
        registry.add("shadow.feign.clients.ledger.url", () -> servers.doubleUrl() + "/mock");
        registry.add("shadow.feign.clients.ledger-lb.action", () -> "REROUTE");
        registry.add("shadow.feign.clients.ledger-lb.url", () -> servers.doubleUrl() + "/mock");
        registry.add("shadow.feign.clients.audit.stub.status", () -> "202");
        registry.add("shadow.feign.clients.audit.stub.body", () -> "accepted-in-shadow");
        registry.add("shadow.feign.clients.audit.stub.content-type", () -> "text/plain");
        registry.add("shadow.propagation.exclude-hosts", () -> "localhost");
    }

    @Autowired
    PaymentsClient payments;

    @Autowired
    LedgerClient ledger;

    @Autowired
    AuditClient audit;

    @Autowired
    MapsClient maps;

    @Autowired
    PaymentsLbClient paymentsLb;

    @Autowired
    LedgerLbClient ledgerLb;

    @Autowired
    RecordingRecorder recorder;

    @AfterEach
    void reset() {
        servers.reset();
        this.recorder.decisions.clear();
        ShadowContextHolder.clear();
    }

    @AfterAll
    static void stop() {
        servers.close();
    }

    @Test
    void liveCallReachesTheLiveServerWithoutTheMarker() {
        assertThat(this.payments.charge("EUR", "{\"amount\":5}")).isEqualTo("live");
        LoggedRequest received = single(servers.liveRequests());
        assertThat(received.getUrl()).isEqualTo("/v1/charges?currency=EUR");
        assertThat(received.getBodyAsString()).isEqualTo("{\"amount\":5}");
        assertThat(received.containsHeader("X-Shadow")).isFalse();
        assertThat(received.getHeader("baggage")).isEqualTo("userId=alice");
        assertThat(received.getHeader("X-Tenant")).isEqualTo("acme");
        assertThat(this.recorder.decisions).isEmpty();
    }

    @Test
    void shadowGetWithoutConfigurationReachesTheLiveServerWithTheMarker() {
        assertThat(inShadow(() -> this.payments.price("sku-1"))).isEqualTo("live");
        LoggedRequest received = single(servers.liveRequests());
        assertThat(received.getUrl()).isEqualTo("/v1/prices?sku=sku-1");
        assertThat(received.getHeader("X-Shadow")).isEqualTo("shadow");
        assertThat(received.getHeader("baggage")).isEqualTo("userId=alice,shadow=shadow");
        assertThat(received.getHeader("X-Tenant")).isEqualTo("acme");
        assertThat(this.recorder.decisions)
                .containsExactly("feign propagate GET " + servers.liveUrl() + "/v1/prices (client payments)");
    }

    @Test
    void shadowPostWithoutConfigurationIsBlockedAndNeverReachesTheLiveServer() {
        assertThatExceptionOfType(ShadowBlockedException.class)
                .isThrownBy(() -> inShadow(() -> this.payments.charge("EUR", "{}")))
                .satisfies((ex) -> {
                    assertThat(ex.getChannel()).isEqualTo("feign");
                    assertThat(ex.getTarget()).isEqualTo("POST " + servers.liveUrl() + "/v1/charges (client payments)");
                });
        assertThatExceptionOfType(ShadowBlockedException.class)
                .isThrownBy(() -> inShadow(() -> this.payments.cancel("7")));
        assertThat(servers.liveRequests()).isEmpty();
        assertThat(servers.doubleRequests()).isEmpty();
        assertThat(this.recorder.decisions).hasSize(2).allMatch((decision) -> decision.startsWith("feign block "));
    }

    @Test
    void shadowPostWithAStubAnswersWithTheStubAndNeverReachesTheLiveServer() {
        assertThat(inShadow(() -> this.audit.charge("EUR", "{}"))).isEqualTo("accepted-in-shadow");
        assertThat(servers.liveRequests()).isEmpty();
        assertThat(this.recorder.decisions).singleElement().asString().startsWith("feign stub POST");
        assertThat(inShadow(() -> this.audit.price("sku-1"))).isEqualTo("live");
    }

    @Test
    void shadowPostWithRerouteReachesTheTestDoubleWithPathQueryBodyAndMarker() {
        assertThat(inShadow(() -> this.ledger.charge("EUR", "{\"amount\":5}"))).isEqualTo("double");
        assertThat(servers.liveRequests()).isEmpty();
        LoggedRequest received = single(servers.doubleRequests());
        assertThat(received.getMethod().getName()).isEqualTo("POST");
        assertThat(received.getUrl()).isEqualTo("/mock/charges?currency=EUR");
        assertThat(received.getBodyAsString()).isEqualTo("{\"amount\":5}");
        assertThat(received.getHeader("X-Shadow")).isEqualTo("shadow");
        assertThat(received.getHeader("X-Tenant")).isEqualTo("acme");
    }

    @Test
    void excludedHostReceivesTheShadowGetWithoutTheMarker() {
        assertThat(inShadow(() -> this.maps.price("sku-1"))).isEqualTo("live");
        LoggedRequest received = single(servers.liveRequests());
        assertThat(received.containsHeader("X-Shadow")).isFalse();
        assertThat(received.getHeader("baggage")).isEqualTo("userId=alice");
        assertThatExceptionOfType(ShadowBlockedException.class)
                .isThrownBy(() -> inShadow(() -> this.maps.charge("EUR", "{}")));
        assertThat(servers.liveRequests()).hasSize(1);
    }

    @Test
    void loadBalancedLiveCallReachesTheInstanceWithoutTheMarker() {
        assertThat(this.paymentsLb.charge("EUR", "{}")).isEqualTo("live");
        LoggedRequest received = single(servers.liveRequests());
        assertThat(received.getUrl()).isEqualTo("/v1/charges?currency=EUR");
        assertThat(received.containsHeader("X-Shadow")).isFalse();
    }

    @Test
    void loadBalancedShadowGetReachesTheInstanceWithTheMarker() {
        assertThat(inShadow(() -> this.paymentsLb.price("sku-1"))).isEqualTo("live");
        LoggedRequest received = single(servers.liveRequests());
        assertThat(received.getUrl()).isEqualTo("/v1/prices?sku=sku-1");
        assertThat(received.getHeader("X-Shadow")).isEqualTo("shadow");
    }

    @Test
    void loadBalancedShadowPostIsBlocked() {
        assertThatExceptionOfType(ShadowBlockedException.class)
                .isThrownBy(() -> inShadow(() -> this.paymentsLb.charge("EUR", "{}")))
                .satisfies((ex) -> assertThat(ex.getTarget())
                        .isEqualTo("POST http://payments-lb/v1/charges (client payments-lb)"));
        assertThat(servers.liveRequests()).isEmpty();
    }

    @Test
    void loadBalancedShadowPostWithRerouteBypassesTheLoadBalancerToTheTestDouble() {
        assertThat(inShadow(() -> this.ledgerLb.charge("EUR", "{\"amount\":5}")))
                .isEqualTo("double");
        assertThat(servers.liveRequests()).isEmpty();
        LoggedRequest received = single(servers.doubleRequests());
        assertThat(received.getUrl()).isEqualTo("/mock/charges?currency=EUR");
        assertThat(received.getBodyAsString()).isEqualTo("{\"amount\":5}");
        assertThat(received.getHeader("X-Shadow")).isEqualTo("shadow");
    }

    static <T> T inShadow(Supplier<T> call) {
        try (ShadowContextHolder.Scope scope = ShadowContextHolder.bind(SHADOW)) {
            return call.get();
        }
    }

    static LoggedRequest single(List<LoggedRequest> requests) {
        assertThat(requests).hasSize(1);
        return requests.get(0);
    }

    interface ChargesApi {

        @GetMapping("/prices")
        String price(@RequestParam("sku") String sku);

        @PostMapping(path = "/charges", consumes = "application/json")
        String charge(@RequestParam("currency") String currency, @RequestBody String body);

        @DeleteMapping("/charges/{id}")
        String cancel(@PathVariable("id") String id);
    }

    @FeignClient(name = "payments", url = "${live.url}/v1")
    interface PaymentsClient extends ChargesApi {}

    @FeignClient(name = "ledger", url = "${live.url}/v1")
    interface LedgerClient extends ChargesApi {}

    @FeignClient(name = "audit", url = "${live.url}/v1")
    interface AuditClient extends ChargesApi {}

    @FeignClient(name = "maps", url = "${maps.url}/v1")
    interface MapsClient extends ChargesApi {}

    @FeignClient(name = "payments-lb", path = "/v1")
    interface PaymentsLbClient extends ChargesApi {}

    @FeignClient(name = "ledger-lb", path = "/v1")
    interface LedgerLbClient extends ChargesApi {}

    static class RecordingRecorder implements ShadowRecorder {

        final List<String> decisions = new CopyOnWriteArrayList<>();

        @Override
        public void outboundDecision(String channel, String action, String destination) {
            this.decisions.add(channel + " " + action + " " + destination);
        }
    }

    @SpringBootConfiguration(proxyBeanMethods = false)
    @EnableAutoConfiguration
    @EnableFeignClients(
            clients = {
                PaymentsClient.class,
                LedgerClient.class,
                AuditClient.class,
                MapsClient.class,
                PaymentsLbClient.class,
                LedgerLbClient.class
            })
    static class FeignApplication {

        @Bean
        RecordingRecorder recordingRecorder() {
            return new RecordingRecorder();
        }

        /**
         * A user's interceptor: it composes with the shadow policy, which runs after it.
         */
        @Bean
        RequestInterceptor tenantInterceptor() {
            return (template) -> {
                template.header("X-Tenant", "acme");
                template.header("baggage", "userId=alice");
            };
        }
    }
}
