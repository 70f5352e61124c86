package dev.shadowtx.materialize.source;

import dev.shadowtx.materialize.MaterializeException;
import dev.shadowtx.materialize.ShadowStoreSchema;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The live PostgreSQL database whose log is read. Every connection opened here is read-only: the
 * materialization never writes to the live database (Debezium itself creates its replication slot
 * and publication there, and reads the log).
 *
 * @param url the JDBC URL ({@code jdbc:postgresql://host:port/database})
 * @param username a user with the {@code REPLICATION} attribute
 * @param password its password
 */
public record SourceDatabase(String url, String username, String password) {

    private static final Pattern URL = Pattern.compile("jdbc:postgresql://([^/:?,]+)(?::(\\d+))?/([^?]+).*");

    /**
     * Return the host name.
     * @return the host
     */
    public String host() {
        return matcher().group(1);
    }

    /**
     * Return the port.
     * @return the port, 5432 when the URL names none
     */
    public int port() {
        String port = matcher().group(2);
        return (port != null) ? Integer.parseInt(port) : 5432;
    }

    /**
     * Return the database name.
     * @return the database
     */
    public String database() {
        return matcher().group(3);
    }

    /**
     * Describe the database without credentials.
     * @return {@code postgresql://host:port/database}
     */
    public String description() {
        return "postgresql://" + host() + ":" + port() + "/" + database();
    }

    /**
     * Fail when the live database is the shadow store itself: the shadow store's identity, which only
     * the shadow store holds, must not be readable here.
     * @param identity the shadow store's identity
     * @throws MaterializeException when both are the same database
     */
    public void requireDistinctFrom(ShadowStoreSchema.StoreIdentity identity) {
        try (Connection connection = connect();
                PreparedStatement statement = connection.prepareStatement("SELECT to_regclass(?) IS NOT NULL")) {
            statement.setString(1, identity.table());
            boolean present;
            try (ResultSet rows = statement.executeQuery()) {
                rows.next();
                present = rows.getBoolean(1);
            }
            if (present) {
                try (PreparedStatement same = connection.prepareStatement(
                        "SELECT count(*) FROM " + identity.table() + " WHERE id::text = ?")) {
                    same.setString(1, identity.id());
                    try (ResultSet rows = same.executeQuery()) {
                        rows.next();
                        if (rows.getLong(1) > 0) {
                            throw new MaterializeException("shadow.materialize.source.url (" + description()
                                    + ") is the shadow store itself: the stream must come from the live database");
                        }
                    }
                }
            }
        } catch (SQLException ex) {
            throw new MaterializeException(
                    "Could not reach the live database at " + description() + " (shadow.materialize.source.url): "
                            + ex.getMessage(),
                    ex);
        }
    }

    /**
     * Describe a replication slot: whether it exists, is active, and how far behind the log it is.
     * @param slotName the slot
     * @return {@code exists}, and when it does {@code active}, {@code confirmedFlushLsn}, {@code lagBytes}
     */
    public Map<String, Object> slot(String slotName) {
        Map<String, Object> slot = new LinkedHashMap<>();
        slot.put("name", slotName);
        try (Connection connection = connect();
                PreparedStatement statement = connection.prepareStatement(
                        "SELECT active, confirmed_flush_lsn::text, pg_wal_lsn_diff(pg_current_wal_lsn(), confirmed_flush_lsn)::bigint"
                                + " FROM pg_replication_slots WHERE slot_name = ?")) {
            statement.setString(1, slotName);
            try (ResultSet rows = statement.executeQuery()) {
                slot.put("exists", rows.next());
                if (Boolean.TRUE.equals(slot.get("exists"))) {
                    slot.put("active", rows.getBoolean(1));
                    slot.put("confirmedFlushLsn", String.valueOf(rows.getString(2)));
                    slot.put("lagBytes", rows.getLong(3));
                }
            }
        } catch (SQLException ex) {
            slot.put("error", ex.getMessage());
        }
        return slot;
    }

    private Connection connect() throws SQLException {
        Connection connection = DriverManager.getConnection(this.url, this.username, this.password);
        connection.setReadOnly(true);
        return connection;
    }

    private Matcher matcher() {
        Matcher matcher = URL.matcher(this.url);
        if (!matcher.matches()) {
            throw new MaterializeException("shadow.materialize.source.url must be a PostgreSQL JDBC URL"
                    + " (jdbc:postgresql://host:port/database), not '" + this.url.replaceAll("\\?.*", "") + "'");
        }
        return matcher;
    }
}
