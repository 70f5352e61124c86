package dev.shadowtx.web.reactive;

import dev.shadowtx.core.testsupport.EmbeddedPostgresServer;
import dev.shadowtx.r2dbc.R2dbcOrders;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

@SpringBootTest(
        classes = WebFluxTestApplication.class,
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "spring.main.web-application-type=reactive",
            "spring.r2dbc.username=postgres",
            "spring.r2dbc.password=postgres",
            "spring.autoconfigure.exclude="
        })
class PostgresWebFluxGuardIntegrationTests extends AbstractWebFluxGuardIntegrationTests {

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
