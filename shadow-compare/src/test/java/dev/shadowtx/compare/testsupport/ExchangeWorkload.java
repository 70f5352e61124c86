package dev.shadowtx.compare.testsupport;

import java.time.Instant;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A generated comparison workload: triples of exchange records (primary, secondary, candidate)
 * over three endpoints. Ids, timestamps and a random token differ in every answer, between every
 * two instances; the candidate answers {@value #CHANGED_PATH} on {@value #CHANGED_ENDPOINT}
 * differently in one answer out of {@value #CHANGE_EVERY}. Deterministic for a seed.
 */
public final class ExchangeWorkload {

    /** Endpoint whose answers the candidate changes. */
    public static final String CHANGED_ENDPOINT = "POST /orders";

    /** Field the candidate changes. */
    public static final String CHANGED_PATH = "body.total";

    /** One answer in this many is changed: 5 %. */
    public static final int CHANGE_EVERY = 20;

    /** The three endpoints, in the order triples cycle through them. */
    public static final List<String> ENDPOINTS =
            List.of("POST /orders", "GET /orders/{id}", "GET /customers/{id}/orders");

    /** Fields that differ in every answer of every endpoint: noise. */
    public static final List<String> NOISE_PATHS = List.of("body.id", "body.createdAt", "body.token");

    /** Service name in every record. */
    public static final String SERVICE = "orders";

    private static final JsonMapper MAPPER = JsonMapper.builder().build();

    private final Random random;

    private final long startMillis;

    public ExchangeWorkload(long seed) {
        this.random = new Random(seed);
        this.startMillis = Instant.parse("2026-12-01T10:00:00Z").toEpochMilli();
    }

    /** Receives the records of the workload. */
    @FunctionalInterface
    public interface Sink {

        /** One exchange record, keyed by its correlation id, with its record timestamp. */
        void record(String key, String json, long timestamp);
    }

    /**
     * Generates {@code triples} requests, each as a primary, a secondary and a candidate record, in
     * that order (the order the mesh usually delivers them, not one the analyzer relies on).
     */
    public void generate(int triples, Sink sink) {
        for (int i = 0; i < triples; i++) {
            String id = "req-" + i + "-" + Long.toHexString(this.random.nextLong());
            String endpoint = ENDPOINTS.get(i % ENDPOINTS.size());
            boolean changed = endpoint.equals(CHANGED_ENDPOINT) && (i / ENDPOINTS.size()) % CHANGE_EVERY == 0;
            long time = this.startMillis + i * 3L;
            sink.record(id, record(id, endpoint, i, "1.4.0", "orders-live-1", "live", false, time), time);
            sink.record(id, record(id, endpoint, i, "1.4.0", "orders-live-2", "shadow", false, time + 1), time + 1);
            sink.record(id, record(id, endpoint, i, "1.5.0", "orders-canary-1", "shadow", changed, time + 2), time + 2);
        }
    }

    /** How many of {@code triples} carry the candidate's change. */
    public static int changedCount(int triples) {
        int count = 0;
        for (int i = 0; i < triples; i++) {
            if (ENDPOINTS.get(i % ENDPOINTS.size()).equals(CHANGED_ENDPOINT)
                    && (i / ENDPOINTS.size()) % CHANGE_EVERY == 0) {
                count++;
            }
        }
        return count;
    }

    private String record(
            String id,
            String endpoint,
            int n,
            String version,
            String instance,
            String mode,
            boolean changed,
            long time) {
        int space = endpoint.indexOf(' ');
        String method = endpoint.substring(0, space);
        String route = endpoint.substring(space + 1);
        ObjectNode root = MAPPER.createObjectNode();
        root.put("v", 1);
        root.put("id", id);
        root.put("service", SERVICE);
        root.put("version", version);
        root.put("instance", instance);
        root.put("mode", mode);
        root.put("time", Instant.ofEpochMilli(time).toString());
        ObjectNode request = root.putObject("request");
        request.put("method", method);
        request.put("route", route);
        request.put("path", route.replace("{id}", String.valueOf(1000 + n % 97)));
        request.put("query", "");
        request.putObject("headers").put("x-request-id", id);
        ObjectNode response = root.putObject("response");
        response.put("status", method.equals("POST") ? 201 : 200);
        response.putObject("headers").put("content-type", "application/json");
        ObjectNode body = response.putObject("body");
        body.put("id", UUID.nameUUIDFromBytes(longBytes(this.random.nextLong())).toString());
        body.put("createdAt", Instant.ofEpochMilli(time).toString());
        body.put("token", Long.toHexString(this.random.nextLong()));
        int customer = 1000 + n % 97;
        switch (endpoint) {
            case "POST /orders" -> {
                body.put("customer", customer);
                body.put("status", "CREATED");
                body.put("total", changed ? 10 + (n % 50) + 0.99 : 10 + (n % 50) + 0.5);
                ArrayNode lines = body.putArray("lines");
                lines.addObject().put("sku", "sku-" + (n % 7)).put("quantity", 1 + n % 3);
                lines.addObject().put("sku", "sku-" + (n % 11)).put("quantity", 2);
            }
            case "GET /orders/{id}" -> {
                body.put("customer", customer);
                body.put("status", n % 2 == 0 ? "PAID" : "CREATED");
                body.put("total", 20 + (n % 30));
            }
            default -> {
                body.put("customer", customer);
                ArrayNode orders = body.putArray("orders");
                for (int k = 0; k < 3; k++) {
                    orders.addObject().put("number", customer * 10 + k).put("total", 5 + k);
                }
            }
        }
        response.put("truncated", false);
        root.put("durationMs", 3 + this.random.nextInt(20));
        return MAPPER.writeValueAsString(root);
    }

    private static byte[] longBytes(long value) {
        return java.nio.ByteBuffer.allocate(Long.BYTES).putLong(value).array();
    }
}
