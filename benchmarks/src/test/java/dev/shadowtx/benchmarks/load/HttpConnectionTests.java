package dev.shadowtx.benchmarks.load;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The driver's connection reads whole responses, sized or chunked, and keeps the connection.
 */
class HttpConnectionTests {

    private final List<String> received = new CopyOnWriteArrayList<>();

    private HttpServer server;

    @BeforeEach
    void start() throws IOException {
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        this.server.createContext("/", (exchange) -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            this.received.add(exchange.getRequestMethod() + " " + exchange.getRequestURI() + " "
                    + exchange.getRequestHeaders().getFirst("X-Shadow") + " " + body);
            byte[] response = "x".repeat(20_000).getBytes(StandardCharsets.UTF_8);
            boolean chunked = exchange.getRequestURI().getPath().equals("/chunked");
            exchange.sendResponseHeaders(
                    exchange.getRequestMethod().equals("POST") ? 201 : 200, chunked ? 0 : response.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(response);
            }
        });
        this.server.start();
    }

    @AfterEach
    void stop() {
        this.server.stop(0);
    }

    @Test
    void readsSizedAndChunkedResponsesOnOneConnection() throws IOException {
        int port = this.server.getAddress().getPort();
        try (HttpConnection connection = new HttpConnection(port, 5_000)) {
            for (int i = 0; i < 3; i++) {
                assertThat(connection.exchange(HttpConnection.request("GET", "/sized", port, new String[0], null)))
                        .isEqualTo(200);
                assertThat(connection.exchange(HttpConnection.request("GET", "/chunked", port, new String[0], null)))
                        .isEqualTo(200);
            }
            assertThat(connection.exchange(HttpConnection.request(
                            "POST", "/orders", port, new String[] {"X-Shadow: shadow"}, "{\"item\":\"book\"}")))
                    .isEqualTo(201);
        }
        assertThat(this.received).hasSize(7).last().isEqualTo("POST /orders shadow {\"item\":\"book\"}");
    }

    @Test
    void phaseCountsEveryRequestAndStopsAtItsBudget() throws InterruptedException {
        int port = this.server.getAddress().getPort();
        Phase.Result result = new Phase(port, 2, 10_000_000_000L, 50)
                .run(HttpConnection.request("GET", "/sized", port, new String[0], null));
        assertThat(result.requests()).isEqualTo(50);
        assertThat(result.errors()).isZero();
        assertThat(this.received).hasSize(50);
        assertThat(result.percentileMillis(50)).isPositive().isLessThanOrEqualTo(result.percentileMillis(99));
    }

    @Test
    void phaseAcrossServersSendsEveryRequestOncePerTurnInAnOrderDrawnForEachTurn() throws InterruptedException {
        int port = this.server.getAddress().getPort();
        byte[][] requests = {
            HttpConnection.request("GET", "/a", port, new String[0], null),
            HttpConnection.request("GET", "/b", port, new String[0], null),
            HttpConnection.request("GET", "/c", port, new String[0], null)
        };
        Phase.Result result =
                new Phase(port, 1, 10_000_000_000L, 300).runAcross(new int[] {port, port, port}, requests);
        assertThat(result.requests()).isEqualTo(300);
        assertThat(result.errors()).isZero();
        Set<List<String>> orders = new HashSet<>();
        for (int turn = 0; turn < 100; turn++) {
            List<String> paths = this.received.subList(3 * turn, 3 * turn + 3).stream()
                    .map((line) -> line.split(" ")[1])
                    .toList();
            assertThat(paths).containsExactlyInAnyOrder("/a", "/b", "/c");
            orders.add(paths);
        }
        assertThat(orders).hasSizeGreaterThan(3);
    }
}
