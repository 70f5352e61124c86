package dev.shadowtx.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shadowtx.core.testsupport.EmbeddedPostgresServer;
import dev.shadowtx.core.testsupport.RawHttp;
import java.io.IOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * On a real PostgreSQL, a shadow transaction yields to live work: when a live transaction holds a
 * row lock, the shadow request that wants the same row fails within the lock timeout instead of
 * waiting, and the live transaction commits as if nothing happened.
 */
@SpringBootTest(
        classes = GuardTestApplication.class,
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "spring.datasource.username=postgres",
            "spring.datasource.password=postgres",
            "spring.datasource.hikari.maximum-pool-size=1",
            "spring.jpa.hibernate.ddl-auto=create-drop",
            "spring.jpa.open-in-view=false",
            "shadow.jdbc.lock-timeout=300ms",
            "shadow.jdbc.statement-timeout=5s"
        })
class PostgresLockTimeoutTests {

    @LocalServerPort
    int port;

    @Autowired
    JdbcTemplate jdbc;

    @DynamicPropertySource
    static void postgres(DynamicPropertyRegistry registry) {
        registry.add("spring.datasource.url", EmbeddedPostgresServer::jdbcUrl);
    }

    @Test
    void shadowUpdateOfALiveLockedRowFailsFastAndTheLiveTransactionCommits() throws Exception {
        this.jdbc.update("delete from orders");
        this.jdbc.update("insert into orders (item) values ('locked-row')");
        try (Connection live = DriverManager.getConnection(EmbeddedPostgresServer.jdbcUrl(), "postgres", "postgres")) {
            live.setAutoCommit(false);
            try (PreparedStatement update = live.prepareStatement("update orders set item = ? where item = ?")) {
                update.setString(1, "live-renamed");
                update.setString(2, "locked-row");
                assertThat(update.executeUpdate()).isEqualTo(1);
            }
            long start = System.nanoTime();
            RawHttp.Response shadow = RawHttp.send(
                    this.port, "POST", "/rename?from=locked-row&to=shadow-renamed", Map.of("X-Shadow", "shadow"), "");
            long elapsedMillis = (System.nanoTime() - start) / 1_000_000;
            assertThat(shadow.status()).isEqualTo(500);
            assertThat(elapsedMillis)
                    .as("the shadow request waited for the live lock")
                    .isLessThan(4_000);
            live.commit();
        }
        assertThat(this.jdbc.queryForList("select item from orders", String.class))
                .containsExactly("live-renamed");
    }

    @Test
    void pooledConnectionComesBackWithoutTheShadowTimeouts() throws IOException {
        RawHttp.Response shadow = RawHttp.send(this.port, "GET", "/lock-timeout", Map.of("X-Shadow", "shadow"), "");
        assertThat(shadow.body()).contains("\"lock_timeout\":\"300ms\"");
        RawHttp.Response live = RawHttp.send(this.port, "GET", "/lock-timeout", Map.of(), "");
        assertThat(live.body()).contains("\"lock_timeout\":\"0\"");
    }
}
