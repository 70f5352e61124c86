package dev.shadowtx.compare.capture;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;

/**
 * A small order service: JSON reads and writes, a text answer, and two streaming endpoints.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
@Import(CaptureTestApplication.Orders.class)
class CaptureTestApplication {

    @RestController
    static class Orders {

        @GetMapping("/orders/{id}")
        Map<String, Object> order(@PathVariable String id) {
            return Map.of("id", id, "amount", 42, "customer", Map.of("name", "Alice", "email", "alice@example.com"));
        }

        @PostMapping("/orders")
        @ResponseStatus(HttpStatus.CREATED)
        Map<String, Object> place(@RequestBody Map<String, Object> order, @RequestHeader("Authorization") String auth) {
            return Map.of("status", "PLACED", "order", order);
        }

        @GetMapping(value = "/orders/{id}/label", produces = MediaType.TEXT_PLAIN_VALUE)
        String label(@PathVariable String id) {
            return "Order " + id + " ".repeat(200) + "end";
        }

        @GetMapping("/events")
        SseEmitter events() throws IOException {
            SseEmitter emitter = new SseEmitter();
            emitter.send("one");
            emitter.complete();
            return emitter;
        }

        @GetMapping("/download")
        StreamingResponseBody download() {
            return (out) -> out.write("streamed".getBytes(StandardCharsets.UTF_8));
        }
    }
}
