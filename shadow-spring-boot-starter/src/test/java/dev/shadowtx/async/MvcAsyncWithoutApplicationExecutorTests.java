package dev.shadowtx.async;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * An application with an executor bean of its own has no {@code applicationTaskExecutor}, so
 * Spring MVC runs {@code Callable}s on an executor that is not a bean: the shadow context still
 * follows, through the callable interceptor.
 */
@SpringBootTest(
        classes = MvcAsyncWithoutApplicationExecutorTests.MvcApplication.class,
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "spring.datasource.url=jdbc:h2:mem:mvc;DB_CLOSE_DELAY=-1",
            "spring.jpa.hibernate.ddl-auto=none",
            "spring.flyway.enabled=false"
        })
class MvcAsyncWithoutApplicationExecutorTests {

    @LocalServerPort
    int port;

    @Autowired
    Rows rows;

    @Autowired
    ApplicationContext context;

    @Test
    void callableOnSpringMvcsOwnExecutorStaysShadow() {
        assertThat(this.context.containsBean("applicationTaskExecutor")).isFalse();
        HttpHops http = new HttpHops(this.port);
        String shadowItem = HttpHops.uniqueItem("mvc-shadow");
        String liveItem = HttpHops.uniqueItem("mvc-live");
        assertThat(http.post("/callable/" + shadowItem, true).statusCode()).isEqualTo(200);
        assertThat(http.post("/callable/" + liveItem, false).statusCode()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(10))
                .until(() -> this.rows.hasSeen(shadowItem) && this.rows.hasSeen(liveItem));
        assertThat(this.rows.seen(shadowItem).thread()).doesNotStartWith("http-nio");
        assertThat(this.rows.seen(shadowItem).mode()).isEqualTo("shadow");
        assertThat(this.rows.seen(liveItem).mode()).isEqualTo("live");
        assertThat(this.rows.isCommitted(shadowItem)).isFalse();
        assertThat(this.rows.isCommitted(liveItem)).isTrue();
    }

    @SpringBootConfiguration(proxyBeanMethods = false)
    @EnableAutoConfiguration
    static class MvcApplication {

        @Bean
        Rows rows(JdbcTemplate jdbc) {
            return new Rows(jdbc);
        }

        @Bean(destroyMethod = "shutdown")
        ExecutorService reportingPool() {
            return Executors.newSingleThreadExecutor();
        }

        @RestController
        static class CallableController {

            private final Rows rows;

            CallableController(Rows rows) {
                this.rows = rows;
            }

            @PostMapping("/callable/{item}")
            Callable<String> write(@PathVariable String item) {
                return () -> this.rows.write(item);
            }
        }
    }
}
