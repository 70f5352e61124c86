package dev.shadowtx.annotation;

import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.WireMock;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * {@code @LiveOnly} methods whose side effect is a real HTTP request: in shadow the provider (a
 * WireMock server) receives nothing and the caller gets the fallback; live it receives the call.
 */
@SpringBootTest(
        classes = {LiveOnlyApplication.class, LiveOnlyTests.Meters.class},
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"spring.datasource.url=jdbc:h2:mem:liveonly;DB_CLOSE_DELAY=-1", "spring.flyway.enabled=false"})
class LiveOnlyTests {

    private static final WireMockServer provider = new WireMockServer(options().dynamicPort());

    static {
        provider.start();
        provider.stubFor(WireMock.post(anyUrl()).willReturn(WireMock.ok("real")));
    }

    @DynamicPropertySource
    static void providerUrl(DynamicPropertyRegistry registry) {
        registry.add("provider.url", provider::baseUrl);
    }

    @AfterAll
    static void stop() {
        provider.stop();
    }

    @LocalServerPort
    int port;

    @Autowired
    MeterRegistry meters;

    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void reset() {
        provider.resetRequests();
    }

    @Test
    void shadowCallReturnsTheFallbackAndNeverReachesTheProvider() throws Exception {
        assertThat(post("/orders/o-1/charge", true)).isEqualTo("simulated:o-1:false|SHADOW");
        provider.verify(0, anyRequestedFor(anyUrl()));
        assertThat(this.meters
                        .get("shadow.outbound")
                        .tag("channel", "method")
                        .tag("action", "stub")
                        .counter()
                        .count())
                .isGreaterThanOrEqualTo(1);
    }

    @Test
    void liveCallReachesTheProvider() throws Exception {
        assertThat(post("/orders/o-2/charge", false)).isEqualTo("real|LIVE");
        provider.verify(1, postRequestedFor(urlEqualTo("/charges/o-2")));
    }

    @ParameterizedTest
    @ValueSource(strings = {"email", "receipt", "refund", "charge-in-transaction", "charge-later"})
    void noAnnotatedMethodReachesTheProviderInShadow(String action) throws Exception {
        String body = post("/orders/o-3/" + action, true);
        provider.verify(0, anyRequestedFor(anyUrl()));
        assertThat(body).endsWith("|SHADOW");
    }

    @ParameterizedTest
    @ValueSource(strings = {"email", "receipt", "refund", "charge-in-transaction", "charge-later"})
    void everyAnnotatedMethodReachesTheProviderLive(String action) throws Exception {
        assertThat(post("/orders/o-4/" + action, false)).endsWith("|LIVE");
        provider.verify(1, anyRequestedFor(anyUrl()));
    }

    @Test
    void voidAndOptionalMethodsReturnNothingAndOthersRaise() throws Exception {
        assertThat(post("/orders/o-5/email", true)).isEqualTo("done|SHADOW");
        assertThat(post("/orders/o-5/receipt", true)).isEqualTo("none|SHADOW");
        assertThat(post("/orders/o-5/refund", true)).startsWith("blocked:").contains("ProviderClient.refund");
        provider.verify(0, anyRequestedFor(anyUrl()));
    }

    @Test
    void blockedMethodOpensNoTransactionBecauseTheAdviceRunsOutsideIt() throws Exception {
        assertThat(post("/orders/o-6/charge-in-transaction", true)).isEqualTo("simulated:o-6:false|SHADOW");
    }

    @Test
    void asyncLiveOnlyMethodIsBlockedOnTheExecutorThread() throws Exception {
        assertThat(post("/orders/o-7/charge-later", true)).isEqualTo("failed:ShadowBlockedException|SHADOW");
        provider.verify(0, anyRequestedFor(anyUrl()));
    }

    private String post(String path, boolean shadow) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + path))
                .POST(HttpRequest.BodyPublishers.noBody());
        if (shadow) {
            request.header("X-Shadow", "shadow");
        }
        HttpResponse<String> response = this.http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        return response.body();
    }

    @TestConfiguration(proxyBeanMethods = false)
    static class Meters {

        @Bean
        SimpleMeterRegistry meterRegistry() {
            return new SimpleMeterRegistry();
        }
    }
}
