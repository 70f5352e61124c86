package dev.shadowtx.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shadowtx.core.marker.BaggageDetector;
import dev.shadowtx.core.marker.MarkerValue;
import dev.shadowtx.core.testsupport.CountingChars;
import dev.shadowtx.core.testsupport.RawHttp;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * An 8 KB {@code baggage} header over real HTTP (the container's header limit raised so that it
 * reaches the filter): read in linear work, it isolates when it is over the member limit and
 * stays live when it is a plain large baggage without the key.
 */
@SpringBootTest(
        classes = GuardTestApplication.class,
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "spring.datasource.url=jdbc:h2:mem:baggage-http;DB_CLOSE_DELAY=-1",
            "spring.jpa.hibernate.ddl-auto=create-drop",
            "server.max-http-request-header-size=64KB"
        })
class BaggageOverHttpTests {

    static final int EIGHT_KB = 8 * 1024;

    @LocalServerPort
    int port;

    @Autowired
    JdbcTemplate jdbc;

    @Test
    void eightKilobytesOfCommasEndingInEqualsIsolateAsAMalformedMarkerReadInLinearWork() throws IOException {
        String baggage = ",".repeat(EIGHT_KB - 1) + "=";
        RawHttp.Response response = write("commas", baggage);
        assertThat(response.status()).isEqualTo(200);
        assertThat(response.header("X-Mode")).isEqualTo("shadow");
        assertThat(rows("commas")).isZero();
        assertThat(readsToDetect(baggage)).isLessThanOrEqualTo(3L * EIGHT_KB);
    }

    @Test
    void eightKilobytesOfOrdinaryBaggageStayLiveAndAreReadInLinearWork() throws IOException {
        String baggage = "tenant=acme,trace=" + "a".repeat(EIGHT_KB - 18);
        assertThat(baggage).hasSize(EIGHT_KB);
        RawHttp.Response response = write("ordinary", baggage);
        assertThat(response.status()).isEqualTo(200);
        assertThat(response.header("X-Mode")).isEqualTo("live");
        assertThat(rows("ordinary")).isEqualTo(1);
        assertThat(readsToDetect(baggage)).isLessThanOrEqualTo(3L * EIGHT_KB);
    }

    @Test
    void baggageOverEightKilobytesIsolatesEvenWithoutTheKey() throws IOException {
        String baggage = "trace=" + "a".repeat(EIGHT_KB);
        RawHttp.Response response = write("oversized", baggage);
        assertThat(response.header("X-Mode")).isEqualTo("shadow");
        assertThat(rows("oversized")).isZero();
        assertThat(new BaggageDetector("shadow").read(List.of(baggage))).isEqualTo(MarkerValue.MALFORMED);
    }

    private RawHttp.Response write(String item, String baggage) throws IOException {
        return RawHttp.send(this.port, "POST", "/write/jdbc-auto-commit?item=" + item, Map.of("baggage", baggage), "");
    }

    private static long readsToDetect(String baggage) {
        CountingChars chars = new CountingChars(baggage);
        new BaggageDetector("shadow").read(List.of(chars));
        return chars.reads();
    }

    private int rows(String item) {
        return this.jdbc.queryForObject("select count(*) from orders where item = ?", Integer.class, item);
    }
}
