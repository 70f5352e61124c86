package dev.shadowtx.it;

import dev.shadowtx.core.testsupport.EmbeddedPostgresServer;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

@SpringBootTest(
        classes = GuardTestApplication.class,
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "spring.datasource.username=postgres",
            "spring.datasource.password=postgres",
            "spring.datasource.hikari.maximum-pool-size=4",
            "spring.jpa.hibernate.ddl-auto=create-drop"
        })
class PostgresGuardIntegrationTests extends AbstractGuardIntegrationTests {

    @DynamicPropertySource
    static void postgres(DynamicPropertyRegistry registry) {
        registry.add("spring.datasource.url", EmbeddedPostgresServer::jdbcUrl);
    }
}
