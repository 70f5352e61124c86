package dev.shadowtx.sql;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shadowtx.core.testsupport.EmbeddedPostgresServer;
import dev.shadowtx.core.testsupport.PlainJdbc;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Under {@code spring.main.lazy-initialization=true} the database initializers run at startup: the
 * schema, the migration history and the rows of {@code data.sql} are committed before any request,
 * so the first request that needs the database, shadow or live, finds them. A shadow request then
 * answers and writes nothing; its live twin commits.
 */
class DatabaseInitializersUnderLazyInitializationTests {

    private static final String R2DBC = "org.springframework.boot.r2dbc.autoconfigure.R2dbcAutoConfiguration";

    /**
     * Left out: Spring Boot creates its {@code EntityManagerFactory} at startup under lazy
     * initialization too (it is {@code LoadTimeWeaverAware}), and with it the initializers it
     * depends on, which would hide what an application without JPA does.
     */
    private static final String JPA = "org.springframework.boot.hibernate.autoconfigure.HibernateJpaAutoConfiguration";

    @ParameterizedTest
    @EnumSource
    void initializerRunsAtStartupAndAShadowRequestFirstUsingTheDatabaseWritesNothing(Initializer initializer)
            throws IOException {
        Database database = Database.create(initializer.postgresql);
        try (ConfigurableApplicationContext context = start(initializer, database)) {
            assertInitializedAtStartup(context, initializer, database);
            assertThat(LazyApplications.post(context, "/greetings", LazyApplications.SHADOW)
                            .status())
                    .isEqualTo(200);
            assertThat(greetings(database.jdbc())).containsExactly("bonjour", "hello");
            assertThat(LazyApplications.post(context, "/greetings", LazyApplications.LIVE)
                            .status())
                    .isEqualTo(200);
            assertThat(greetings(database.jdbc())).containsExactly("bonjour", "hello", "hi");
        }
    }

    @ParameterizedTest
    @EnumSource
    void initializerRunsAtStartupAndALiveRequestFirstUsingTheDatabaseCommits(Initializer initializer)
            throws IOException {
        Database database = Database.create(initializer.postgresql);
        try (ConfigurableApplicationContext context = start(initializer, database)) {
            assertInitializedAtStartup(context, initializer, database);
            assertThat(LazyApplications.post(context, "/greetings", LazyApplications.LIVE)
                            .status())
                    .isEqualTo(200);
            assertThat(greetings(database.jdbc())).containsExactly("bonjour", "hello", "hi");
        }
    }

    private static void assertInitializedAtStartup(
            ConfigurableApplicationContext context, Initializer initializer, Database database) {
        assertThat(greetings(database.jdbc())).containsExactly("bonjour", "hello");
        if (initializer.history != null) {
            assertThat(database.jdbc().strings(initializer.history)).containsExactly("1");
        }
        assertThat(context.getBeanFactory().containsSingleton("jdbcTemplate"))
                .as("the beans that use the database stay lazy")
                .isFalse();
    }

    private static List<String> greetings(PlainJdbc jdbc) {
        return jdbc.strings("select name from greetings order by name");
    }

    private static ConfigurableApplicationContext start(Initializer initializer, Database database) {
        List<String> properties = new ArrayList<>(List.of(
                "spring.autoconfigure.exclude=" + R2DBC + "," + JPA,
                "spring.datasource.url=" + database.url(),
                "spring.datasource.username=" + database.jdbc().user(),
                "spring.datasource.password=" + database.jdbc().password(),
                "spring.sql.init.mode=always",
                "spring.sql.init.data-locations=classpath:db/lazy-init/data.sql"));
        properties.addAll(initializer.properties);
        return LazyApplications.start(GreetingApplication.class, properties);
    }

    /**
     * The initializers Spring Boot auto-configures, each with the query of what it recorded as run.
     */
    enum Initializer {
        FLYWAY_H2(
                false,
                "select \"version\" from \"flyway_schema_history\" where \"success\" and \"version\" is not null",
                "spring.flyway.locations=classpath:db/lazy-init/flyway"),
        FLYWAY_POSTGRESQL(
                true,
                "select \"version\" from \"flyway_schema_history\" where \"success\" and \"version\" is not null",
                "spring.flyway.locations=classpath:db/lazy-init/flyway"),
        LIQUIBASE_H2(
                false,
                "select id from databasechangelog",
                "spring.flyway.enabled=false",
                "spring.liquibase.enabled=true",
                "spring.liquibase.change-log=classpath:db/lazy-init/liquibase/changelog.sql"),
        SQL_INIT_H2(
                false,
                null,
                "spring.flyway.enabled=false",
                "spring.sql.init.schema-locations=classpath:db/lazy-init/schema.sql"),
        SQL_INIT_POSTGRESQL(
                true,
                null,
                "spring.flyway.enabled=false",
                "spring.sql.init.schema-locations=classpath:db/lazy-init/schema.sql");

        private final boolean postgresql;

        private final @Nullable String history;

        private final List<String> properties;

        Initializer(boolean postgresql, @Nullable String history, String... properties) {
            this.postgresql = postgresql;
            this.history = history;
            this.properties = List.of(properties);
        }
    }

    /**
     * A new, empty database for one application.
     */
    record Database(String url, PlainJdbc jdbc) {

        static Database create(boolean postgresql) {
            String name = "lazyinit_" + UUID.randomUUID().toString().replace("-", "");
            if (!postgresql) {
                String url = "jdbc:h2:mem:" + name + ";DB_CLOSE_DELAY=-1";
                return new Database(url, new PlainJdbc(url, "sa", ""));
            }
            String server = EmbeddedPostgresServer.jdbcUrl();
            new PlainJdbc(server, "postgres", "postgres").execute("create database " + name);
            String url = server.replace("/postgres?", "/" + name + "?");
            return new Database(url, new PlainJdbc(url, "postgres", "postgres"));
        }
    }

    @SpringBootConfiguration(proxyBeanMethods = false)
    @EnableAutoConfiguration
    @Import(GreetingController.class)
    static class GreetingApplication {}

    /**
     * Lazy like every bean of the application: created by the first request, with the
     * {@link JdbcTemplate} that needs the initialized database.
     */
    @RestController
    static class GreetingController {

        private final JdbcTemplate jdbc;

        GreetingController(JdbcTemplate jdbc) {
            this.jdbc = jdbc;
        }

        @PostMapping("/greetings")
        String add() {
            return String.valueOf(this.jdbc.update("insert into greetings (name) values ('hi')"));
        }
    }
}
