package dev.shadowtx.materialize;

import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Reads the change-event envelope that Debezium's connectors write through Kafka Connect's JSON
 * converter, with schemas ({@code {"schema":…,"payload":{…}}}) or without ({@code {"before":…,
 * "after":…,"source":…,"op":…}}). Both sources of the applier (the embedded engine and Kafka
 * topics) hand it the same text.
 */
public final class ChangeEventParser {

    private final JsonMapper mapper = JsonMapper.builder().build();

    /**
     * Parse one change event.
     * @param value the record's value, {@code null} for a tombstone
     * @param position the source position to report with the event
     * @return the change, or {@code null} for a tombstone or a message that is not a row change
     * (heartbeats, schema changes, transaction markers)
     * @throws MaterializeException when the value is not JSON
     */
    public @Nullable ChangeEvent parse(@Nullable String value, @Nullable String position) {
        if (value == null || value.isBlank()) {
            return null;
        }
        JsonNode root;
        try {
            root = this.mapper.readTree(value);
        } catch (RuntimeException ex) {
            throw new MaterializeException("A change event is not JSON: " + ex.getMessage(), ex);
        }
        if (root == null || !root.isObject()) {
            return null;
        }
        JsonNode schema = null;
        JsonNode payload = root;
        if (root.has("payload") && root.has("schema") && root.size() == 2) {
            schema = root.get("schema");
            payload = root.get("payload");
        }
        if (payload == null || !payload.isObject()) {
            return null;
        }
        String op = text(payload.get("op"));
        JsonNode source = payload.get("source");
        if (op == null || source == null || !source.isObject()) {
            return null;
        }
        String table = text(source.get("schema")) + "." + text(source.get("table"));
        String field = "d".equals(op) ? "before" : "after";
        JsonNode row = payload.get(field);
        long committedAt = source.path("ts_ms").asLong(payload.path("ts_ms").asLong(0));
        String lsn = text(source.get("lsn"));
        return new ChangeEvent(
                op,
                table,
                (row instanceof ObjectNode object) ? object : null,
                fieldSchemas(schema, field),
                committedAt,
                (position != null) ? position : lsn);
    }

    private static Map<String, JsonNode> fieldSchemas(@Nullable JsonNode envelopeSchema, String field) {
        Map<String, JsonNode> schemas = new LinkedHashMap<>();
        if (envelopeSchema == null) {
            return schemas;
        }
        for (JsonNode envelopeField : envelopeSchema.path("fields")) {
            if (field.equals(text(envelopeField.get("field")))) {
                for (JsonNode column : envelopeField.path("fields")) {
                    String name = text(column.get("field"));
                    if (name != null) {
                        schemas.put(name, column);
                    }
                }
            }
        }
        return schemas;
    }

    private static @Nullable String text(@Nullable JsonNode node) {
        return (node == null || node.isNull()) ? null : node.asString();
    }
}
