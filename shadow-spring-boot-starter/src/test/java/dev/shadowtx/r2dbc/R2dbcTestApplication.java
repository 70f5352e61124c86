package dev.shadowtx.r2dbc;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Import;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.transaction.reactive.TransactionalOperator;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * A small Spring MVC service that writes a row through R2DBC in every common way. It has no JDBC
 * data source, so R2DBC is the only way to the database and the R2DBC transaction manager the
 * only transaction manager. Not component-scanned, and outside the package GuardTestApplication
 * scans, so neither application picks up the other.
 */
@SpringBootConfiguration
@EnableAutoConfiguration(
        excludeName = {
            "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration",
            "org.springframework.boot.hibernate.autoconfigure.HibernateJpaAutoConfiguration",
            "org.springframework.boot.flyway.autoconfigure.FlywayAutoConfiguration"
        })
@Import({R2dbcOrders.class, R2dbcTestApplication.OrdersController.class})
class R2dbcTestApplication {

    @RestController
    static class OrdersController {

        private final R2dbcOrders orders;

        private final TransactionalOperator operator;

        private final DatabaseClient client;

        OrdersController(R2dbcOrders orders, TransactionalOperator operator, DatabaseClient client) {
            this.orders = orders;
            this.operator = operator;
            this.client = client;
        }

        @PostMapping("/r2dbc/auto-commit")
        String autoCommit(@RequestParam String item) {
            this.orders.insert(item).block();
            return "created " + item;
        }

        @PostMapping("/r2dbc/transactional")
        String transactional(@RequestParam String item) {
            this.orders.insertInTransaction(item).block();
            return "created " + item;
        }

        @PostMapping("/r2dbc/operator")
        String operator(@RequestParam String item) {
            this.operator.transactional(this.orders.insert(item)).block();
            return "created " + item;
        }

        @PostMapping("/r2dbc/bounded-elastic")
        String boundedElastic(@RequestParam String item) {
            this.orders
                    .insertInTransaction(item)
                    .subscribeOn(Schedulers.boundedElastic())
                    .block();
            return "created " + item;
        }

        @PostMapping("/r2dbc/mono")
        Mono<String> mono(@RequestParam String item) {
            return this.orders.insertInTransaction(item).thenReturn("created " + item);
        }

        @GetMapping("/r2dbc/count")
        Mono<Long> count() {
            return this.client
                    .sql("select count(*) from " + R2dbcOrders.TABLE)
                    .map((row) -> row.get(0, Long.class))
                    .one();
        }
    }
}
