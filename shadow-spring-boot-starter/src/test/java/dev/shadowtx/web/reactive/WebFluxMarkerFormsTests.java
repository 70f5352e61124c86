package dev.shadowtx.web.reactive;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shadowtx.core.testsupport.MarkerForms;
import dev.shadowtx.core.testsupport.RawHttp;
import dev.shadowtx.r2dbc.R2dbcOrders;
import java.io.IOException;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * On Reactor Netty, an unmarked exchange is decided live from its headers before any carrier is
 * made; every form of marker still takes the marked path and writes nothing, and the same request
 * unmarked commits.
 */
@WebFluxOnH2
class WebFluxMarkerFormsTests {

    @LocalServerPort
    int port;

    @Test
    void everyMarkerFormIsIsolatedAndTheUnmarkedRequestCommits() throws IOException {
        assertEveryMarkerFormIsolates(this.port);
    }

    static void assertEveryMarkerFormIsolates(int port) throws IOException {
        R2dbcOrders.createEmpty(WebFluxTrustAndProtectionTests.jdbc());
        for (Map.Entry<String, Map<String, String>> form : MarkerForms.ISOLATING.entrySet()) {
            RawHttp.Response response = write(port, "marked", form.getValue());
            assertThat(response.status())
                    .as("%s: %s", form.getKey(), response.body())
                    .isEqualTo(200);
            assertThat(response.body()).as(form.getKey()).isIn("shadow/shadow", "synthetic/synthetic");
        }
        assertThat(write(port, "unmarked", Map.of()).body()).isEqualTo("live/live");
        assertThat(R2dbcOrders.committedItems(WebFluxTrustAndProtectionTests.jdbc()))
                .containsExactly("unmarked");
    }

    private static RawHttp.Response write(int port, String item, Map<String, String> headers) throws IOException {
        return RawHttp.send(port, "POST", "/orders/auto-commit?item=" + item, headers, "");
    }
}
