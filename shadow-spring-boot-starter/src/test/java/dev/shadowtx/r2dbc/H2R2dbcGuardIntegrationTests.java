package dev.shadowtx.r2dbc;

import org.springframework.boot.test.context.SpringBootTest;

@SpringBootTest(
        classes = R2dbcTestApplication.class,
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "spring.r2dbc.url=r2dbc:h2:mem:///r2dbc-http?options=DB_CLOSE_DELAY=-1",
            "spring.r2dbc.username=sa",
            "spring.r2dbc.pool.max-size=1",
            "spring.r2dbc.pool.initial-size=1",
            "spring.autoconfigure.exclude="
        })
class H2R2dbcGuardIntegrationTests extends AbstractR2dbcGuardIntegrationTests {

    @Override
    String jdbcUrl() {
        return "jdbc:h2:mem:r2dbc-http;DB_CLOSE_DELAY=-1";
    }

    @Override
    String user() {
        return "sa";
    }
}
