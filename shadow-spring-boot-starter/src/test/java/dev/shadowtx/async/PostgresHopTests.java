package dev.shadowtx.async;

import dev.shadowtx.core.testsupport.EmbeddedPostgresServer;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

@SpringBootTest(
        classes = HopApplication.class,
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "spring.task.execution.mode=force",
            "spring.datasource.username=postgres",
            "spring.datasource.password=postgres",
            "spring.jpa.hibernate.ddl-auto=none",
            "spring.flyway.enabled=false"
        })
class PostgresHopTests extends AbstractHopTests {

    @DynamicPropertySource
    static void postgres(DynamicPropertyRegistry registry) {
        registry.add("spring.datasource.url", EmbeddedPostgresServer::jdbcUrl);
    }
}
