package dev.shadowtx.benchmarks.load;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shadowtx.benchmarks.app.BenchApplication;
import org.junit.jupiter.api.Test;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The benchmark application answers the driver's three requests: a live POST adds a row, a
 * shadow POST answers the same and adds none.
 */
class BenchApplicationTests {

    @Test
    void livePostWritesAndShadowPostRollsBack() throws Exception {
        try (ConfigurableApplicationContext context = BenchApplication.application()
                .run(
                        "--server.port=0",
                        "--server.address=127.0.0.1",
                        "--spring.datasource.url=jdbc:h2:mem:bench-test")) {
            int port = ((WebServerApplicationContext) context).getWebServer().getPort();
            JdbcTemplate jdbc = context.getBean(JdbcTemplate.class);
            String body = "{\"item\":\"book\",\"quantity\":2}";
            long seeded = rows(jdbc);
            assertThat(seeded).isEqualTo(100);
            try (HttpConnection connection = new HttpConnection(port, 10_000)) {
                assertThat(connection.exchange(HttpConnection.request("GET", "/orders", port, new String[0], null)))
                        .isEqualTo(200);
                assertThat(connection.exchange(HttpConnection.request("POST", "/orders", port, new String[0], body)))
                        .isEqualTo(201);
                assertThat(connection.exchange(HttpConnection.request(
                                "POST", "/orders", port, new String[] {"X-Shadow: shadow"}, body)))
                        .isEqualTo(201);
            }
            assertThat(rows(jdbc)).isEqualTo(seeded + 1);
        }
    }

    private static long rows(JdbcTemplate jdbc) {
        Long rows = jdbc.queryForObject("select count(*) from orders", Long.class);
        return (rows != null) ? rows : -1;
    }
}
