package dev.shadowtx.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shadowtx.core.testsupport.RawHttp;
import java.io.IOException;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The Foundation's promise over a real HTTP port: for every common way of writing a row, the
 * live request commits it, and the same request with any marker gets the same response and
 * leaves no row. Subclasses run it on H2 and on a real PostgreSQL.
 */
abstract class AbstractGuardIntegrationTests {

    static final String[] STYLES = {"transactional", "requires-new", "nested", "template", "jpa", "jdbc-auto-commit"};

    @LocalServerPort
    int port;

    @Autowired
    JdbcTemplate jdbc;

    @BeforeEach
    void emptyTable() {
        this.jdbc.update("delete from orders");
    }

    static Stream<Arguments> stylesAndMarkers() {
        Map<String, Map<String, String>> markers = markers();
        return Stream.of(STYLES)
                .flatMap((style) -> markers.entrySet().stream()
                        .map((marker) -> Arguments.of(style, marker.getKey(), marker.getValue())));
    }

    static Map<String, Map<String, String>> markers() {
        return Map.ofEntries(
                Map.entry("host suffix with port", Map.of("Host", "orders-shadow:8080")),
                Map.entry("host suffix without port", Map.of("Host", "orders-shadow")),
                Map.entry("upper-case host suffix", Map.of("Host", "ORDERS-SHADOW")),
                Map.entry("X-Shadow: shadow", Map.of("X-Shadow", "shadow")),
                Map.entry("X-Shadow: true", Map.of("X-Shadow", "true")),
                Map.entry("X-Shadow: synthetic", Map.of("X-Shadow", "synthetic")),
                Map.entry("malformed X-Shadow", Map.of("X-Shadow", "yes-please")),
                Map.entry("baggage", Map.of("baggage", "userId=alice,shadow=synthetic;ttl=1")));
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @ValueSource(strings = {"transactional", "requires-new", "nested", "template", "jpa", "jdbc-auto-commit"})
    void liveRequestCommits(String style) throws IOException {
        String item = item();
        RawHttp.Response response = post("/write/" + style + "?item=" + item, Map.of());
        assertThat(response.status()).isEqualTo(200);
        assertThat(response.body()).isEqualTo(expectedBody(item));
        assertThat(rowsLike(item)).isPositive();
    }

    @ParameterizedTest(name = "[{index}] {0} with {1}")
    @MethodSource("stylesAndMarkers")
    void markedRequestGetsTheSameResponseAndLeavesNoRow(String style, String marker, Map<String, String> headers)
            throws IOException {
        String item = item();
        RawHttp.Response response = post("/write/" + style + "?item=" + item, headers);
        assertThat(response.status()).isEqualTo(200);
        assertThat(response.body()).isEqualTo(expectedBody(item));
        assertThat(rowsLike(item)).isZero();
    }

    @Test
    void explicitFalseIsLive() throws IOException {
        String item = item();
        post("/write/transactional?item=" + item, Map.of("X-Shadow", "false"));
        assertThat(rowsLike(item)).isEqualTo(1);
    }

    @ParameterizedTest
    @ValueSource(strings = {"orders:8080-shadow", "[::1]-shadow:8080"})
    void hostFormsTomcatRejectsAreRefusedBeforeAnyWrite(String host) throws IOException {
        String item = item();
        RawHttp.Response response = post("/write/jdbc-auto-commit?item=" + item, Map.of("Host", host));
        assertThat(response.status()).isEqualTo(400);
        assertThat(rowsLike(item)).isZero();
    }

    @Test
    void errorDispatchRunsInTheSameMode() throws IOException {
        String item = item();
        RawHttp.Response response = post("/write-then-fail?item=" + item, Map.of("X-Shadow", "synthetic"));
        assertThat(response.status()).isEqualTo(500);
        assertThat(response.body()).contains("\"mode\":\"synthetic\"");
        assertThat(rowsLike(item)).isZero();
        RawHttp.Response live = post("/write-then-fail?item=" + item, Map.of());
        assertThat(live.body()).contains("\"mode\":\"live\"");
        assertThat(rowsLike(item)).isEqualTo(1);
    }

    @Test
    void asyncDispatchRunsInTheSameMode() throws IOException {
        RawHttp.Response shadow = RawHttp.send(this.port, "GET", "/deferred", Map.of("X-Shadow", "shadow"), "");
        assertThat(shadow.status()).isEqualTo(200);
        assertThat(shadow.header("X-Mode")).isEqualTo("shadow");
        RawHttp.Response live = RawHttp.send(this.port, "GET", "/deferred", Map.of(), "");
        assertThat(live.header("X-Mode")).isEqualTo("live");
    }

    @Test
    void liveAndShadowRequestsAlternatingOnTheSamePoolStayApart() throws IOException {
        for (int i = 0; i < 20; i++) {
            boolean shadow = i % 2 == 0;
            RawHttp.Response response =
                    RawHttp.send(this.port, "GET", "/mode", shadow ? Map.of("X-Shadow", "shadow") : Map.of(), "");
            assertThat(response.body()).contains(shadow ? "\"mode\":\"shadow\"" : "\"mode\":\"live\"");
            post("/write/jdbc-auto-commit?item=alternate-" + i, shadow ? Map.of("X-Shadow", "shadow") : Map.of());
        }
        assertThat(this.jdbc.queryForObject("select count(*) from orders where item like 'alternate-%'", Integer.class))
                .isEqualTo(10);
    }

    RawHttp.Response post(String path, Map<String, String> headers) throws IOException {
        return RawHttp.send(this.port, "POST", path, headers, "");
    }

    int rowsLike(String item) {
        return this.jdbc.queryForObject("select count(*) from orders where item like ?", Integer.class, item + "%");
    }

    static String expectedBody(String item) {
        return "{\"status\":\"created\",\"item\":\"" + item + "\"}";
    }

    static String item() {
        return "item-" + UUID.randomUUID().toString().substring(0, 8);
    }
}
