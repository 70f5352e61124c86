package dev.shadowtx.jetty;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shadowtx.core.context.ShadowContextHolder;
import dev.shadowtx.core.context.ShadowMode;
import dev.shadowtx.core.testsupport.ForwardedHeaderCases;
import dev.shadowtx.core.testsupport.RawHttp;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.filter.ForwardedHeaderFilter;

/**
 * {@code TRUSTED_PROXIES} on Jetty judges the TCP peer of the connection, whatever forwarded-header
 * handling the application runs with: what Spring Boot turns on by itself on Kubernetes (Jetty's
 * {@code ForwardedRequestCustomizer}), {@code server.forward-headers-strategy=native}, and
 * {@code framework} with the application's own {@code ForwardedHeaderFilter} first.
 */
class JettyForwardedHeadersTrustTests {

    static final String UNTRUSTED_LOOPBACK = "shadow.trust.trusted-proxies=10.0.0.0/8,192.0.2.0/24,fd00::/8";

    static final String TRUSTED_LOOPBACK = "shadow.trust.trusted-proxies=127.0.0.0/8,::1/128";

    abstract static class Base {

        @LocalServerPort
        int port;

        @Autowired
        JdbcTemplate jdbc;

        @BeforeEach
        void table() {
            this.jdbc.execute("create table if not exists rows_written (item varchar(100))");
            this.jdbc.update("delete from rows_written");
        }

        RawHttp.Response write(String item, Map<String, String> headers) throws IOException {
            return RawHttp.send(this.port, "POST", "/write/" + item, headers, "");
        }

        int rows(String item) {
            return this.jdbc.queryForObject("select count(*) from rows_written where item = ?", Integer.class, item);
        }
    }

    abstract static class SpoofedFromAnUntrustedPeer extends Base {

        @Test
        void forwardedHeadersNamingATrustedAddressAreRefusedAndWriteNothing() throws IOException {
            for (Map<String, String> spoof : ForwardedHeaderCases.SPOOFED) {
                Map<String, String> headers = new LinkedHashMap<>(spoof);
                headers.put("X-Shadow", "shadow");
                RawHttp.Response response = write("spoofed", headers);
                assertThat(response.status())
                        .as("%s: %s", spoof, response.body())
                        .isEqualTo(403);
                assertThat(response.header("Content-Type")).startsWith("application/problem+json");
                assertThat(response.body()).contains("\"reason\":\"untrusted-peer\"");
            }
            assertThat(rows("spoofed")).isZero();
        }
    }

    abstract static class ChainFromATrustedPeer extends Base {

        @Test
        void forwardedHeadersAreHonouredSoTheApplicationSeesTheEdgeClient() throws IOException {
            RawHttp.Response response =
                    RawHttp.send(this.port, "GET", "/remote-address", Map.of("X-Forwarded-For", "203.0.113.7"), "");
            assertThat(response.body()).isEqualTo("203.0.113.7");
        }

        @Test
        void markedCopyCarryingAnyForwardedChainIsIsolatedAndItsLiveTwinCommits() throws IOException {
            int twins = 0;
            for (Map<String, String> chain : ForwardedHeaderCases.EDGE_CHAINS) {
                Map<String, String> marked = new LinkedHashMap<>(chain);
                marked.put("X-Shadow", "shadow");
                RawHttp.Response copy = write("mirrored", marked);
                assertThat(copy.status()).as("%s: %s", chain, copy.body()).isEqualTo(200);
                assertThat(copy.body()).isEqualTo("shadow");
                assertThat(write("twin", chain).body()).isEqualTo("live");
                twins++;
            }
            assertThat(rows("mirrored")).isZero();
            assertThat(rows("twin")).isEqualTo(twins);
        }
    }

    @Nested
    @SpringBootTest(
            classes = JettyApp.class,
            webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
            properties = {
                "spring.datasource.url=jdbc:h2:mem:jetty-k8s-untrusted;DB_CLOSE_DELAY=-1",
                "spring.main.cloud-platform=kubernetes",
                "shadow.trust.mode=TRUSTED_PROXIES",
                UNTRUSTED_LOOPBACK
            })
    class OnKubernetesASpoof extends SpoofedFromAnUntrustedPeer {}

    @Nested
    @SpringBootTest(
            classes = JettyApp.class,
            webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
            properties = {
                "spring.datasource.url=jdbc:h2:mem:jetty-k8s-trusted;DB_CLOSE_DELAY=-1",
                "spring.main.cloud-platform=kubernetes",
                "shadow.trust.mode=TRUSTED_PROXIES",
                TRUSTED_LOOPBACK
            })
    class OnKubernetesTheSidecarsCopy extends ChainFromATrustedPeer {}

    @Nested
    @SpringBootTest(
            classes = JettyApp.class,
            webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
            properties = {
                "spring.datasource.url=jdbc:h2:mem:jetty-native-untrusted;DB_CLOSE_DELAY=-1",
                "server.forward-headers-strategy=native",
                "shadow.trust.mode=TRUSTED_PROXIES",
                UNTRUSTED_LOOPBACK
            })
    class WithNativeStrategyASpoof extends SpoofedFromAnUntrustedPeer {}

    @Nested
    @SpringBootTest(
            classes = JettyApp.class,
            webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
            properties = {
                "spring.datasource.url=jdbc:h2:mem:jetty-native-trusted;DB_CLOSE_DELAY=-1",
                "server.forward-headers-strategy=native",
                "shadow.trust.mode=TRUSTED_PROXIES",
                TRUSTED_LOOPBACK
            })
    class WithNativeStrategyTheSidecarsCopy extends ChainFromATrustedPeer {}

    @Nested
    @SpringBootTest(
            classes = {JettyApp.class, FirstForwardedHeaderFilter.class},
            webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
            properties = {
                "spring.datasource.url=jdbc:h2:mem:jetty-framework-untrusted;DB_CLOSE_DELAY=-1",
                "server.forward-headers-strategy=framework",
                "shadow.trust.mode=TRUSTED_PROXIES",
                UNTRUSTED_LOOPBACK
            })
    class WithTheApplicationsForwardedHeaderFilterFirstASpoof extends SpoofedFromAnUntrustedPeer {}

    @Nested
    @SpringBootTest(
            classes = {JettyApp.class, FirstForwardedHeaderFilter.class},
            webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
            properties = {
                "spring.datasource.url=jdbc:h2:mem:jetty-framework-trusted;DB_CLOSE_DELAY=-1",
                "server.forward-headers-strategy=framework",
                "shadow.trust.mode=TRUSTED_PROXIES",
                TRUSTED_LOOPBACK
            })
    class WithTheApplicationsForwardedHeaderFilterFirstTheSidecarsCopy extends ChainFromATrustedPeer {}

    /**
     * A service on Jetty that writes one row per request with auto-commit JDBC and answers the
     * mode it ran in.
     */
    @SpringBootApplication
    static class JettyApp {

        @RestController
        static class WriteController {

            private final JdbcTemplate jdbc;

            WriteController(JdbcTemplate jdbc) {
                this.jdbc = jdbc;
            }

            @GetMapping("/remote-address")
            String remoteAddress(HttpServletRequest request) {
                return request.getRemoteAddr();
            }

            @PostMapping("/write/{item}")
            String write(@PathVariable String item) {
                this.jdbc.update("insert into rows_written (item) values (?)", item);
                return ShadowContextHolder.currentMode()
                        .map(ShadowMode::markerValue)
                        .orElse("live");
            }
        }
    }

    /**
     * The application's own {@code ForwardedHeaderFilter}, registered before every other filter.
     */
    @Configuration(proxyBeanMethods = false)
    static class FirstForwardedHeaderFilter {

        @Bean
        FilterRegistrationBean<ForwardedHeaderFilter> forwardedHeaderFilter() {
            FilterRegistrationBean<ForwardedHeaderFilter> registration =
                    new FilterRegistrationBean<>(new ForwardedHeaderFilter());
            registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
            return registration;
        }
    }
}
