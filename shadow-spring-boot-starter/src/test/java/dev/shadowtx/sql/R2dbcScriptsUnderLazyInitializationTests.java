package dev.shadowtx.sql;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shadowtx.core.testsupport.PlainJdbc;
import java.io.IOException;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Import;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code spring.sql.init} on an R2DBC connection factory under lazy initialization: the scripts run
 * at startup, before any request, so a shadow request that first needs the database writes
 * nothing, and its live twin commits.
 */
class R2dbcScriptsUnderLazyInitializationTests {

    @Test
    void scriptsRunAtStartupAndAShadowRequestFirstUsingTheDatabaseWritesNothing() throws IOException {
        String name = "lazyinit_r2dbc_" + UUID.randomUUID().toString().replace("-", "");
        PlainJdbc jdbc = new PlainJdbc("jdbc:h2:mem:" + name, "sa", "");
        try (ConfigurableApplicationContext context = start(name)) {
            assertThat(greetings(jdbc)).containsExactly("bonjour", "hello");
            assertThat(LazyApplications.post(context, "/greetings", LazyApplications.SHADOW)
                            .status())
                    .isEqualTo(200);
            assertThat(greetings(jdbc)).containsExactly("bonjour", "hello");
            assertThat(LazyApplications.post(context, "/greetings", LazyApplications.LIVE)
                            .status())
                    .isEqualTo(200);
            assertThat(greetings(jdbc)).containsExactly("bonjour", "hello", "hi");
        }
    }

    @Test
    void scriptsRunAtStartupAndALiveRequestFirstUsingTheDatabaseCommits() throws IOException {
        String name = "lazyinit_r2dbc_" + UUID.randomUUID().toString().replace("-", "");
        PlainJdbc jdbc = new PlainJdbc("jdbc:h2:mem:" + name, "sa", "");
        try (ConfigurableApplicationContext context = start(name)) {
            assertThat(greetings(jdbc)).containsExactly("bonjour", "hello");
            assertThat(LazyApplications.post(context, "/greetings", LazyApplications.LIVE)
                            .status())
                    .isEqualTo(200);
            assertThat(greetings(jdbc)).containsExactly("bonjour", "hello", "hi");
        }
    }

    private static List<String> greetings(PlainJdbc jdbc) {
        return jdbc.strings("select name from greetings order by name");
    }

    private static ConfigurableApplicationContext start(String name) {
        return LazyApplications.start(
                GreetingApplication.class,
                List.of(
                        "spring.autoconfigure.exclude=",
                        "spring.r2dbc.url=r2dbc:h2:mem:///" + name + ";DB_CLOSE_DELAY=-1",
                        "spring.r2dbc.username=sa",
                        "spring.r2dbc.password=",
                        "spring.flyway.enabled=false",
                        "spring.sql.init.mode=always",
                        "spring.sql.init.schema-locations=classpath:db/lazy-init/schema.sql",
                        "spring.sql.init.data-locations=classpath:db/lazy-init/data.sql"));
    }

    @SpringBootConfiguration(proxyBeanMethods = false)
    @EnableAutoConfiguration
    @Import(GreetingController.class)
    static class GreetingApplication {}

    /**
     * Lazy like every bean of the application: created by the first request.
     */
    @RestController
    static class GreetingController {

        private final DatabaseClient database;

        GreetingController(DatabaseClient database) {
            this.database = database;
        }

        @PostMapping("/greetings")
        String add() {
            Long rows = this.database
                    .sql("insert into greetings (name) values ('hi')")
                    .fetch()
                    .rowsUpdated()
                    .block();
            return String.valueOf(rows);
        }
    }
}
