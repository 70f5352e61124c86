package dev.shadowtx.annotation;

import dev.shadowtx.core.ShadowBlockedException;
import dev.shadowtx.core.ShadowStatus;
import dev.shadowtx.core.annotation.LiveOnly;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.scheduling.annotation.Async;
import org.springframework.scheduling.annotation.EnableAsync;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * A service whose e-mail and payment SDKs (played by a WireMock server) no guard can see.
 */
@SpringBootConfiguration(proxyBeanMethods = false)
@EnableAutoConfiguration
@EnableAsync
class LiveOnlyApplication {

    /**
     * Calls the "provider" over HTTP, the way an SDK would: no shadowtx HTTP guard involved.
     */
    @Component
    static class ProviderClient {

        private final HttpClient http = HttpClient.newHttpClient();

        private final String baseUrl;

        ProviderClient(@Value("${provider.url}") String baseUrl) {
            this.baseUrl = baseUrl;
        }

        @LiveOnly(fallbackMethod = "simulatedCharge")
        public String charge(String order) {
            return post("/charges/" + order);
        }

        String simulatedCharge(String order, ShadowBlockedException blocked) {
            return "simulated:" + order + ":" + TransactionSynchronizationManager.isActualTransactionActive();
        }

        @LiveOnly
        public void sendEmail(String order) {
            post("/emails/" + order);
        }

        @LiveOnly
        public Optional<String> lookUpReceipt(String order) {
            return Optional.of(post("/receipts/" + order));
        }

        @LiveOnly
        public String refund(String order) {
            return post("/refunds/" + order);
        }

        @LiveOnly(fallbackMethod = "simulatedCharge")
        @Transactional
        public String chargeInTransaction(String order) {
            return post("/charges/" + order);
        }

        @Async
        @LiveOnly
        public CompletableFuture<String> chargeLater(String order) {
            return CompletableFuture.completedFuture(post("/charges/" + order));
        }

        private String post(String path) {
            HttpRequest request = HttpRequest.newBuilder(URI.create(this.baseUrl + path))
                    .POST(HttpRequest.BodyPublishers.noBody())
                    .build();
            try {
                return this.http
                        .send(request, HttpResponse.BodyHandlers.ofString())
                        .body();
            } catch (IOException ex) {
                throw new IllegalStateException(ex);
            } catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(ex);
            }
        }
    }

    @RestController
    static class OrderController {

        private final ProviderClient provider;

        private final ShadowStatus status;

        OrderController(ProviderClient provider, ShadowStatus status) {
            this.provider = provider;
            this.status = status;
        }

        @PostMapping("/orders/{order}/{action}")
        String act(@PathVariable String order, @PathVariable String action) {
            String result = switch (action) {
                case "charge" -> this.provider.charge(order);
                case "email" -> {
                    this.provider.sendEmail(order);
                    yield "done";
                }
                case "receipt" -> this.provider.lookUpReceipt(order).orElse("none");
                case "refund" -> {
                    try {
                        yield this.provider.refund(order);
                    } catch (ShadowBlockedException ex) {
                        yield "blocked:" + ex.getTarget();
                    }
                }
                case "charge-in-transaction" -> this.provider.chargeInTransaction(order);
                case "charge-later" ->
                    this.provider
                            .chargeLater(order)
                            .exceptionally(
                                    (ex) -> "failed:" + ex.getCause().getClass().getSimpleName())
                            .join();
                default -> throw new IllegalArgumentException(action);
            };
            return result + "|"
                    + this.status.currentMode().map(Object::toString).orElse("LIVE");
        }
    }
}
