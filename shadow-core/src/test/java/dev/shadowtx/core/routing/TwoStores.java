package dev.shadowtx.core.routing;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.shadowtx.core.testsupport.Databases;
import dev.shadowtx.core.testsupport.EmbeddedPostgresServer;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * A live and a shadow store of the same kind, each with an empty {@code routed_orders} table.
 */
final class TwoStores implements AutoCloseable {

    private static final AtomicInteger COUNTER = new AtomicInteger();

    final HikariDataSource live;

    final HikariDataSource shadow;

    private TwoStores(HikariDataSource live, HikariDataSource shadow) {
        this.live = live;
        this.shadow = shadow;
    }

    static TwoStores of(Databases kind) {
        TwoStores stores = new TwoStores(kind.pool(4), pool(kind, "routing_shadow_core"));
        for (HikariDataSource store : new HikariDataSource[] {stores.live, stores.shadow}) {
            JdbcTemplate jdbc = new JdbcTemplate(store);
            jdbc.execute("drop table if exists routed_orders");
            jdbc.execute("create table routed_orders (id serial primary key, item varchar(40))");
        }
        return stores;
    }

    /**
     * Create a pool on another database of the same kind: a new in-memory H2 database, or a
     * database of that name on the embedded PostgreSQL server (created when missing).
     */
    static HikariDataSource pool(Databases kind, String databaseName) {
        if (kind == Databases.H2) {
            return kind.pool(4);
        }
        String url = EmbeddedPostgresServer.jdbcUrl();
        try (HikariDataSource admin = kind.pool(1)) {
            JdbcTemplate jdbc = new JdbcTemplate(admin);
            Integer exists = jdbc.queryForObject(
                    "select count(*) from pg_database where datname = ?", Integer.class, databaseName);
            if (exists == null || exists == 0) {
                jdbc.execute("create database " + databaseName);
            }
        }
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(url.replace("/postgres?", "/" + databaseName + "?"));
        config.setUsername("postgres");
        config.setPassword("postgres");
        config.setMaximumPoolSize(4);
        config.setPoolName("pool-" + COUNTER.incrementAndGet());
        return new HikariDataSource(config);
    }

    JdbcTemplate liveJdbc() {
        return new JdbcTemplate(this.live);
    }

    JdbcTemplate shadowJdbc() {
        return new JdbcTemplate(this.shadow);
    }

    @Override
    public void close() {
        this.live.close();
        this.shadow.close();
    }
}
