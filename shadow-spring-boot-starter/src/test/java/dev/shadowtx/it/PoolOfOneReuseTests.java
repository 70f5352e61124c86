package dev.shadowtx.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import dev.shadowtx.core.testsupport.EmbeddedPostgresServer;
import dev.shadowtx.core.testsupport.RawHttp;
import java.io.IOException;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * With a pool of one connection on a real PostgreSQL, every request reuses the connection the
 * previous one returned: a shadow request must hand it back clean, so the live request after it
 * commits normally.
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
            // Flyway needs a second connection on PostgreSQL: with a pool of one it would wait forever
            "spring.flyway.enabled=false"
        })
class PoolOfOneReuseTests {

    @LocalServerPort
    int port;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    HikariDataSource dataSource;

    @DynamicPropertySource
    static void postgres(DynamicPropertyRegistry registry) {
        registry.add("spring.datasource.url", EmbeddedPostgresServer::jdbcUrl);
    }

    @Test
    void liveRequestAfterShadowRequestCommitsOnTheSameConnection() throws IOException {
        assertThat(this.dataSource.getMaximumPoolSize()).isEqualTo(1);
        this.jdbc.update("delete from orders");
        for (String style : new String[] {"jdbc-auto-commit", "transactional", "jpa", "template"}) {
            RawHttp.send(
                    this.port, "POST", "/write/" + style + "?item=shadow-" + style, Map.of("X-Shadow", "shadow"), "");
            RawHttp.Response live =
                    RawHttp.send(this.port, "POST", "/write/" + style + "?item=live-" + style, Map.of(), "");
            assertThat(live.status()).isEqualTo(200);
        }
        assertThat(this.jdbc.queryForList("select item from orders order by id", String.class))
                .containsExactly("live-jdbc-auto-commit", "live-transactional", "live-jpa", "live-template");
    }
}
