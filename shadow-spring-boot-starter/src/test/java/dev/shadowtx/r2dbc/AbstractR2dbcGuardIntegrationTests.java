package dev.shadowtx.r2dbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shadowtx.core.r2dbc.ShadowConnectionFactoryGuard;
import dev.shadowtx.core.testsupport.PlainJdbc;
import io.micrometer.core.instrument.MeterRegistry;
import io.r2dbc.pool.ConnectionPool;
import io.r2dbc.spi.ConnectionFactory;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The R2DBC guards over a real HTTP port: for every common way of writing a row through R2DBC,
 * the live request commits exactly one row, and the same request marked shadow gets the same
 * response and leaves none. What was committed is read back through a separate JDBC connection.
 * The pool holds one connection, so every request reuses the one the previous request returned.
 * Subclasses run it on H2 and on a real PostgreSQL.
 */
abstract class AbstractR2dbcGuardIntegrationTests {

    @LocalServerPort
    int port;

    private final HttpClient http = HttpClient.newHttpClient();

    @Autowired
    ConnectionFactory connectionFactory;

    @Autowired
    MeterRegistry meters;

    abstract String jdbcUrl();

    abstract String user();

    @BeforeEach
    void emptyTable() {
        R2dbcOrders.createEmpty(jdbc());
    }

    @ParameterizedTest
    @ValueSource(strings = {"auto-commit", "transactional", "operator", "bounded-elastic", "mono"})
    void shadowRequestLeavesNoRowAndItsLiveTwinCommitsOne(String style) throws IOException, InterruptedException {
        HttpResponse<String> shadow = post("/r2dbc/" + style + "?item=shadow", Map.of("X-Shadow", "shadow"));
        assertThat(shadow.statusCode()).isEqualTo(200);
        assertThat(shadow.body()).isEqualTo("created shadow");
        assertThat(committedItems()).isEmpty();
        HttpResponse<String> live = post("/r2dbc/" + style + "?item=live", Map.of());
        assertThat(live.statusCode()).isEqualTo(200);
        assertThat(live.body()).isEqualTo("created live");
        assertThat(committedItems()).containsExactly("live");
    }

    @Test
    void liveRequestAfterAShadowOneOnThePoolOfOneSeesNoShadowRow() throws IOException, InterruptedException {
        post("/r2dbc/auto-commit?item=shadow", Map.of("X-Shadow", "synthetic"));
        post("/r2dbc/auto-commit?item=live", Map.of());
        HttpResponse<String> count = send("GET", "/r2dbc/count", Map.of());
        assertThat(count.body()).isEqualTo("1");
        assertThat(committedItems()).containsExactly("live");
    }

    @Test
    void shadowTransactionsAreCountedAsRolledBack() throws IOException, InterruptedException {
        double before = rolledBack();
        post("/r2dbc/transactional?item=shadow", Map.of("X-Shadow", "shadow"));
        assertThat(rolledBack()).isEqualTo(before + 1);
        post("/r2dbc/transactional?item=live", Map.of());
        assertThat(rolledBack()).isEqualTo(before + 1);
    }

    @Test
    void bootsConnectionPoolIsGuardedAndKeepsItsType() {
        assertThat(this.connectionFactory).isInstanceOf(ConnectionPool.class);
        assertThat(ShadowConnectionFactoryGuard.isGuarded(this.connectionFactory))
                .isTrue();
    }

    private double rolledBack() {
        return this.meters
                .counter("shadow.transactions.rolled-back", "mode", "shadow")
                .count();
    }

    private HttpResponse<String> post(String path, Map<String, String> headers)
            throws IOException, InterruptedException {
        return send("POST", path, headers);
    }

    private HttpResponse<String> send(String method, String path, Map<String, String> headers)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + path))
                .method(method, HttpRequest.BodyPublishers.noBody());
        headers.forEach(request::header);
        return this.http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private List<String> committedItems() {
        return R2dbcOrders.committedItems(jdbc());
    }

    private PlainJdbc jdbc() {
        return new PlainJdbc(jdbcUrl(), user(), user().equals("postgres") ? "postgres" : "");
    }
}
