package dev.shadowtx.materialize;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Change events exactly as Debezium's PostgreSQL connector writes them through Kafka Connect's
 * {@code JsonConverter}, with {@code schemas.enable=true} (the default: {@code {"schema":…,"payload":…}})
 * or {@code false} (the payload alone), for a table {@code (id bigint primary key, status text,
 * amount numeric(10,2), placed_at timestamp)} with Debezium's default decimal and time handling.
 */
final class DebeziumEnvelope {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private static final JsonMapper MAPPER = JsonMapper.builder().build();

    private final String prefix;

    private final String table;

    private final boolean schemas;

    private long lsn = 23_000_000;

    DebeziumEnvelope(String prefix, String table, boolean schemas) {
        this.prefix = prefix;
        this.table = table;
        this.schemas = schemas;
    }

    String topic() {
        return this.prefix + ".public." + this.table;
    }

    /**
     * The record key: the primary key, with its schema when schemas are on.
     */
    String key(long id) {
        ObjectNode payload = NODES.objectNode().put("id", id);
        if (!this.schemas) {
            return payload.toString();
        }
        ObjectNode schema = NODES.objectNode().put("type", "struct");
        schema.set("fields", NODES.arrayNode().add(field("int64", false, "id")));
        schema.put("optional", false).put("name", this.topic() + ".Key");
        return envelope(schema, payload);
    }

    String create(long id, String status, String amount, long placedAtMicros) {
        return value("c", null, row(id, status, amount, placedAtMicros));
    }

    String update(long id, String status, String amount, long placedAtMicros) {
        return value("u", null, row(id, status, amount, placedAtMicros));
    }

    /**
     * A delete under the default replica identity: the key columns are set, the others are null.
     */
    String delete(long id) {
        ObjectNode before = NODES.objectNode().put("id", id).put("status", "");
        before.putNull("amount");
        before.putNull("placed_at");
        return value("d", before, null);
    }

    private String value(String op, @Nullable ObjectNode before, @Nullable ObjectNode after) {
        long committedAt = System.currentTimeMillis();
        this.lsn += 104;
        ObjectNode source = NODES.objectNode()
                .put("version", "3.6.1.Final")
                .put("connector", "postgresql")
                .put("name", this.prefix)
                .put("ts_ms", committedAt)
                .put("snapshot", "false")
                .put("db", "orders")
                .put("sequence", "[\"" + (this.lsn - 104) + "\",\"" + this.lsn + "\"]")
                .put("ts_us", committedAt * 1000)
                .put("ts_ns", committedAt * 1_000_000)
                .put("schema", "public")
                .put("table", this.table)
                .put("txId", 780)
                .put("lsn", this.lsn);
        source.putNull("xmin");
        ObjectNode payload = NODES.objectNode();
        payload.set("before", before);
        payload.set("after", after);
        payload.set("source", source);
        payload.putNull("transaction");
        payload.put("op", op)
                .put("ts_ms", committedAt + 3)
                .put("ts_us", (committedAt + 3) * 1000)
                .put("ts_ns", (committedAt + 3) * 1_000_000);
        if (!this.schemas) {
            return payload.toString();
        }
        return envelope(envelopeSchema(), payload);
    }

    private static ObjectNode row(long id, String status, String amount, long placedAtMicros) {
        return NODES.objectNode()
                .put("id", id)
                .put("status", status)
                .put("amount", decimalBytes(amount))
                .put("placed_at", placedAtMicros);
    }

    /**
     * {@code decimal.handling.mode=precise}: the unscaled value's two's-complement bytes, base64.
     */
    private static String decimalBytes(String amount) {
        return java.util.Base64.getEncoder()
                .encodeToString(new java.math.BigDecimal(amount)
                        .setScale(2)
                        .unscaledValue()
                        .toByteArray());
    }

    private ObjectNode envelopeSchema() {
        ArrayNode fields = NODES.arrayNode()
                .add(rowSchema("before"))
                .add(rowSchema("after"))
                .add(sourceSchema())
                .add(transactionSchema())
                .add(field("string", false, "op"))
                .add(field("int64", true, "ts_ms"))
                .add(field("int64", true, "ts_us"))
                .add(field("int64", true, "ts_ns"));
        ObjectNode schema = NODES.objectNode().put("type", "struct");
        schema.set("fields", fields);
        return schema.put("optional", false).put("name", topic() + ".Envelope").put("version", 2);
    }

    private ObjectNode rowSchema(String name) {
        ObjectNode amount = field("bytes", true, "amount")
                .put("name", "org.apache.kafka.connect.data.Decimal")
                .put("version", 1);
        amount.set("parameters", NODES.objectNode().put("scale", "2").put("connect.decimal.precision", "10"));
        amount.remove("field");
        amount.put("field", "amount");
        ObjectNode placedAt = field("int64", true, "placed_at")
                .put("name", "io.debezium.time.MicroTimestamp")
                .put("version", 1);
        placedAt.remove("field");
        placedAt.put("field", "placed_at");
        ObjectNode schema = NODES.objectNode().put("type", "struct");
        schema.set(
                "fields",
                NODES.arrayNode()
                        .add(field("int64", false, "id"))
                        .add(field("string", false, "status"))
                        .add(amount)
                        .add(placedAt));
        return schema.put("optional", true).put("name", topic() + ".Value").put("field", name);
    }

    private static ObjectNode sourceSchema() {
        ObjectNode snapshot = field("string", true, "snapshot")
                .put("name", "io.debezium.data.Enum")
                .put("version", 1)
                .put("default", "false");
        snapshot.set(
                "parameters",
                NODES.objectNode()
                        .put(
                                "allowed",
                                "true,first,first_in_data_collection,last_in_data_collection,last,false,incremental"));
        snapshot.remove("field");
        snapshot.put("field", "snapshot");
        ObjectNode schema = NODES.objectNode().put("type", "struct");
        schema.set(
                "fields",
                NODES.arrayNode()
                        .add(field("string", false, "version"))
                        .add(field("string", false, "connector"))
                        .add(field("string", false, "name"))
                        .add(field("int64", false, "ts_ms"))
                        .add(snapshot)
                        .add(field("string", false, "db"))
                        .add(field("string", true, "sequence"))
                        .add(field("int64", true, "ts_us"))
                        .add(field("int64", true, "ts_ns"))
                        .add(field("string", false, "schema"))
                        .add(field("string", false, "table"))
                        .add(field("int64", true, "txId"))
                        .add(field("int64", true, "lsn"))
                        .add(field("int64", true, "xmin")));
        return schema.put("optional", false)
                .put("name", "io.debezium.connector.postgresql.Source")
                .put("version", 1)
                .put("field", "source");
    }

    private static ObjectNode transactionSchema() {
        ObjectNode schema = NODES.objectNode().put("type", "struct");
        schema.set(
                "fields",
                NODES.arrayNode()
                        .add(field("string", false, "id"))
                        .add(field("int64", false, "total_order"))
                        .add(field("int64", false, "data_collection_order")));
        return schema.put("optional", true)
                .put("name", "event.block")
                .put("version", 1)
                .put("field", "transaction");
    }

    private static ObjectNode field(String type, boolean optional, String name) {
        return NODES.objectNode().put("type", type).put("optional", optional).put("field", name);
    }

    private static String envelope(ObjectNode schema, ObjectNode payload) {
        ObjectNode envelope = NODES.objectNode();
        envelope.set("schema", schema);
        envelope.set("payload", payload);
        return MAPPER.writeValueAsString(envelope);
    }
}
