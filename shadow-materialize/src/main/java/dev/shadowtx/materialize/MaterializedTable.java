package dev.shadowtx.materialize;

import java.util.List;
import java.util.Map;

/**
 * One table of the shadow store kept current from the live database, as the shadow store's catalog
 * describes it: the stream's values are converted to these column types, and rows are matched by
 * this primary key.
 *
 * @param schema the schema name, unquoted
 * @param name the table name, unquoted
 * @param qualifiedName the quoted, schema-qualified name used in SQL and in the ownership ledger
 * @param keyColumns the primary key columns, in key order
 * @param columns the writable columns by name, in table order
 */
public record MaterializedTable(
        String schema, String name, String qualifiedName, List<String> keyColumns, Map<String, Column> columns) {

    /**
     * Return the name the change stream uses for this table.
     * @return {@code schema.table}, unquoted
     */
    public String sourceName() {
        return this.schema + "." + this.name;
    }

    /**
     * One writable column.
     *
     * @param name the column name
     * @param type the PostgreSQL type name ({@code int4}, {@code timestamp}, {@code _text} for arrays)
     * @param precision the fractional-second precision of temporal types, or -1 when not declared
     * @param scale the declared scale of {@code numeric}, or -1 when not declared
     */
    public record Column(String name, String type, int precision, int scale) {}
}
