package dev.shadowtx.sample.demo;

import dev.shadowtx.sample.local.PaymentsSimulator;
import dev.shadowtx.sample.local.PaymentsSimulator.ReceivedCharge;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Read-only views for the demo: what each payments collaborator received, what the event listener
 * saw, what the tables hold. Not something a real service would expose.
 */
@RestController
@RequestMapping("/demo")
class DemoController {

    private final JdbcClient jdbc;

    private final ListenerLog listenerLog;

    private final @Nullable PaymentsSimulator payments;

    DemoController(JdbcClient jdbc, ListenerLog listenerLog, ObjectProvider<PaymentsSimulator> payments) {
        this.jdbc = jdbc;
        this.listenerLog = listenerLog;
        this.payments = payments.getIfAvailable();
    }

    /**
     * Charges received by the live payments provider and by its test double.
     */
    @GetMapping("/payments")
    Map<String, List<ReceivedCharge>> payments() {
        if (this.payments == null) {
            return Map.of();
        }
        return Map.of(
                "live",
                this.payments.received(PaymentsSimulator.LIVE),
                "test-double",
                this.payments.received(PaymentsSimulator.TEST_DOUBLE));
    }

    /**
     * Records handled by the {@code OrderCreated} listener, with their topic and mode.
     */
    @GetMapping("/events")
    List<ListenerLog.Event> events() {
        return this.listenerLog.events();
    }

    /**
     * Rows of the {@code orders} table.
     */
    @GetMapping("/orders")
    List<OrderRow> orders() {
        return this.jdbc
                .sql("select id, item, quantity, amount, status, payment_id from orders order by id")
                .query(OrderRow.class)
                .list();
    }

    /**
     * Rows of the {@code order_view} read model.
     */
    @GetMapping("/read-model")
    List<ViewRow> readModel() {
        return this.jdbc
                .sql("select order_id, item, quantity, amount from order_view order by order_id")
                .query(ViewRow.class)
                .list();
    }

    /**
     * A row of {@code orders}.
     *
     * @param id id of the order
     * @param item what was ordered
     * @param quantity how many
     * @param amount amount charged
     * @param status status of the order
     * @param paymentId id of the payment at the provider
     */
    record OrderRow(
            long id,
            String item,
            int quantity,
            BigDecimal amount,
            String status,
            @Nullable String paymentId) {}

    /**
     * A row of {@code order_view}.
     *
     * @param orderId id of the order
     * @param item what was ordered
     * @param quantity how many
     * @param amount amount charged
     */
    record ViewRow(long orderId, String item, int quantity, BigDecimal amount) {}
}
