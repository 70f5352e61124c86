package dev.shadowtx.benchmarks.load;

import java.sql.SQLException;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.h2.tools.Server;

/**
 * The benchmark application's database as a server of its own, outside the application's JVM:
 * H2 over TCP on the loopback interface, in the load driver's process. In production the database
 * is another process; with H2 embedded, the database engine's own work (its undo log on a
 * rollback, its pages on a commit) would be counted as the application's allocation and CPU time.
 * Each application gets an in-memory database of its own.
 */
final class DatabaseServer implements AutoCloseable {

    private final Server server;

    private final AtomicInteger databases = new AtomicInteger();

    private DatabaseServer(Server server) {
        this.server = server;
    }

    /**
     * Start a server on a free loopback port that lets clients create in-memory databases.
     * @return the running server
     */
    static DatabaseServer start() throws SQLException {
        return new DatabaseServer(
                Server.createTcpServer("-tcpPort", "0", "-ifNotExists").start());
    }

    /**
     * Return the application arguments that point it at a new database of this server, with the
     * schema and seed data created at startup as for the embedded one.
     * @param name a name that tells the databases apart in logs
     * @return the arguments
     */
    List<String> applicationArguments(String name) {
        return List.of(
                "--spring.datasource.url=jdbc:h2:tcp://127.0.0.1:" + this.server.getPort() + "/mem:" + name + "-"
                        + this.databases.incrementAndGet() + ";DB_CLOSE_DELAY=-1",
                "--spring.datasource.username=sa",
                "--spring.sql.init.mode=always");
    }

    @Override
    public void close() {
        this.server.stop();
    }
}
