package dev.shadowtx.reliability.markers;

import dev.shadowtx.core.context.ShadowContextHolder;
import dev.shadowtx.core.context.ShadowMode;
import dev.shadowtx.web.servlet.ShadowRequestFilter;
import jakarta.servlet.Filter;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.context.WebApplicationContext;

/**
 * One small service per trust mode, each on H2 and a random port, started once per JVM and
 * shared by the fuzz and spoofing tests (the fuzz loops cannot use Spring's test context).
 * {@code POST /write/{key}} commits two rows (one in a {@code TransactionTemplate}, one with
 * auto-commit JDBC) and answers the mode it ran in.
 */
final class MarkerApps {

    static final String SECRET = "reliability-secret-reliability-secret";

    private static final Map<String, App> apps = new ConcurrentHashMap<>();

    private MarkerApps() {}

    static App any() {
        return apps.computeIfAbsent("ANY", (mode) -> start(mode));
    }

    static App signed() {
        return apps.computeIfAbsent(
                "SIGNED", (mode) -> start(mode, "shadow.trust.secret=" + SECRET, "shadow.trust.max-clock-skew=30s"));
    }

    static App trustedProxies() {
        return apps.computeIfAbsent(
                "TRUSTED_PROXIES", (mode) -> start(mode, "shadow.trust.trusted-proxies=10.0.0.0/8,fd00::/8"));
    }

    /**
     * {@code TRUSTED_PROXIES} as Spring Boot runs on Kubernetes: Tomcat's {@code RemoteIpValve}
     * rewrites the remote address from {@code X-Forwarded-For}.
     */
    static App trustedProxiesOnKubernetes() {
        return apps.computeIfAbsent(
                "TRUSTED_PROXIES_KUBERNETES",
                (name) -> startNamed(
                        name,
                        "TRUSTED_PROXIES",
                        "shadow.trust.trusted-proxies=10.0.0.0/8,fd00::/8",
                        "spring.main.cloud-platform=kubernetes"));
    }

    private static App start(String trustMode, String... more) {
        return startNamed(trustMode, trustMode, more);
    }

    private static App startNamed(String database, String trustMode, String... more) {
        String[] properties = new String[more.length + 6];
        properties[0] = "spring.datasource.url=jdbc:h2:mem:markers-" + database + ";DB_CLOSE_DELAY=-1";
        properties[1] = "server.port=0";
        properties[2] = "shadow.trust.mode=" + trustMode;
        properties[3] =
                "spring.autoconfigure.exclude=org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration,"
                        + "dev.shadowtx.kafka.autoconfigure.ShadowKafkaAutoConfiguration,"
                        + "org.springframework.boot.flyway.autoconfigure.FlywayAutoConfiguration";
        properties[4] = "logging.level.dev.shadowtx=ERROR";
        properties[5] = "spring.main.banner-mode=off";
        System.arraycopy(more, 0, properties, 6, more.length);
        ConfigurableApplicationContext context = new SpringApplicationBuilder(MarkerApplication.class)
                .web(WebApplicationType.SERVLET)
                .properties(properties)
                .run();
        JdbcTemplate jdbc = context.getBean(JdbcTemplate.class);
        jdbc.execute("create table marker_rows (k varchar(100))");
        Filter shadowFilter = context.getBeansOfType(FilterRegistrationBean.class).values().stream()
                .map(FilterRegistrationBean::getFilter)
                .filter(ShadowRequestFilter.class::isInstance)
                .findFirst()
                .orElseThrow();
        MockMvc mockMvc = MockMvcBuilders.webAppContextSetup((WebApplicationContext) context)
                .addFilters(shadowFilter)
                .build();
        int port = ((WebServerApplicationContext) context).getWebServer().getPort();
        return new App(mockMvc, port, jdbc);
    }

    record App(MockMvc mockMvc, int port, JdbcTemplate jdbc) {

        int rows(String key) {
            Integer count =
                    this.jdbc.queryForObject("select count(*) from marker_rows where k = ?", Integer.class, key);
            return (count != null) ? count : 0;
        }

        int allRows() {
            Integer count = this.jdbc.queryForObject("select count(*) from marker_rows", Integer.class);
            return (count != null) ? count : 0;
        }
    }

    @SpringBootApplication
    static class MarkerApplication {

        @RestController
        static class WriteController {

            private final JdbcTemplate jdbc;

            private final TransactionTemplate transaction;

            WriteController(JdbcTemplate jdbc, PlatformTransactionManager manager) {
                this.jdbc = jdbc;
                this.transaction = new TransactionTemplate(manager);
            }

            @PostMapping("/write/{key}")
            Map<String, String> write(@PathVariable String key) {
                this.transaction.executeWithoutResult(
                        (status) -> this.jdbc.update("insert into marker_rows (k) values (?)", key));
                this.jdbc.update("insert into marker_rows (k) values (?)", key);
                return Map.of(
                        "mode",
                        ShadowContextHolder.currentMode()
                                .map(ShadowMode::markerValue)
                                .orElse("live"));
            }
        }
    }
}
