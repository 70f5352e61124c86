package dev.shadowtx.benchmarks.load;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shadowtx.benchmarks.app.BenchApplication;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The benchmark application answers the driver's three requests: a live POST adds a row, a
 * shadow POST answers the same and adds none; its per-request valve measures each kind.
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

    @Test
    void requestValveMeasuresEachKindOfRequestOnItsThreadAndAnswersWithoutTheApplication() throws Exception {
        System.setProperty("bench.request-cpu", "true");
        System.setProperty("bench.request-cpu.samples", "16");
        try (ConfigurableApplicationContext context = BenchApplication.application()
                .run(
                        "--server.port=0",
                        "--server.address=127.0.0.1",
                        "--spring.datasource.url=jdbc:h2:mem:bench-valve-test")) {
            int port = ((WebServerApplicationContext) context).getWebServer().getPort();
            String body = "{\"item\":\"book\",\"quantity\":2}";
            try (HttpConnection connection = new HttpConnection(port, 10_000)) {
                connection.exchange(HttpConnection.request("GET", "/orders", port, new String[0], null));
                connection.exchange(HttpConnection.request("POST", "/orders", port, new String[0], body));
                connection.exchange(
                        HttpConnection.request("POST", "/orders", port, new String[] {"X-Shadow: shadow"}, body));
                connection.exchange(HttpConnection.request("POST", "/orders", port, new String[0], body));
            }
            List<RequestCpuPairs.Sample> samples = RequestCpuPairs.parse(read(port, ""));
            assertThat(samples)
                    .extracting(RequestCpuPairs.Sample::kind)
                    .containsExactly("GET", "POST", "POST-marked", "POST");
            assertThat(samples).allSatisfy((sample) -> {
                assertThat(sample.cpuNanos()).isPositive();
                assertThat(sample.allocatedBytes()).isPositive();
                assertThat(sample.wallNanos()).isGreaterThanOrEqualTo(sample.cpuNanos() / 2);
            });
            KindSums sums = KindSums.parse(read(port, "?sums"));
            assertThat(sums.liveRequests()).isEqualTo(2);
            assertThat(sums.shadowRequests()).isEqualTo(1);
            assertThat(sums.liveCpuNanos())
                    .isEqualTo(samples.get(1).cpuNanos() + samples.get(3).cpuNanos());
            assertThat(sums.shadowCpuNanos()).isEqualTo(samples.get(2).cpuNanos());
            assertThat(read(port, "?reset")).isEqualTo("reset\n");
            assertThat(read(port, "")).isEmpty();
        } finally {
            System.clearProperty("bench.request-cpu");
            System.clearProperty("bench.request-cpu.samples");
        }
    }

    private static String read(int port, String query) throws Exception {
        URI uri = URI.create("http://127.0.0.1:" + port + "/bench/request-cpu" + query);
        try (InputStream in = uri.toURL().openStream()) {
            return new String(in.readAllBytes(), StandardCharsets.US_ASCII);
        }
    }

    private static long rows(JdbcTemplate jdbc) {
        Long rows = jdbc.queryForObject("select count(*) from orders", Long.class);
        return (rows != null) ? rows : -1;
    }
}
