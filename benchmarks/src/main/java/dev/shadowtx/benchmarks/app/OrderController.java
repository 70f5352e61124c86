package dev.shadowtx.benchmarks.app;

import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /orders}: the 20 most recent orders (a bounded read, so its cost does not grow
 * with the rows the POST phases add); {@code POST /orders}: one insert in a transaction.
 */
@RestController
class OrderController {

    private final OrderService orders;

    OrderController(OrderService orders) {
        this.orders = orders;
    }

    @GetMapping("/orders")
    List<Map<String, Object>> recent() {
        return this.orders.recent();
    }

    @PostMapping("/orders")
    @ResponseStatus(HttpStatus.CREATED)
    Map<String, Object> create(@RequestBody OrderRequest request) {
        this.orders.create(request.item(), request.quantity());
        return Map.of("item", request.item(), "quantity", request.quantity());
    }

    record OrderRequest(String item, int quantity) {}
}
