package dev.shadowtx.audit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shadowtx.core.ShadowBlockedException;
import dev.shadowtx.core.testsupport.FakeProtocols;
import dev.shadowtx.core.testsupport.RawHttp;
import dev.shadowtx.core.testsupport.RecordingSocket;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/**
 * A WebFlux service on Reactor Netty whose Redis template is uncovered (its guard off, so the
 * leak audit's monitor watches it) and whose handler returns a write assembled at startup, outside
 * any request. A request marked {@code X-Shadow: shadow} subscribes to it: the monitor refuses it
 * at subscription and not one byte of it reaches the local socket standing in for Redis; the same
 * request unmarked writes.
 */
@SpringBootTest(
        classes = UncoveredPublisherWebFluxTests.PreparedWriteApplication.class,
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "spring.main.web-application-type=reactive",
            "spring.data.redis.timeout=5s",
            "shadow.redis.guard=false"
        })
class UncoveredPublisherWebFluxTests {

    static final RecordingSocket REDIS = RecordingSocket.start(FakeProtocols.redis());

    static final String PREPARED_KEY = "prepared-" + UUID.randomUUID();

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
    void aWriteAssembledAtStartupIsRefusedToAMarkedRequestAndWrittenForItsLiveTwin() throws Exception {
        RawHttp.Response shadow = RawHttp.send(this.port, "POST", "/prepared", Map.of("X-Shadow", "shadow"), "");

        assertThat(shadow.status()).isEqualTo(200);
        assertThat(shadow.body()).isEqualTo("blocked");
        assertThat(REDIS.received(PREPARED_KEY)).isFalse();

        RawHttp.Response live = RawHttp.send(this.port, "POST", "/prepared", Map.of(), "");

        assertThat(live.status()).isEqualTo(200);
        assertThat(live.body()).isEqualTo("done");
        assertThat(REDIS.received(PREPARED_KEY)).isTrue();
    }

    @SpringBootConfiguration
    @EnableAutoConfiguration(
            excludeName = {
                "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration",
                "org.springframework.boot.hibernate.autoconfigure.HibernateJpaAutoConfiguration",
                "org.springframework.boot.flyway.autoconfigure.FlywayAutoConfiguration",
                "org.springframework.boot.mongodb.autoconfigure.MongoReactiveAutoConfiguration",
                "org.springframework.boot.mongodb.autoconfigure.MongoAutoConfiguration"
            })
    @Import(PreparedWriteController.class)
    static class PreparedWriteApplication {}

    /**
     * Answers a write it assembled when it was created; a refused write answers {@code blocked}.
     */
    @RestController
    static class PreparedWriteController {

        private final Mono<Boolean> prepared;

        PreparedWriteController(ReactiveStringRedisTemplate redis) {
            this.prepared = redis.opsForValue().set(PREPARED_KEY, "1");
        }

        @PostMapping("/prepared")
        Mono<String> write() {
            return this.prepared
                    .then(Mono.just("done"))
                    .onErrorResume(ShadowBlockedException.class, (ex) -> Mono.just("blocked"));
        }
    }
}
