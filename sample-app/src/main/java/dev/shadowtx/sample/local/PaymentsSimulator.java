package dev.shadowtx.sample.local;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.shadowtx.core.marker.MarkerNames;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;

/**
 * The payments provider the orders service charges, and its test double, as two paths of one
 * small HTTP server on a free local port: {@code /live-payments} and {@code /test-payments}.
 * <p>
 * Both answer {@code POST .../charges} alike and remember what they received, so the demo can
 * show that a shadow charge reached the double and not the live provider. In a real deployment
 * they are separate services (the double being Hoverfly, Microcks, WireMock or a test tenant of
 * the provider); nothing in the orders service depends on them running in-process.
 */
public final class PaymentsSimulator implements AutoCloseable {

    /**
     * Name of the live provider in {@link #received(String)}.
     */
    public static final String LIVE = "live";

    /**
     * Name of the test double in {@link #received(String)}.
     */
    public static final String TEST_DOUBLE = "test-double";

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final HttpServer server;

    private final List<ReceivedCharge> received = new CopyOnWriteArrayList<>();

    private final AtomicLong sequence = new AtomicLong();

    private PaymentsSimulator(HttpServer server) {
        this.server = server;
    }

    /**
     * Start both collaborators on a free port of the loopback interface.
     * @return the running simulator
     * @throws IOException when no server socket can be opened
     */
    public static PaymentsSimulator start() throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        PaymentsSimulator simulator = new PaymentsSimulator(server);
        server.createContext("/live-payments/charges", (exchange) -> simulator.charge(LIVE, "pay-", exchange));
        server.createContext("/test-payments/charges", (exchange) -> simulator.charge(TEST_DOUBLE, "test-", exchange));
        server.start();
        return simulator;
    }

    /**
     * Base URL of the live provider.
     * @return the URL, for example {@code http://127.0.0.1:41234/live-payments}
     */
    public String liveUrl() {
        return baseUrl() + "/live-payments";
    }

    /**
     * Base URL of the test double.
     * @return the URL, for example {@code http://127.0.0.1:41234/test-payments}
     */
    public String testDoubleUrl() {
        return baseUrl() + "/test-payments";
    }

    /**
     * Charges one collaborator received, oldest first.
     * @param collaborator {@link #LIVE} or {@link #TEST_DOUBLE}
     * @return the charges
     */
    public List<ReceivedCharge> received(String collaborator) {
        return this.received.stream()
                .filter((charge) -> charge.collaborator().equals(collaborator))
                .toList();
    }

    @Override
    public void close() {
        this.server.stop(0);
    }

    private String baseUrl() {
        InetSocketAddress address = this.server.getAddress();
        return "http://" + address.getAddress().getHostAddress() + ":" + address.getPort();
    }

    private void charge(String collaborator, String idPrefix, HttpExchange exchange) throws IOException {
        try (exchange) {
            if (!"POST".equals(exchange.getRequestMethod())) {
                exchange.sendResponseHeaders(405, -1);
                return;
            }
            Map<?, ?> request;
            try (InputStream in = exchange.getRequestBody()) {
                request = JSON.readValue(in.readAllBytes(), Map.class);
            }
            String marker = exchange.getRequestHeaders().getFirst(MarkerNames.DEFAULT_HEADER);
            String mode = (marker != null) ? marker : "live";
            String paymentId = idPrefix + this.sequence.incrementAndGet();
            this.received.add(new ReceivedCharge(
                    collaborator, mode, paymentId, value(request, "orderId"), value(request, "amount")));
            byte[] body = JSON.writeValueAsBytes(Map.of("paymentId", paymentId, "status", "APPROVED", "mode", mode));
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }

    private static @Nullable String value(Map<?, ?> request, String key) {
        Object value = request.get(key);
        return (value != null) ? String.valueOf(value) : null;
    }

    /**
     * One charge a collaborator received.
     *
     * @param collaborator {@link #LIVE} or {@link #TEST_DOUBLE}
     * @param mode value of the {@code X-Shadow} header, or {@code live} without one
     * @param paymentId id the collaborator answered with
     * @param orderId order id of the charge
     * @param amount amount of the charge
     */
    public record ReceivedCharge(
            String collaborator,
            String mode,
            String paymentId,
            @Nullable String orderId,
            @Nullable String amount) {}
}
