package dev.shadowtx.compare.analyzer;

import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/** Hand-made exchange records for tests that need one particular answer. */
final class Records {

    static final JsonMapper MAPPER = JsonMapper.builder().build();

    private Records() {}

    static String record(String id, String version, String mode, String endpoint, int status, String bodyJson) {
        return record(id, version, mode, endpoint, status, "application/json", MAPPER.readTree(bodyJson));
    }

    static String record(
            String id, String version, String mode, String endpoint, int status, String contentType, Object body) {
        int space = endpoint.indexOf(' ');
        ObjectNode root = MAPPER.createObjectNode();
        root.put("v", 1).put("id", id).put("service", "orders").put("version", version);
        root.put("instance", version + "-" + mode).put("mode", mode).put("time", "2026-12-01T10:00:00Z");
        ObjectNode request = root.putObject("request");
        request.put("method", endpoint.substring(0, space)).put("route", endpoint.substring(space + 1));
        ObjectNode response = root.putObject("response");
        response.put("status", status);
        response.putObject("headers").put("content-type", contentType);
        if (body instanceof tools.jackson.databind.JsonNode node) {
            response.set("body", node);
        } else {
            response.put("body", String.valueOf(body));
        }
        response.put("truncated", false);
        return MAPPER.writeValueAsString(root);
    }

    static Exchange exchange(String json) {
        return Exchange.parse(MAPPER, json);
    }
}
