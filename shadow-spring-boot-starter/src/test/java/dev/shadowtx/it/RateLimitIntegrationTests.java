package dev.shadowtx.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shadowtx.core.testsupport.RawHttp;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The shadow rate limit over a real port: once the burst is spent, shadow requests get 503
 * problem+json with Retry-After at once and never reach the application; live requests are never
 * limited. The rate is one request per 100 s, so nothing refills while the test runs.
 */
@SpringBootTest(
        classes = GuardTestApplication.class,
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "spring.datasource.url=jdbc:h2:mem:ratelimit;DB_CLOSE_DELAY=-1",
            "spring.jpa.hibernate.ddl-auto=create-drop",
            "shadow.protection.max-rate=0.01",
            "shadow.protection.burst=3",
            "management.endpoints.web.exposure.include=shadow"
        })
class RateLimitIntegrationTests {

    @LocalServerPort
    int port;

    @Autowired
    MeterRegistry registry;

    @Autowired
    JdbcTemplate jdbc;

    @Test
    void shadowRequestsBeyondTheBurstAreRefusedAtOnceAndLiveOnesNever() throws IOException {
        List<RawHttp.Response> shadow = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            shadow.add(RawHttp.send(
                    this.port, "POST", "/write/transactional?item=rate-shadow-" + i, Map.of("X-Shadow", "shadow"), ""));
        }
        List<RawHttp.Response> live = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            live.add(RawHttp.send(this.port, "POST", "/write/transactional?item=rate-live-" + i, Map.of(), ""));
        }

        assertThat(shadow).extracting(RawHttp.Response::status).containsExactly(200, 200, 200, 503, 503, 503);
        RawHttp.Response refused = shadow.get(3);
        assertThat(refused.header("Content-Type")).startsWith("application/problem+json");
        assertThat(refused.body())
                .contains("\"type\":\"urn:shadowtx:problem:shadow-rate\"")
                .contains("\"status\":503");
        assertThat(Long.parseLong(refused.header("Retry-After"))).isBetween(1L, 100L);
        assertThat(live).extracting(RawHttp.Response::status).containsOnly(200);
        assertThat(this.jdbc.queryForObject("select count(*) from orders where item like 'rate-live-%'", Integer.class))
                .isEqualTo(20);
        assertThat(this.jdbc.queryForObject(
                        "select count(*) from orders where item like 'rate-shadow-%'", Integer.class))
                .isZero();
        Counter shed = this.registry
                .find("shadow.requests.shed")
                .tags("mode", "shadow", "reason", "rate")
                .counter();
        assertThat(shed).isNotNull();
        assertThat(shed.count()).isEqualTo(3);
        assertThat(this.registry.find("shadow.requests").tags("mode", "shadow").counters())
                .as("refused requests are counted as shed, not as served")
                .extracting(Counter::count)
                .containsExactly(3.0);

        RawHttp.Response endpoint = RawHttp.send(this.port, "GET", "/actuator/shadow", Map.of(), "");
        assertThat(endpoint.body())
                .contains("\"max-shadow-rate\":\"0.01/s (burst 3)\"")
                .contains("shed-rate");
    }
}
