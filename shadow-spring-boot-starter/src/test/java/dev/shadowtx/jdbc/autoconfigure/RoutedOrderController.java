package dev.shadowtx.jdbc.autoconfigure;

import dev.shadowtx.core.context.ShadowContext;
import dev.shadowtx.core.context.ShadowContextHolder;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The orders service of the routing test: writes and reads with JPA and with JdbcTemplate, in
 * Spring transactions, with no knowledge of shadow traffic. Answers "id item status".
 */
@RestController
class RoutedOrderController {

    @PersistenceContext
    private EntityManager entityManager;

    private final JdbcTemplate jdbc;

    private final TransactionTemplate transaction;

    RoutedOrderController(JdbcTemplate jdbc, PlatformTransactionManager transactionManager) {
        this.jdbc = jdbc;
        this.transaction = new TransactionTemplate(transactionManager);
    }

    @PostMapping("/orders")
    String createWithJpa(@RequestParam String item) {
        return this.transaction.execute((status) -> {
            RoutedOrder order = new RoutedOrder(item);
            this.entityManager.persist(order);
            return order.toString();
        });
    }

    @PostMapping("/jdbc-orders")
    String createWithJdbc(@RequestParam String item) {
        GeneratedKeyHolder key = new GeneratedKeyHolder();
        this.jdbc.update(
                (connection) -> {
                    var statement = connection.prepareStatement(
                            "insert into routed_orders (item, status) values (?, 'NEW')", new String[] {"id"});
                    statement.setString(1, item);
                    return statement;
                },
                key);
        return key.getKey() + " " + item + " NEW";
    }

    @GetMapping("/orders/{id}")
    ResponseEntity<String> readWithJdbc(@PathVariable long id) {
        return this.jdbc
                .query(
                        "select id, item, status from routed_orders where id = ?",
                        (row, n) -> row.getLong(1) + " " + row.getString(2) + " " + row.getString(3),
                        id)
                .stream()
                .findFirst()
                .map(ResponseEntity::ok)
                .orElse(ResponseEntity.notFound().build());
    }

    @GetMapping("/orders/{id}/jpa")
    ResponseEntity<String> readWithJpa(@PathVariable long id) {
        RoutedOrder order = this.transaction.execute((status) -> this.entityManager.find(RoutedOrder.class, id));
        return (order != null)
                ? ResponseEntity.ok(order.toString())
                : ResponseEntity.notFound().build();
    }

    @PostMapping("/orders/{id}/pay")
    ResponseEntity<String> pay(@PathVariable long id) {
        RoutedOrder order = this.transaction.execute((status) -> {
            RoutedOrder found = this.entityManager.find(RoutedOrder.class, id);
            if (found != null) {
                found.pay();
            }
            return found;
        });
        return (order != null)
                ? ResponseEntity.ok(order.toString())
                : ResponseEntity.notFound().build();
    }

    /**
     * Opens a JPA transaction in the current context, persists a first order, then binds
     * {@code inside} and persists a second one in the same transaction.
     */
    void createTwoInOneTransaction(String first, ShadowContext inside, String second) {
        this.transaction.executeWithoutResult((status) -> {
            this.entityManager.persist(new RoutedOrder(first));
            this.entityManager.flush();
            try (ShadowContextHolder.Scope scope = ShadowContextHolder.bind(inside)) {
                this.entityManager.persist(new RoutedOrder(second));
                this.entityManager.flush();
            }
        });
    }
}
