package dev.shadowtx.materialize;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Turns the values of a Debezium row into the text forms PostgreSQL reads back into the shadow
 * store's column types. Debezium encodes dates as days, timestamps and times as milli-, micro- or
 * nanoseconds, decimals as base64 two's-complement bytes and {@code bytea} as base64; the field
 * schema says which when the event carries schemas, and the shadow store's column type and
 * precision decide when it does not (Debezium's default {@code time.precision.mode=adaptive}
 * chooses the unit from the same precision).
 */
public final class ColumnValues {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final JsonMapper mapper = JsonMapper.builder().build();

    /**
     * Convert a row of the stream into a row of the shadow store.
     * @param table the shadow store's description of the table
     * @param row the row as the stream carries it
     * @param fieldSchemas the Connect schema of each field, empty when the event had none
     * @return the row, keeping only the table's writable columns, ready for {@code jsonb_populate_record}
     */
    public ObjectNode convert(MaterializedTable table, ObjectNode row, Map<String, JsonNode> fieldSchemas) {
        ObjectNode converted = NODES.objectNode();
        for (Map.Entry<String, JsonNode> field : row.properties()) {
            MaterializedTable.Column column = table.columns().get(field.getKey());
            if (column != null) {
                converted.set(column.name(), value(column, field.getValue(), fieldSchemas.get(field.getKey())));
            }
        }
        return converted;
    }

    private JsonNode value(MaterializedTable.Column column, JsonNode value, @Nullable JsonNode schema) {
        if (value.isNull()) {
            return value;
        }
        String logical = (schema != null) ? schema.path("name").asString("") : "";
        return switch (column.type()) {
            case "date" ->
                value.isNumber()
                        ? NODES.stringNode(LocalDate.ofEpochDay(value.asLong()).toString())
                        : value;
            case "timestamp" -> value.isNumber() ? NODES.stringNode(timestamp(value.asLong(), logical, column)) : value;
            case "time" -> value.isNumber() ? NODES.stringNode(time(value.asLong(), logical, column)) : value;
            case "numeric", "money" -> decimal(column, value, schema, logical);
            case "bytea" ->
                value.isString()
                        ? NODES.stringNode("\\x"
                                + HexFormat.of().formatHex(Base64.getDecoder().decode(value.asString())))
                        : value;
            case "json", "jsonb" -> value.isString() ? this.mapper.readTree(value.asString()) : value;
            case "interval" -> value.isNumber() ? NODES.stringNode(value.asLong() + " microseconds") : value;
            default -> value;
        };
    }

    private static String timestamp(long value, String logical, MaterializedTable.Column column) {
        Instant instant = switch (unit(logical, column)) {
            case MILLIS -> Instant.ofEpochMilli(value);
            case MICROS ->
                Instant.ofEpochSecond(Math.floorDiv(value, 1_000_000L), Math.floorMod(value, 1_000_000L) * 1_000L);
            case NANOS ->
                Instant.ofEpochSecond(Math.floorDiv(value, 1_000_000_000L), Math.floorMod(value, 1_000_000_000L));
        };
        return LocalDateTime.ofInstant(instant, ZoneOffset.UTC).toString();
    }

    private static String time(long value, String logical, MaterializedTable.Column column) {
        long nanos = switch (unit(logical, column)) {
            case MILLIS -> value * 1_000_000L;
            case MICROS -> value * 1_000L;
            case NANOS -> value;
        };
        return LocalTime.ofNanoOfDay(nanos).toString();
    }

    private static Unit unit(String logical, MaterializedTable.Column column) {
        if (logical.startsWith("io.debezium.time.Nano")) {
            return Unit.NANOS;
        }
        if (logical.startsWith("io.debezium.time.Micro")) {
            return Unit.MICROS;
        }
        if (!logical.isEmpty()) {
            // io.debezium.time.Timestamp / Time and Connect's own Timestamp / Time carry milliseconds
            return Unit.MILLIS;
        }
        return (column.precision() >= 0 && column.precision() <= 3) ? Unit.MILLIS : Unit.MICROS;
    }

    private static JsonNode decimal(
            MaterializedTable.Column column, JsonNode value, @Nullable JsonNode schema, String logical) {
        if (value.isObject() && value.has("scale") && value.has("value")) {
            // io.debezium.data.VariableScaleDecimal: numeric without a declared scale
            return NODES.stringNode(
                    unscaled(value.get("value").asString(), value.get("scale").asInt())
                            .toPlainString());
        }
        if (!value.isString()) {
            return value;
        }
        String text = value.asString();
        if ("org.apache.kafka.connect.data.Decimal".equals(logical) && schema != null) {
            int scale = Integer.parseInt(schema.path("parameters").path("scale").asString("0"));
            return NODES.stringNode(unscaled(text, scale).toPlainString());
        }
        if (logical.isEmpty() && !isDecimal(text)) {
            // no schema: base64 bytes of decimal.handling.mode=precise, with the column's declared scale
            int scale = (column.scale() >= 0) ? column.scale() : ("money".equals(column.type()) ? 2 : 0);
            return NODES.stringNode(unscaled(text, scale).toPlainString());
        }
        return value;
    }

    private static BigDecimal unscaled(String base64, int scale) {
        return new BigDecimal(new BigInteger(Base64.getDecoder().decode(base64)), scale);
    }

    private static boolean isDecimal(String text) {
        try {
            new BigDecimal(text);
            return true;
        } catch (NumberFormatException ex) {
            return false;
        }
    }

    private enum Unit {
        MILLIS,
        MICROS,
        NANOS
    }
}
