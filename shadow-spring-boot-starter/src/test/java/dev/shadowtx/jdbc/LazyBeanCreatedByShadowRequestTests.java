package dev.shadowtx.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shadowtx.core.testsupport.RawHttp;
import jakarta.annotation.PostConstruct;
import java.io.IOException;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Under {@code spring.main.lazy-initialization=true} a bean is initialised by the first request
 * that needs it. When that request is shadow, the writes of the bean's initialization are shadow
 * writes: not committed, and never made again, since the bean is created once. The live twin
 * commits them.
 */
class LazyBeanCreatedByShadowRequestTests {

    @Test
    void rowInsertedByPostConstructOfABeanCreatedByAShadowRequestIsNeverCommitted() throws IOException {
        try (ConfigurableApplicationContext context = start()) {
            RawHttp.Response shadow = get(context, Map.of("X-Shadow", "shadow"));
            assertThat(shadow.status()).isEqualTo(200);
            assertThat(shadow.body()).isEqualTo("0");
            RawHttp.Response live = get(context, Map.of());
            assertThat(live.status()).isEqualTo(200);
            assertThat(live.body()).isEqualTo("0");
            assertThat(rows(context)).isZero();
        }
    }

    @Test
    void rowInsertedByPostConstructOfABeanCreatedByALiveRequestIsCommitted() throws IOException {
        try (ConfigurableApplicationContext context = start()) {
            RawHttp.Response live = get(context, Map.of());
            assertThat(live.status()).isEqualTo(200);
            assertThat(live.body()).isEqualTo("1");
            assertThat(rows(context)).isOne();
        }
    }

    private static ConfigurableApplicationContext start() {
        ConfigurableApplicationContext context = new SpringApplicationBuilder(SeedingApplication.class)
                .properties(
                        "spring.main.lazy-initialization=true",
                        "server.port=0",
                        "spring.datasource.url=jdbc:h2:mem:lazy-seed-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1",
                        "spring.flyway.enabled=false")
                .run();
        context.getBean(JdbcTemplate.class).execute("create table settings (name varchar(40) primary key)");
        return context;
    }

    private static RawHttp.Response get(ConfigurableApplicationContext context, Map<String, String> headers)
            throws IOException {
        int port = ((WebServerApplicationContext) context).getWebServer().getPort();
        return RawHttp.send(port, "GET", "/settings", headers, "");
    }

    private static int rows(ConfigurableApplicationContext context) {
        Integer rows =
                context.getBean(JdbcTemplate.class).queryForObject("select count(*) from settings", Integer.class);
        return (rows != null) ? rows : 0;
    }

    @SpringBootConfiguration(proxyBeanMethods = false)
    @EnableAutoConfiguration
    @Import({DefaultSettings.class, SettingsController.class})
    static class SeedingApplication {}

    /**
     * Seeds its table once, when it is created.
     */
    static class DefaultSettings {

        private final JdbcTemplate jdbc;

        DefaultSettings(JdbcTemplate jdbc) {
            this.jdbc = jdbc;
        }

        @PostConstruct
        void seed() {
            this.jdbc.update("insert into settings (name) values ('default')");
        }

        int count() {
            Integer rows = this.jdbc.queryForObject("select count(*) from settings", Integer.class);
            return (rows != null) ? rows : 0;
        }
    }

    @RestController
    static class SettingsController {

        private final DefaultSettings settings;

        SettingsController(DefaultSettings settings) {
            this.settings = settings;
        }

        @GetMapping("/settings")
        String settings() {
            return String.valueOf(this.settings.count());
        }
    }
}
