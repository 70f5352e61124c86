package dev.shadowtx.materialize;

import dev.shadowtx.core.testsupport.PlainJdbc;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Two real PostgreSQL servers per test JVM: the live one, with {@code wal_level=logical} so that
 * its log can be decoded, and the shadow store.
 */
final class LiveAndShadowDatabases {

    private static final AtomicInteger NAMES = new AtomicInteger();

    private static EmbeddedPostgres live;

    private static EmbeddedPostgres shadow;

    private LiveAndShadowDatabases() {}

    static synchronized String liveUrl() {
        if (live == null) {
            live = start(true);
        }
        return live.getJdbcUrl("postgres", "postgres");
    }

    static synchronized String shadowUrl() {
        if (shadow == null) {
            shadow = start(false);
        }
        return shadow.getJdbcUrl("postgres", "postgres");
    }

    static PlainJdbc live() {
        return new PlainJdbc(liveUrl(), "postgres", "postgres");
    }

    static PlainJdbc shadow() {
        return new PlainJdbc(shadowUrl(), "postgres", "postgres");
    }

    /**
     * Create a table of the same definition on both databases.
     * @param prefix the start of the table's name
     * @param columns the column definitions
     * @return the table's unique name
     */
    static String createTable(String prefix, String columns) {
        String table = prefix + "_" + NAMES.incrementAndGet();
        live().execute("CREATE TABLE " + table + " (" + columns + ")");
        shadow().execute("CREATE TABLE " + table + " (" + columns + ")");
        return table;
    }

    /**
     * Return a name no other test uses, for slots and publications.
     * @param prefix the start of the name
     * @return the name
     */
    static String uniqueName(String prefix) {
        return prefix + "_" + NAMES.incrementAndGet();
    }

    /**
     * The application properties of a routed application materializing some tables from the live database.
     * @param slot the replication slot and publication name
     * @param tables the tables
     * @return the properties
     */
    static Map<String, Object> embeddedSource(String slot, String... tables) {
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put("spring.datasource.url", liveUrl());
        properties.put("spring.datasource.username", "postgres");
        properties.put("spring.datasource.password", "postgres");
        properties.put("shadow.jdbc.mode", "ROUTE");
        properties.put("shadow.datasource.url", shadowUrl());
        properties.put("shadow.datasource.username", "postgres");
        properties.put("shadow.datasource.password", "postgres");
        properties.put("shadow.materialize.enabled", "true");
        properties.put("shadow.materialize.tables", String.join(",", tables));
        properties.put("shadow.materialize.source.slot-name", slot);
        properties.put("shadow.materialize.source.publication-name", slot);
        properties.put("shadow.materialize.source.offset-flush-interval", "200ms");
        return properties;
    }

    private static EmbeddedPostgres start(boolean logical) {
        try {
            EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder();
            if (logical) {
                builder.setServerConfig("wal_level", "logical")
                        .setServerConfig("max_replication_slots", "20")
                        .setServerConfig("max_wal_senders", "20");
            }
            return builder.start();
        } catch (IOException ex) {
            throw new UncheckedIOException("Could not start an embedded PostgreSQL server", ex);
        }
    }
}
