package dev.shadowtx.sample.orders;

import java.math.BigDecimal;

/**
 * Event published on topic {@code orders} when an order was created and paid.
 *
 * @param orderId id of the order
 * @param item what was ordered
 * @param quantity how many
 * @param amount amount charged
 */
public record OrderCreated(long orderId, String item, int quantity, BigDecimal amount) {

    /**
     * Topic the event is published on. In shadow, shadow-kafka reroutes it to
     * {@code orders.shadow}.
     */
    public static final String TOPIC = "orders";
}
