package dev.shadowtx.web.reactive;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shadowtx.core.testsupport.PlainJdbc;
import dev.shadowtx.r2dbc.R2dbcOrders;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.web.reactive.function.client.WebClient;

/**
 * The shadow web filter over a real Reactor Netty port, with the R2DBC guards behind it: for every
 * common way of writing a row from a WebFlux handler and every kind of marker, the marked request
 * leaves no row and its live twin commits exactly one, and each handler observes its own mode.
 * What was committed is read back through a separate JDBC connection. Subclasses run it on H2 and
 * on a real PostgreSQL.
 */
abstract class AbstractWebFluxGuardIntegrationTests {

    @LocalServerPort
    int port;

    abstract String jdbcUrl();

    abstract String user();

    @BeforeEach
    void emptyTable() {
        R2dbcOrders.createEmpty(jdbc());
    }

    static Stream<Arguments> stylesAndMarkers() {
        List<String> paths = List.of(
                "/orders/transactional",
                "/orders/operator",
                "/orders/auto-commit",
                "/orders/bounded-elastic",
                "/fn/orders");
        List<Marker> markers = List.of(Marker.HEADER, Marker.HOST_SUFFIX, Marker.BAGGAGE);
        return paths.stream().flatMap((path) -> markers.stream().map((marker) -> Arguments.of(path, marker)));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("stylesAndMarkers")
    void markedRequestLeavesNoRowAndItsLiveTwinCommitsOne(String path, Marker marker) {
        ResponseEntity<String> shadow = post(path + "?item=shadow", marker);
        assertThat(shadow.getStatusCode().value()).isEqualTo(200);
        assertThat(shadow.getBody()).isEqualTo(marker.mode + "/" + marker.mode);
        assertThat(committedItems()).isEmpty();
        ResponseEntity<String> live = post(path + "?item=live", Marker.NONE);
        assertThat(live.getStatusCode().value()).isEqualTo(200);
        assertThat(live.getBody()).isEqualTo("live/live");
        assertThat(committedItems()).containsExactly("live");
    }

    private ResponseEntity<String> post(String path, Marker marker) {
        return WebClient.create("http://127.0.0.1:" + this.port)
                .post()
                .uri(path)
                .headers((headers) -> marker.apply(headers, this.port))
                .retrieve()
                .toEntity(String.class)
                .block();
    }

    private List<String> committedItems() {
        return R2dbcOrders.committedItems(jdbc());
    }

    private PlainJdbc jdbc() {
        return new PlainJdbc(jdbcUrl(), user(), user().equals("postgres") ? "postgres" : "");
    }

    /**
     * The ways a request is marked, and the mode each one asks for.
     */
    enum Marker {
        NONE("live"),
        HEADER("shadow"),
        HOST_SUFFIX("shadow"),
        BAGGAGE("synthetic");

        final String mode;

        Marker(String mode) {
            this.mode = mode;
        }

        void apply(HttpHeaders headers, int port) {
            switch (this) {
                case HEADER -> headers.set("X-Shadow", "shadow");
                case HOST_SUFFIX -> headers.set(HttpHeaders.HOST, "orders-shadow:" + port);
                case BAGGAGE -> headers.add("baggage", "tenant=a, shadow=synthetic");
                case NONE -> {}
            }
        }
    }
}
