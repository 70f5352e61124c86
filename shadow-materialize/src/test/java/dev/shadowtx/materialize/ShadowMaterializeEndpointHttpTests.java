package dev.shadowtx.materialize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.shadowtx.core.ShadowTraffic;
import dev.shadowtx.core.context.ShadowMode;
import dev.shadowtx.core.testsupport.PlainJdbc;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * What an operator sees and does over HTTP: {@code /actuator/shadowmaterialize} and the
 * {@code shadowMaterialize} health group member, on a web application with the actuator exposed.
 */
class ShadowMaterializeEndpointHttpTests {

    private static final Duration STREAM = Duration.ofSeconds(60);

    private final PlainJdbc live = LiveAndShadowDatabases.live();

    private final PlainJdbc shadow = LiveAndShadowDatabases.shadow();

    private final HttpClient http = HttpClient.newHttpClient();

    private final JsonMapper json = JsonMapper.builder().build();

    @Test
    void theEndpointShowsTheStreamAndItsOwnedRowsAndReleasesThemOnDelete() throws Exception {
        String table = LiveAndShadowDatabases.createTable("orders", "id bigint PRIMARY KEY, status text NOT NULL");
        this.live.execute("INSERT INTO " + table + " VALUES (1, 'placed'), (2, 'placed')");
        String slot = LiveAndShadowDatabases.uniqueName("slot");
        Map<String, Object> properties = LiveAndShadowDatabases.embeddedSource(slot, table);
        properties.put("server.port", "0");
        properties.put("management.endpoints.web.exposure.include", "health,shadowmaterialize");
        properties.put("management.endpoint.health.show-details", "always");
        try (ConfigurableApplicationContext context = new SpringApplicationBuilder(MaterializedOrdersApplication.class)
                .web(WebApplicationType.SERVLET)
                .properties(properties)
                .run()) {
            String base = "http://localhost:" + context.getEnvironment().getProperty("local.server.port");
            await().atMost(STREAM)
                    .until(() -> this.shadow.strings("SELECT id FROM " + table), (ids) -> ids.size() == 2);
            JdbcTemplate jdbc = context.getBean(JdbcTemplate.class);
            ShadowTraffic.runIsolated(
                    ShadowMode.SYNTHETIC,
                    () -> jdbc.update("UPDATE " + table + " SET status = 'paid in shadow' WHERE id = 1"));
            this.live.execute("UPDATE " + table + " SET status = 'shipped' WHERE id = 1");
            this.live.execute("UPDATE " + table + " SET status = 'shipped' WHERE id = 2");
            await().atMost(STREAM).until(() -> statusOf(table, 2), "shipped"::equals);

            HttpResponse<String> read = send(HttpRequest.newBuilder(URI.create(base + "/actuator/shadowmaterialize")));
            assertThat(read.statusCode()).isEqualTo(200);
            JsonNode state = this.json.readTree(read.body());
            assertThat(state.path("state").asString()).isEqualTo("RUNNING");
            assertThat(state.path("tables").get(0).asString()).isEqualTo(table);
            assertThat(state.path("lastPosition").asString()).isNotBlank();
            assertThat(state.path("events").path("update").path("applied").asLong())
                    .isEqualTo(1);
            assertThat(state.path("events").path("update").path("skipped").asLong())
                    .isEqualTo(1);
            assertThat(state.path("slot").path("exists").asBoolean()).isTrue();
            assertThat(state.path("ownedRows").path("public." + table).asLong()).isEqualTo(1);
            assertThat(read.body()).as("no credentials in the description").doesNotContain("password");

            HttpResponse<String> health =
                    send(HttpRequest.newBuilder(URI.create(base + "/actuator/health/shadowMaterialize")));
            assertThat(health.statusCode()).isEqualTo(200);
            assertThat(this.json.readTree(health.body()).path("status").asString())
                    .isEqualTo("UP");

            String key = URLEncoder.encode("{\"id\": 1}", StandardCharsets.UTF_8);
            HttpResponse<String> release = send(HttpRequest.newBuilder(
                            URI.create(base + "/actuator/shadowmaterialize?table=" + table + "&key=" + key))
                    .DELETE());
            assertThat(release.statusCode()).isEqualTo(200);
            assertThat(this.json.readTree(release.body()).path("released").asLong())
                    .isEqualTo(1);
            assertThat(statusOf(table, 1))
                    .as("released, the row converges to production")
                    .isEqualTo("shipped");
            JsonNode after =
                    this.json.readTree(send(HttpRequest.newBuilder(URI.create(base + "/actuator/shadowmaterialize")))
                            .body());
            assertThat(after.path("ownedRows").path("public." + table).asLong()).isZero();
        }
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
        return this.http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private String statusOf(String table, long id) {
        List<String> statuses = this.shadow.strings("SELECT status FROM " + table + " WHERE id = " + id);
        return statuses.isEmpty() ? null : statuses.get(0);
    }
}
