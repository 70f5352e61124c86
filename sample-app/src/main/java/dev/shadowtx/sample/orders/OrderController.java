package dev.shadowtx.sample.orders;

import dev.shadowtx.core.context.ShadowContextHolder;
import dev.shadowtx.core.context.ShadowMode;
import dev.shadowtx.sample.orders.OrderService.Order;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /orders} and {@code GET /orders/{id}}. Each response says which mode the request
 * ran in ({@code live}, {@code shadow} or {@code synthetic}), so the demo can show it; that is the
 * only line of the sample that reads the shadow context.
 */
@RestController
class OrderController {

    private final OrderService orders;

    OrderController(OrderService orders) {
        this.orders = orders;
    }

    @PostMapping("/orders")
    @ResponseStatus(HttpStatus.CREATED)
    Map<String, Object> create(@RequestBody OrderRequest request) {
        return body(this.orders.create(request));
    }

    @GetMapping("/orders/{id}")
    ResponseEntity<Map<String, Object>> find(@PathVariable long id) {
        return ResponseEntity.of(this.orders.find(id).map(OrderController::body));
    }

    private static Map<String, Object> body(Order order) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("id", order.id());
        body.put("item", order.item());
        body.put("quantity", order.quantity());
        body.put("amount", order.amount());
        body.put("status", order.status());
        body.put("mode", currentMode());
        return body;
    }

    static String currentMode() {
        return ShadowContextHolder.currentMode().map(ShadowMode::markerValue).orElse("live");
    }
}
