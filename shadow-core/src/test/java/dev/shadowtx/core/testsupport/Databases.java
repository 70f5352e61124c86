package dev.shadowtx.core.testsupport;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The two real databases the guards are proven on.
 */
public enum Databases {

    /**
     * H2 in the JVM, a new database per pool.
     */
    H2 {
        @Override
        public String jdbcUrl() {
            return "jdbc:h2:mem:guard" + COUNTER.incrementAndGet() + ";DB_CLOSE_DELAY=-1";
        }
    },

    /**
     * A real PostgreSQL server.
     */
    POSTGRESQL {
        @Override
        public String jdbcUrl() {
            return EmbeddedPostgresServer.jdbcUrl();
        }
    };

    private static final AtomicInteger COUNTER = new AtomicInteger();

    /**
     * Return a JDBC URL for this database (user and password {@code postgres} for PostgreSQL,
     * {@code sa} with no password for H2).
     * @return the URL
     */
    public abstract String jdbcUrl();

    /**
     * Create a HikariCP pool on this database.
     * @param maximumPoolSize the pool size
     * @return the pool; close it when done
     */
    public HikariDataSource pool(int maximumPoolSize) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(jdbcUrl());
        config.setUsername((this == H2) ? "sa" : "postgres");
        config.setPassword((this == H2) ? "" : "postgres");
        config.setMaximumPoolSize(maximumPoolSize);
        return new HikariDataSource(config);
    }
}
