package dev.shadowtx.compare.analyzer;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The parts of an exchange record (version 1) that the analyzer reads: who answered (version,
 * mode), what was asked (method and route, which together name the endpoint) and what was
 * answered (status, headers, body).
 *
 * @param id correlation id shared by the primary and its copies
 * @param service service that answered
 * @param version release that answered
 * @param instance instance that answered
 * @param mode {@code live}, {@code shadow} or {@code synthetic}
 * @param method HTTP method
 * @param route matched route pattern, else the request path
 * @param status response status
 * @param headers response headers, names in lower case
 * @param body response body: a JSON value, a string for other content types, or {@code null}
 */
public record Exchange(
        String id,
        String service,
        String version,
        String instance,
        String mode,
        String method,
        String route,
        int status,
        Map<String, String> headers,
        @Nullable JsonNode body) {

    /** Whether the record comes from live traffic, which makes it the primary of its group. */
    public boolean live() {
        return "live".equals(this.mode);
    }

    /** Endpoint the report groups by: method and route, e.g. {@code POST /orders}. */
    public String endpoint() {
        return this.method + " " + this.route;
    }

    /**
     * Reads one exchange record.
     *
     * @throws IllegalArgumentException when the value is not a JSON exchange record of version 1
     */
    public static Exchange parse(JsonMapper mapper, String json) {
        JsonNode root;
        try {
            root = mapper.readTree(json);
        } catch (JacksonException ex) {
            throw new IllegalArgumentException("exchange record is not JSON: " + ex.getOriginalMessage(), ex);
        }
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException("exchange record is not a JSON object");
        }
        int v = root.path("v").asInt(-1);
        if (v != 1) {
            throw new IllegalArgumentException("exchange record has version " + root.path("v") + ", expected 1");
        }
        String id = text(root, "id");
        if (id.isEmpty()) {
            throw new IllegalArgumentException("exchange record has no id");
        }
        JsonNode request = root.path("request");
        JsonNode response = root.path("response");
        String route = text(request, "route");
        if (route.isEmpty()) {
            route = text(request, "path");
        }
        JsonNode body = response.get("body");
        return new Exchange(
                id,
                text(root, "service"),
                text(root, "version"),
                text(root, "instance"),
                text(root, "mode").toLowerCase(Locale.ROOT),
                text(request, "method").toUpperCase(Locale.ROOT),
                route,
                response.path("status").asInt(0),
                headers(response.path("headers")),
                (body == null || body.isNull()) ? null : body);
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return (value == null || value.isNull()) ? "" : value.asString();
    }

    private static Map<String, String> headers(JsonNode node) {
        Map<String, String> headers = new LinkedHashMap<>();
        node.forEachEntry((name, value) -> {
            String joined;
            if (value.isArray()) {
                StringBuilder sb = new StringBuilder();
                for (JsonNode element : value.values()) {
                    if (!sb.isEmpty()) {
                        sb.append(", ");
                    }
                    sb.append(element.asString());
                }
                joined = sb.toString();
            } else {
                joined = value.asString();
            }
            headers.put(name.toLowerCase(Locale.ROOT), joined);
        });
        return headers;
    }
}
