package dev.shadowtx.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.shadowtx.core.ShadowBlockedException;
import dev.shadowtx.core.testsupport.Collaborators;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.client.RestClient;

/**
 * The whole chain in a real servlet application: an inbound request marked by the mesh, the
 * filter that binds the context, and the application's own {@code RestClient} calls to its
 * collaborators, which it makes without knowing about shadow traffic.
 */
@SpringBootTest(
        classes = ShadowHttpEndToEndTests.CheckoutApplication.class,
        webEnvironment = WebEnvironment.RANDOM_PORT,
        properties =
                "spring.autoconfigure.exclude=org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration,"
                        + "org.springframework.boot.hibernate.autoconfigure.HibernateJpaAutoConfiguration")
class ShadowHttpEndToEndTests {

    static final Collaborators servers = new Collaborators();

    @LocalServerPort
    int port;

    @DynamicPropertySource
    static void collaborators(DynamicPropertyRegistry registry) {
        registry.add("catalog.url", () -> "http://localhost:" + servers.livePort());
        registry.add("payments.url", servers::liveUrl);
        String rule = "shadow.http.destinations[" + servers.liveAuthority() + "]";
        registry.add(rule + ".action", () -> "REROUTE");
        registry.add(rule + ".url", () -> servers.doubleUrl() + "/payments-mock");
    }

    @AfterEach
    void reset() {
        servers.reset();
    }

    @AfterAll
    static void stop() {
        servers.close();
    }

    @Test
    void liveCheckoutCallsEveryCollaboratorWithoutTheMarker() throws Exception {
        assertThat(checkout(null)).isEqualTo("live,live,sent");
        assertThat(servers.liveRequests()).hasSize(3).noneMatch((request) -> request.containsHeader("X-Shadow"));
        assertThat(servers.doubleRequests()).isEmpty();
    }

    @Test
    void shadowCheckoutReadsLiveReroutesThePaymentAndBlocksTheAudit() throws Exception {
        assertThat(checkout("shadow")).isEqualTo("live,double,blocked");
        LoggedRequest price = HttpClientShadowContract.single(servers.liveRequests());
        assertThat(price.getUrl()).isEqualTo("/prices?sku=1");
        assertThat(price.getHeader("X-Shadow")).isEqualTo("shadow");
        LoggedRequest charge = HttpClientShadowContract.single(servers.doubleRequests());
        assertThat(charge.getUrl()).isEqualTo("/payments-mock/charges?currency=EUR");
        assertThat(charge.getBodyAsString()).isEqualTo("{\"amount\":5}");
        assertThat(charge.getHeader("X-Shadow")).isEqualTo("shadow");
    }

    private String checkout(String marker) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + "/checkout"))
                .POST(HttpRequest.BodyPublishers.noBody());
        if (marker != null) {
            request.header("X-Shadow", marker);
        }
        HttpResponse<String> response =
                HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        return response.body();
    }

    @SpringBootConfiguration(proxyBeanMethods = false)
    @EnableAutoConfiguration
    @Import(CheckoutController.class)
    static class CheckoutApplication {}

    @RestController
    static class CheckoutController {

        private final RestClient catalog;

        private final RestClient payments;

        CheckoutController(
                RestClient.Builder builder,
                @Value("${catalog.url}") String catalogUrl,
                @Value("${payments.url}") String paymentsUrl) {
            this.catalog = builder.clone().baseUrl(catalogUrl).build();
            this.payments = builder.clone().baseUrl(paymentsUrl).build();
        }

        @PostMapping("/checkout")
        String checkout() {
            String price = this.catalog.get().uri("/prices?sku=1").retrieve().body(String.class);
            String charge = this.payments
                    .post()
                    .uri("/charges?currency=EUR")
                    .contentType(MediaType.APPLICATION_JSON)
                    .body("{\"amount\":5}")
                    .retrieve()
                    .body(String.class);
            String audit;
            try {
                this.catalog.put().uri("/audit").body("checkout").retrieve().toBodilessEntity();
                audit = "sent";
            } catch (ShadowBlockedException ex) {
                audit = "blocked";
            }
            return price + "," + charge + "," + audit;
        }
    }
}
