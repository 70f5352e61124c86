package dev.shadowtx.core.testsupport;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * One real PostgreSQL server per test JVM, started on first use on a free port and stopped by
 * zonky's own shutdown hook when the JVM exits. Shared by the modules' tests through the shadow-core test jar.
 */
public final class EmbeddedPostgresServer {

    private static EmbeddedPostgres server;

    private EmbeddedPostgresServer() {}

    /**
     * Return the JDBC URL of the {@code postgres} database, starting the server if needed.
     * @return the URL (user and password {@code postgres})
     */
    public static synchronized String jdbcUrl() {
        if (server == null) {
            try {
                server = EmbeddedPostgres.builder()
                        .setServerConfig("max_prepared_transactions", "4")
                        .start();
            } catch (IOException ex) {
                throw new UncheckedIOException("Could not start the embedded PostgreSQL server", ex);
            }
        }
        return server.getJdbcUrl("postgres", "postgres");
    }
}
