package dev.shadowtx.benchmarks.load;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shadowtx.benchmarks.app.BenchApplication;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.atomic.AtomicLong;
import org.h2.tools.Server;
import org.junit.jupiter.api.Test;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * A shadow POST of the benchmark application costs the database no more round trips than the same
 * live POST: the guards turn the commit into a rollback and send nothing of their own. Counted on
 * the wire, as the messages the application sends to an H2 server over TCP, through a relay.
 */
class ShadowPostRoundTripsTests {

    private static final String BODY = "{\"item\":\"book\",\"quantity\":2}";

    @Test
    void shadowPostSendsTheDatabaseNoMoreMessagesThanALivePost() throws Exception {
        Server database =
                Server.createTcpServer("-tcpPort", "0", "-ifNotExists").start();
        AtomicLong messages = new AtomicLong();
        try (ServerSocket relay = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            Thread accepting = new Thread(() -> relay(relay, database.getPort(), messages), "relay");
            accepting.setDaemon(true);
            accepting.start();
            try (ConfigurableApplicationContext context = BenchApplication.application()
                    .run(
                            "--server.port=0",
                            "--server.address=127.0.0.1",
                            "--shadow.enabled=true",
                            "--spring.datasource.url=jdbc:h2:tcp://127.0.0.1:" + relay.getLocalPort()
                                    + "/mem:round-trips;DB_CLOSE_DELAY=-1",
                            "--spring.datasource.username=sa",
                            "--spring.sql.init.mode=always")) {
                int port =
                        ((WebServerApplicationContext) context).getWebServer().getPort();
                byte[] live = HttpConnection.request("POST", "/orders", port, new String[0], BODY);
                byte[] shadow =
                        HttpConnection.request("POST", "/orders", port, new String[] {"X-Shadow: shadow"}, BODY);
                JdbcTemplate jdbc = context.getBean(JdbcTemplate.class);
                try (HttpConnection connection = new HttpConnection(port, 30_000)) {
                    send(connection, live, 20);
                    send(connection, shadow, 20);
                    long rows = rows(jdbc);
                    long before = messages.get();
                    send(connection, live, 200);
                    double perLive = (messages.get() - before) / 200.0;
                    before = messages.get();
                    send(connection, shadow, 200);
                    double perShadow = (messages.get() - before) / 200.0;
                    assertThat(rows(jdbc)).isEqualTo(rows + 200);
                    assertThat(perLive).isGreaterThanOrEqualTo(4);
                    assertThat(perShadow).isLessThanOrEqualTo(perLive + 0.05);
                }
            }
        } finally {
            database.stop();
        }
    }

    private static void send(HttpConnection connection, byte[] request, int times) throws IOException {
        for (int i = 0; i < times; i++) {
            assertThat(connection.exchange(request)).isEqualTo(201);
        }
    }

    private static long rows(JdbcTemplate jdbc) {
        Long rows = jdbc.queryForObject("select count(*) from orders", Long.class);
        return (rows != null) ? rows : -1;
    }

    /**
     * Relay every connection to the database, counting the reads from the application's side: one
     * per message the H2 client flushes.
     */
    private static void relay(ServerSocket relay, int databasePort, AtomicLong messages) {
        while (!relay.isClosed()) {
            try {
                Socket application = relay.accept();
                Socket server = new Socket(InetAddress.getLoopbackAddress(), databasePort);
                application.setTcpNoDelay(true);
                server.setTcpNoDelay(true);
                pipe(application.getInputStream(), server.getOutputStream(), messages);
                pipe(server.getInputStream(), application.getOutputStream(), new AtomicLong());
            } catch (IOException ex) {
                return;
            }
        }
    }

    private static void pipe(InputStream in, OutputStream out, AtomicLong reads) {
        Thread thread = new Thread(
                () -> {
                    byte[] buffer = new byte[65536];
                    try (in;
                            out) {
                        int n;
                        while ((n = in.read(buffer)) > 0) {
                            reads.incrementAndGet();
                            out.write(buffer, 0, n);
                            out.flush();
                        }
                    } catch (IOException ex) {
                        // the connection closed with the application or the server
                    }
                },
                "relay-pipe");
        thread.setDaemon(true);
        thread.start();
    }
}
