package dev.shadowtx.r2dbc;

import dev.shadowtx.core.testsupport.EmbeddedPostgresServer;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

@SpringBootTest(
        classes = R2dbcTestApplication.class,
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "spring.r2dbc.username=postgres",
            "spring.r2dbc.password=postgres",
            "spring.r2dbc.pool.max-size=1",
            "spring.r2dbc.pool.initial-size=1",
            "spring.autoconfigure.exclude="
        })
class PostgresR2dbcGuardIntegrationTests extends AbstractR2dbcGuardIntegrationTests {

    @DynamicPropertySource
    static void postgres(DynamicPropertyRegistry registry) {
        registry.add("spring.r2dbc.url", R2dbcOrders::postgresR2dbcUrl);
    }

    @Override
    String jdbcUrl() {
        return EmbeddedPostgresServer.jdbcUrl();
    }

    @Override
    String user() {
        return "postgres";
    }
}
