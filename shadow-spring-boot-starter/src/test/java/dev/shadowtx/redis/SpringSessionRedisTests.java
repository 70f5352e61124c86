package dev.shadowtx.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shadowtx.core.testsupport.FakeProtocols;
import dev.shadowtx.core.testsupport.RawHttp;
import dev.shadowtx.core.testsupport.RecordingSocket;
import dev.shadowtx.handles.StoresApplication;
import jakarta.servlet.http.HttpSession;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Spring Session's Redis repository in a servlet application, over Boot's
 * {@code LettuceConnectionFactory} pointed at a local socket that speaks enough RESP and records
 * every command (no Redis server runs in the build). The session is saved at the end of the request
 * through the guarded connection factory: a request marked {@code X-Shadow: shadow} that stores a
 * session attribute fails, and neither the attribute nor a session write reaches the socket; the
 * same request unmarked saves the session there. A marked request that creates no session passes.
 */
@SpringBootTest(
        classes = SpringSessionRedisTests.SessionApplication.class,
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"spring.main.web-application-type=servlet", "spring.data.redis.timeout=5s"})
class SpringSessionRedisTests {

    static final RecordingSocket REDIS = RecordingSocket.start(FakeProtocols.redis());

    static final Map<String, String> SHADOW = Map.of("X-Shadow", "shadow");

    @LocalServerPort
    int port;

    @DynamicPropertySource
    static void redis(DynamicPropertyRegistry registry) {
        registry.add("spring.data.redis.host", () -> "127.0.0.1");
        registry.add("spring.data.redis.port", REDIS::port);
    }

    @AfterAll
    static void close() throws Exception {
        REDIS.close();
    }

    @Test
    void aShadowRequestThatStoresASessionAttributeFailsBeforeTheSessionReachesRedisWhileItsLiveTwinSavesIt()
            throws Exception {
        String shadowItem = unique("shadow");
        String liveItem = unique("live");

        RawHttp.Response shadow = RawHttp.send(this.port, "POST", "/cart?item=" + shadowItem, SHADOW, "");

        assertThat(shadow.status()).isEqualTo(500);
        assertThat(shadow.header("Set-Cookie")).isNull();
        assertThat(REDIS.received(shadowItem)).isFalse();
        assertThat(REDIS.received("spring:session")).isFalse();
        assertThat(REDIS.commands()).doesNotContain("HMSET", "HSET", "PEXPIREAT", "DEL", "RENAME");

        RawHttp.Response live = RawHttp.send(this.port, "POST", "/cart?item=" + liveItem, Map.of(), "");

        assertThat(live.status()).isEqualTo(200);
        assertThat(live.header("Set-Cookie")).startsWith("SESSION=");
        assertThat(REDIS.received(liveItem)).isTrue();
        assertThat(REDIS.received("spring:session:sessions:")).isTrue();
        assertThat(REDIS.commands()).contains("HMSET", "PEXPIREAT");
    }

    @Test
    void aShadowRequestThatCreatesNoSessionPasses() throws Exception {
        RawHttp.Response shadow = RawHttp.send(this.port, "GET", "/catalogue", SHADOW, "");

        assertThat(shadow.status()).isEqualTo(200);
        assertThat(shadow.body()).isEqualTo("catalogue");
        assertThat(shadow.header("Set-Cookie")).isNull();
    }

    private static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID();
    }

    @StoresApplication
    @Import(CartController.class)
    static class SessionApplication {}

    @RestController
    static class CartController {

        @PostMapping("/cart")
        String add(@RequestParam String item, HttpSession session) {
            session.setAttribute("cart", item);
            return "added";
        }

        @GetMapping("/catalogue")
        String catalogue() {
            return "catalogue";
        }
    }
}
