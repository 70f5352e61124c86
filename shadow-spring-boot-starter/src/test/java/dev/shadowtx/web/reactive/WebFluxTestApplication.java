package dev.shadowtx.web.reactive;

import dev.shadowtx.core.context.ShadowContextHolder;
import dev.shadowtx.core.context.ShadowMode;
import dev.shadowtx.r2dbc.R2dbcOrders;
import java.time.Duration;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.transaction.reactive.TransactionalOperator;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * A small WebFlux service on Reactor Netty that writes a row through R2DBC in every common way and
 * answers with the mode its handler observed: where the handler starts, then after the write
 * (on whatever thread the driver or scheduler signalled), as {@code <start>/<after>}. No JDBC
 * data source: R2DBC is the only way to the database. Not component-scanned.
 */
@SpringBootConfiguration
@EnableAutoConfiguration(
        excludeName = {
            "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration",
            "org.springframework.boot.hibernate.autoconfigure.HibernateJpaAutoConfiguration",
            "org.springframework.boot.flyway.autoconfigure.FlywayAutoConfiguration"
        })
@Import({R2dbcOrders.class, WebFluxTestApplication.OrdersController.class})
class WebFluxTestApplication {

    static String mode() {
        return ShadowContextHolder.currentMode().map(ShadowMode::markerValue).orElse("live");
    }

    @Bean
    RouterFunction<ServerResponse> functionalOrders(R2dbcOrders orders) {
        return RouterFunctions.route()
                .POST("/fn/orders", (request) -> {
                    String atStart = mode();
                    String item = request.queryParam("item").orElseThrow();
                    return orders.insert(item)
                            .then(Mono.fromCallable(() -> atStart + "/" + mode()))
                            .flatMap((body) -> ServerResponse.ok().bodyValue(body));
                })
                .build();
    }

    @RestController
    static class OrdersController {

        private final R2dbcOrders orders;

        private final TransactionalOperator operator;

        private final WebClient webClient;

        OrdersController(R2dbcOrders orders, TransactionalOperator operator, WebClient.Builder webClients) {
            this.orders = orders;
            this.operator = operator;
            this.webClient = webClients.build();
        }

        @PostMapping("/orders/transactional")
        Mono<String> transactional(@RequestParam String item) {
            return report(mode(), this.orders.insertInTransaction(item));
        }

        @PostMapping("/orders/operator")
        Mono<String> operator(@RequestParam String item) {
            return report(mode(), this.operator.transactional(this.orders.insert(item)));
        }

        @PostMapping("/orders/auto-commit")
        Mono<String> autoCommit(@RequestParam String item) {
            return report(mode(), this.orders.insert(item));
        }

        /**
         * Writes the request body as the item and answers it: the body reached the application.
         */
        @PostMapping("/orders/body")
        Mono<String> body(@org.springframework.web.bind.annotation.RequestBody String item) {
            return this.orders.insert(item).thenReturn(item);
        }

        @PostMapping("/orders/bounded-elastic")
        Mono<String> boundedElastic(@RequestParam String item) {
            String atStart = mode();
            return Mono.fromCallable(WebFluxTestApplication::mode)
                    .subscribeOn(Schedulers.boundedElastic())
                    .flatMap((onElastic) -> this.orders
                            .insertInTransaction(item)
                            .subscribeOn(Schedulers.boundedElastic())
                            .then(Mono.fromCallable(() -> atStart + "/" + onElastic)));
        }

        @GetMapping("/mode")
        Mono<String> observedMode(@RequestParam long delayMillis) {
            String atStart = mode();
            return Mono.delay(Duration.ofMillis(delayMillis))
                    .publishOn(Schedulers.boundedElastic())
                    .map((tick) -> atStart + "/" + mode());
        }

        @PostMapping("/outbound")
        Mono<String> outbound(@RequestParam String url) {
            return this.webClient
                    .post()
                    .uri(url)
                    .bodyValue("{\"amount\":1}")
                    .retrieve()
                    .bodyToMono(String.class)
                    .onErrorResume((ex) -> Mono.just("failed: " + ex.getClass().getSimpleName()));
        }

        private static Mono<String> report(String atStart, Mono<Void> write) {
            return write.then(Mono.fromCallable(() -> atStart + "/" + mode()));
        }
    }
}
