package dev.shadowtx.materialize;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * Prepares the shadow store: the ownership ledger, the offset table, the functions that apply
 * changes and release ownership, and on every materialized table a trigger through which shadow
 * writes take ownership of the rows they touch. Whatever path shadow traffic takes (JDBC, JPA,
 * plain SQL), a write on the shadow store goes through the trigger; only the stream's own
 * transactions, marked with a transaction-local setting, pass it by.
 */
public final class ShadowStoreSchema {

    /**
     * Name of the trigger installed on every materialized table.
     */
    public static final String TRIGGER_NAME = "shadowtx_own_row";

    private static final String TABLES_PROPERTY = "shadow.materialize.tables";

    private ShadowStoreSchema() {}

    /**
     * Create or update the module's objects in the shadow store and install the ownership trigger
     * on every listed table.
     * @param shadowStore the shadow store
     * @param tables the tables to materialize, {@code schema.table} or {@code table} (schema {@code public})
     * @return the tables as the shadow store describes them, by {@link MaterializedTable#sourceName()}
     * @throws MaterializeException when a table is missing or has no primary key
     */
    public static Map<String, MaterializedTable> install(DataSource shadowStore, List<String> tables) {
        if (tables.isEmpty()) {
            throw new MaterializeException("List the tables to materialize in " + TABLES_PROPERTY);
        }
        try (Connection connection = shadowStore.getConnection()) {
            connection.setAutoCommit(false);
            try (Statement statement = connection.createStatement()) {
                statement.execute(script());
            }
            Map<String, MaterializedTable> described = new LinkedHashMap<>();
            for (String table : tables) {
                MaterializedTable materialized = describe(connection, table);
                installTrigger(connection, materialized);
                register(connection, materialized);
                described.put(materialized.sourceName(), materialized);
            }
            connection.commit();
            return described;
        } catch (SQLException ex) {
            throw new MaterializeException(
                    "Could not prepare the shadow store for materialization: " + ex.getMessage(), ex);
        }
    }

    /**
     * Return the identity of a shadow store, creating it on first use. The live database never
     * holds it, which is how a shadow store configured on the live database itself is recognised.
     * @param shadowStore the shadow store
     * @return the schema-qualified identity table and its value
     */
    public static StoreIdentity identity(DataSource shadowStore) {
        try (Connection connection = shadowStore.getConnection();
                Statement statement = connection.createStatement()) {
            statement.execute("INSERT INTO shadowtx_store_identity (id) SELECT '" + UUID.randomUUID()
                    + "' WHERE NOT EXISTS (SELECT 1 FROM shadowtx_store_identity)");
            try (ResultSet rows = statement.executeQuery(
                    "SELECT quote_ident(current_schema()) || '.shadowtx_store_identity', id::text"
                            + " FROM shadowtx_store_identity LIMIT 1")) {
                rows.next();
                return new StoreIdentity(rows.getString(1), rows.getString(2));
            }
        } catch (SQLException ex) {
            throw new MaterializeException("Could not read the shadow store's identity: " + ex.getMessage(), ex);
        }
    }

    /**
     * Where a shadow store keeps its identity, and its value.
     * @param table the schema-qualified identity table
     * @param id the identity
     */
    public record StoreIdentity(String table, String id) {}

    private static MaterializedTable describe(Connection connection, String table) throws SQLException {
        int dot = table.indexOf('.');
        String schema = (dot < 0) ? "public" : table.substring(0, dot);
        String name = (dot < 0) ? table : table.substring(dot + 1);
        String qualifiedName;
        long oid;
        try (PreparedStatement statement = connection.prepareStatement(
                "SELECT c.oid, quote_ident(n.nspname) || '.' || quote_ident(c.relname) FROM pg_class c"
                        + " JOIN pg_namespace n ON n.oid = c.relnamespace"
                        + " WHERE n.nspname = ? AND c.relname = ? AND c.relkind IN ('r', 'p')")) {
            statement.setString(1, schema);
            statement.setString(2, name);
            try (ResultSet rows = statement.executeQuery()) {
                if (!rows.next()) {
                    throw new MaterializeException("Table '" + table + "' listed in " + TABLES_PROPERTY
                            + " does not exist in the shadow store; run the schema migrations there first");
                }
                oid = rows.getLong(1);
                qualifiedName = rows.getString(2);
            }
        }
        Map<String, MaterializedTable.Column> columns = new LinkedHashMap<>();
        try (PreparedStatement statement = connection.prepareStatement(
                "SELECT a.attname, t.typname, a.atttypmod, information_schema._pg_datetime_precision(a.atttypid, a.atttypmod),"
                        + " information_schema._pg_numeric_scale(a.atttypid, a.atttypmod)"
                        + " FROM pg_attribute a JOIN pg_type t ON t.oid = a.atttypid"
                        + " WHERE a.attrelid = ? AND a.attnum > 0 AND NOT a.attisdropped AND a.attgenerated = ''"
                        + " ORDER BY a.attnum")) {
            statement.setLong(1, oid);
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    boolean declared = rows.getInt(3) >= 0;
                    int precision = rows.getInt(4);
                    boolean noPrecision = rows.wasNull() || !declared;
                    int scale = rows.getInt(5);
                    boolean noScale = rows.wasNull() || !declared;
                    columns.put(
                            rows.getString(1),
                            new MaterializedTable.Column(
                                    rows.getString(1),
                                    rows.getString(2),
                                    noPrecision ? -1 : precision,
                                    noScale ? -1 : scale));
                }
            }
        }
        List<String> keys = new ArrayList<>();
        try (PreparedStatement statement = connection.prepareStatement(
                "SELECT a.attname FROM pg_index i CROSS JOIN LATERAL unnest(i.indkey) WITH ORDINALITY AS k(attnum, position)"
                        + " JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.attnum"
                        + " WHERE i.indrelid = ? AND i.indisprimary ORDER BY k.position")) {
            statement.setLong(1, oid);
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    keys.add(rows.getString(1));
                }
            }
        }
        if (keys.isEmpty()) {
            throw new MaterializeException("Table '" + table + "' listed in " + TABLES_PROPERTY
                    + " has no primary key in the shadow store; rows are matched by primary key");
        }
        return new MaterializedTable(schema, name, qualifiedName, List.copyOf(keys), columns);
    }

    private static void installTrigger(Connection connection, MaterializedTable table) throws SQLException {
        StringBuilder arguments = new StringBuilder();
        for (String key : table.keyColumns()) {
            arguments.append(arguments.isEmpty() ? "" : ", ").append(literal(connection, key));
        }
        try (Statement statement = connection.createStatement()) {
            statement.execute("DROP TRIGGER IF EXISTS " + TRIGGER_NAME + " ON " + table.qualifiedName());
            statement.execute("CREATE TRIGGER " + TRIGGER_NAME + " BEFORE INSERT OR UPDATE OR DELETE ON "
                    + table.qualifiedName() + " FOR EACH ROW EXECUTE FUNCTION shadowtx_own_row(" + arguments + ")");
        }
    }

    private static void register(Connection connection, MaterializedTable table) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(
                "INSERT INTO shadowtx_tables (table_name, key_columns, columns) VALUES (?, ?, ?)"
                        + " ON CONFLICT (table_name) DO UPDATE SET key_columns = EXCLUDED.key_columns, columns = EXCLUDED.columns")) {
            statement.setString(1, table.qualifiedName());
            statement.setArray(
                    2, connection.createArrayOf("text", table.keyColumns().toArray()));
            statement.setArray(
                    3, connection.createArrayOf("text", table.columns().keySet().toArray()));
            statement.executeUpdate();
        }
    }

    private static String literal(Connection connection, String value) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("SELECT quote_literal(?)")) {
            statement.setString(1, value);
            try (ResultSet rows = statement.executeQuery()) {
                rows.next();
                return rows.getString(1);
            }
        }
    }

    private static String script() {
        try (InputStream in = ShadowStoreSchema.class.getResourceAsStream("shadow-store.sql")) {
            if (in == null) {
                throw new IllegalStateException("shadow-store.sql is missing from the classpath");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }
}
