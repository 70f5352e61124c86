package dev.shadowtx.materialize;

import java.util.Map;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * One row change committed on the live database, as Debezium describes it.
 *
 * @param op the Debezium operation: {@code c} (insert), {@code u} (update), {@code d} (delete),
 * {@code r} (snapshot read) or {@code t} (truncate)
 * @param table the table, {@code schema.table} unquoted
 * @param row the row after the change, or for a delete the row before it (at least its key)
 * @param fieldSchemas the Connect schema of each field of {@code row}, when the event carried schemas
 * @param committedAt when the change was committed on the live database, in epoch milliseconds
 * @param position the source's position (the PostgreSQL LSN, or a Kafka topic-partition-offset), for operators
 */
public record ChangeEvent(
        String op,
        String table,
        @Nullable ObjectNode row,
        Map<String, JsonNode> fieldSchemas,
        long committedAt,
        @Nullable String position) {

    /**
     * Whether this change removes the row.
     * @return {@code true} for a delete
     */
    public boolean isDelete() {
        return "d".equals(this.op);
    }

    /**
     * Return the operation as a meter tag value.
     * @return {@code create}, {@code update}, {@code delete}, {@code read}, {@code truncate} or {@code other}
     */
    public String opTag() {
        return switch (this.op) {
            case "c" -> "create";
            case "u" -> "update";
            case "d" -> "delete";
            case "r" -> "read";
            case "t" -> "truncate";
            default -> "other";
        };
    }
}
