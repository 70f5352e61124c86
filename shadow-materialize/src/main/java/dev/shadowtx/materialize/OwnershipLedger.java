package dev.shadowtx.materialize;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;

/**
 * The rows shadow traffic owns in the shadow store. Ownership starts with the first shadow write on
 * a row (the trigger records it) and lasts until it has seen no shadow write for the ownership TTL,
 * or until an operator releases it. A released row returns to the last image the live database
 * streamed for it (or disappears when the live database has no such row), so the shadow store
 * converges back to production.
 */
public final class OwnershipLedger {

    private final DataSource shadowStore;

    private final Map<String, MaterializedTable> tables;

    private final MeterRegistry meters;

    /**
     * Create a ledger.
     * @param shadowStore the shadow store
     * @param tables the materialized tables, by {@link MaterializedTable#sourceName()}
     * @param meters where to count released rows
     */
    public OwnershipLedger(DataSource shadowStore, Map<String, MaterializedTable> tables, MeterRegistry meters) {
        this.shadowStore = shadowStore;
        this.tables = Map.copyOf(tables);
        this.meters = meters;
    }

    /**
     * Release every row whose last shadow write is older than the TTL.
     * @param ttl the ownership TTL
     * @return the number of rows released
     */
    public int releaseExpired(Duration ttl) {
        int released = 0;
        for (MaterializedTable table : this.tables.values()) {
            released += release(table, null, ttl, "expired");
        }
        return released;
    }

    /**
     * Release owned rows now.
     * @param table the table ({@code schema.table} or {@code table} in {@code public}), or {@code null} for every table
     * @param key the row's primary key as a JSON object ({@code {"id": 42}}), or {@code null} for every row of the table(s)
     * @return the number of rows released
     * @throws MaterializeException when the table is not materialized
     */
    public int release(@Nullable String table, @Nullable String key) {
        if (table == null) {
            int released = 0;
            for (MaterializedTable materialized : this.tables.values()) {
                released += release(materialized, key, null, "operator");
            }
            return released;
        }
        MaterializedTable materialized = this.tables.get(table.contains(".") ? table : "public." + table);
        if (materialized == null) {
            throw new MaterializeException(
                    "Table '" + table + "' is not in shadow.materialize.tables " + this.tables.keySet());
        }
        return release(materialized, key, null, "operator");
    }

    /**
     * Count the owned rows of every materialized table.
     * @return the counts by table ({@code schema.table})
     */
    public Map<String, Long> owned() {
        Map<String, Long> owned = new TreeMap<>();
        try (Connection connection = this.shadowStore.getConnection();
                PreparedStatement statement =
                        connection.prepareStatement("SELECT count(*) FROM shadowtx_owned_rows WHERE table_name = ?")) {
            for (MaterializedTable table : this.tables.values()) {
                statement.setString(1, table.qualifiedName());
                try (ResultSet rows = statement.executeQuery()) {
                    rows.next();
                    owned.put(table.sourceName(), rows.getLong(1));
                }
            }
            return owned;
        } catch (SQLException ex) {
            throw new MaterializeException("Could not read the ownership ledger: " + ex.getMessage(), ex);
        }
    }

    private int release(MaterializedTable table, @Nullable String key, @Nullable Duration ttl, String reason) {
        try (Connection connection = this.shadowStore.getConnection()) {
            List<String> keys = new ArrayList<>();
            try (PreparedStatement select =
                    connection.prepareStatement("SELECT row_key::text FROM shadowtx_owned_rows WHERE table_name = ?"
                            + " AND (?::jsonb IS NULL OR row_key = ?::jsonb)"
                            + " AND (?::float8 IS NULL OR last_write < now() - make_interval(secs => ?::float8))")) {
                select.setString(1, table.qualifiedName());
                select.setString(2, key);
                select.setString(3, key);
                Double seconds = (ttl != null) ? ttl.toMillis() / 1000.0 : null;
                select.setObject(4, seconds, java.sql.Types.DOUBLE);
                select.setObject(5, seconds, java.sql.Types.DOUBLE);
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        keys.add(rows.getString(1));
                    }
                }
            }
            int released = 0;
            try (PreparedStatement release = connection.prepareStatement("SELECT shadowtx_release(?, ?::jsonb)")) {
                for (String rowKey : keys) {
                    release.setString(1, table.qualifiedName());
                    release.setString(2, rowKey);
                    try (ResultSet rows = release.executeQuery()) {
                        if (rows.next() && rows.getBoolean(1)) {
                            released++;
                        }
                    }
                }
            }
            if (released > 0) {
                Counter.builder(MaterializeMeter.RELEASED.meterName())
                        .description(MaterializeMeter.RELEASED.description())
                        .baseUnit(MaterializeMeter.RELEASED.baseUnit())
                        .tag("reason", reason)
                        .register(this.meters)
                        .increment(released);
            }
            return released;
        } catch (SQLException ex) {
            throw new MaterializeException(
                    "Could not release owned rows of " + table.sourceName() + ": " + ex.getMessage(), ex);
        }
    }
}
