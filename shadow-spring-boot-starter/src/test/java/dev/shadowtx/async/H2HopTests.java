package dev.shadowtx.async;

import org.springframework.boot.test.context.SpringBootTest;

@SpringBootTest(
        classes = HopApplication.class,
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "spring.datasource.url=jdbc:h2:mem:hops;DB_CLOSE_DELAY=-1",
            "spring.task.execution.mode=force",
            "spring.jpa.hibernate.ddl-auto=none",
            "spring.flyway.enabled=false"
        })
class H2HopTests extends AbstractHopTests {}
