package dev.shadowtx.it;

import org.springframework.boot.test.context.SpringBootTest;

@SpringBootTest(
        classes = GuardTestApplication.class,
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "spring.datasource.url=jdbc:h2:mem:guards;DB_CLOSE_DELAY=-1",
            "spring.datasource.hikari.maximum-pool-size=4",
            "spring.jpa.hibernate.ddl-auto=create-drop"
        })
class H2GuardIntegrationTests extends AbstractGuardIntegrationTests {}
