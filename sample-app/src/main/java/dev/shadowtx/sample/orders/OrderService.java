package dev.shadowtx.sample.orders;

import dev.shadowtx.sample.orders.PaymentsClient.Charge;
import dev.shadowtx.sample.orders.PaymentsClient.ChargeRequest;
import java.math.BigDecimal;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.jdbc.support.KeyHolder;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.json.JsonMapper;

/**
 * Creates an order: stores it, charges it, announces it. Plain Spring code; nothing here knows
 * about shadow traffic.
 */
@Service
class OrderService {

    private static final BigDecimal UNIT_PRICE = new BigDecimal("12.50");

    private static final BigDecimal BULK_PRICE = new BigDecimal("11.25");

    private final JdbcClient jdbc;

    private final PaymentsClient payments;

    private final KafkaTemplate<String, String> kafka;

    private final JsonMapper json;

    private final boolean bulkDiscount;

    OrderService(
            JdbcClient jdbc,
            PaymentsClient payments,
            KafkaTemplate<String, String> kafka,
            JsonMapper json,
            @Value("${orders.pricing.bulk-discount:false}") boolean bulkDiscount) {
        this.jdbc = jdbc;
        this.payments = payments;
        this.kafka = kafka;
        this.json = json;
        this.bulkDiscount = bulkDiscount;
    }

    /** The unit price; the next release (profile {@code candidate}) gives 10 % off from three items. */
    private BigDecimal price(int quantity) {
        return (this.bulkDiscount && quantity >= 3) ? BULK_PRICE : UNIT_PRICE;
    }

    @Transactional
    Order create(OrderRequest request) {
        BigDecimal amount = price(request.quantity()).multiply(BigDecimal.valueOf(request.quantity()));
        KeyHolder key = new GeneratedKeyHolder();
        this.jdbc
                .sql("insert into orders (item, quantity, amount, status) values (?, ?, ?, 'NEW')")
                .params(request.item(), request.quantity(), amount)
                .update(key, "id");
        long id = Objects.requireNonNull(key.getKeyAs(Long.class), "generated order id");
        Charge charge = this.payments.charge(new ChargeRequest(id, amount));
        String status = "APPROVED".equals(charge.status()) ? "PAID" : "PAYMENT_DECLINED";
        this.jdbc
                .sql("update orders set status = ?, payment_id = ? where id = ?")
                .params(status, charge.paymentId(), id)
                .update();
        publish(new OrderCreated(id, request.item(), request.quantity(), amount));
        return new Order(id, request.item(), request.quantity(), amount, status);
    }

    @Transactional(readOnly = true)
    Optional<Order> find(long id) {
        return this.jdbc
                .sql("select id, item, quantity, amount, status from orders where id = ?")
                .param(id)
                .query(Order.class)
                .optional();
    }

    private void publish(OrderCreated event) {
        try {
            this.kafka
                    .send(OrderCreated.TOPIC, String.valueOf(event.orderId()), this.json.writeValueAsString(event))
                    .get(10, TimeUnit.SECONDS);
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while publishing " + event, ex);
        } catch (ExecutionException | TimeoutException ex) {
            throw new IllegalStateException("Could not publish " + event, ex);
        }
    }

    /**
     * An order as stored.
     *
     * @param id id of the order
     * @param item what was ordered
     * @param quantity how many
     * @param amount amount charged
     * @param status {@code PAID} or {@code PAYMENT_DECLINED}
     */
    record Order(long id, String item, int quantity, BigDecimal amount, String status) {}
}
