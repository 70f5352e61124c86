package dev.shadowtx.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shadowtx.core.testsupport.ForwardedHeaderCases;
import dev.shadowtx.core.testsupport.RawHttp;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.web.filter.ForwardedHeaderFilter;

/**
 * {@code TRUSTED_PROXIES} judges the TCP peer of the connection on Tomcat, whatever
 * forwarded-header handling the application runs with: what Spring Boot turns on by itself on
 * Kubernetes ({@code RemoteIpValve}), {@code server.forward-headers-strategy=native}, and
 * {@code framework} with the application's own {@code ForwardedHeaderFilter} registered at the
 * highest precedence. A forwarded header naming a trusted address lends no trust to an untrusted
 * peer; a trusted sidecar's marked copy carrying the edge's forwarded chain keeps its trust.
 */
class ForwardedHeadersTrustTests {

    /** Trusted ranges that leave out the loopback peer the test client connects from. */
    static final String LOOPBACK_UNTRUSTED = "shadow.trust.trusted-proxies=10.0.0.0/8,192.0.2.0/24,fd00::/8";

    /** The sidecar recipe: the loopback peer is the trusted proxy. */
    static final String LOOPBACK_TRUSTED = "shadow.trust.trusted-proxies=127.0.0.0/8,::1/128";

    abstract static class SpoofedFromAnUntrustedPeer extends TrustOverHttpTests.Base {

        @Test
        void forwardedHeadersNamingATrustedAddressAreRefusedAndWriteNothing() throws IOException {
            for (Map<String, String> spoof : ForwardedHeaderCases.SPOOFED) {
                Map<String, String> headers = new LinkedHashMap<>(spoof);
                headers.put("X-Shadow", "shadow");
                assertRejected(write("spoofed", headers), "untrusted-peer");
            }
            assertThat(rows("spoofed")).isZero();
        }
    }

    abstract static class ChainFromATrustedPeer extends TrustOverHttpTests.Base {

        @Test
        void markedCopyCarryingAnyForwardedChainIsIsolatedAndItsLiveTwinCommits() throws IOException {
            int twins = 0;
            for (Map<String, String> chain : ForwardedHeaderCases.EDGE_CHAINS) {
                Map<String, String> marked = new LinkedHashMap<>(chain);
                marked.put("X-Shadow", "shadow");
                RawHttp.Response copy = write("mirrored", marked);
                assertThat(copy.status()).as("%s: %s", chain, copy.body()).isEqualTo(200);
                assertThat(copy.header("X-Mode")).isEqualTo("shadow");
                assertThat(write("twin", chain).status()).isEqualTo(200);
                twins++;
            }
            assertThat(rows("mirrored")).isZero();
            assertThat(rows("twin")).isEqualTo(twins);
        }

        @Test
        void everyMarkerFormIsIsolatedAndTheUnmarkedRequestCommits() throws IOException {
            MarkerFormsOverHttpTests.assertEveryMarkerFormIsolates(this);
        }
    }

    @Nested
    @SpringBootTest(
            classes = GuardTestApplication.class,
            webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
            properties = {
                "spring.datasource.url=jdbc:h2:mem:forwarded-k8s-untrusted;DB_CLOSE_DELAY=-1",
                "spring.jpa.hibernate.ddl-auto=create-drop",
                "spring.main.cloud-platform=kubernetes",
                "shadow.trust.mode=TRUSTED_PROXIES",
                LOOPBACK_UNTRUSTED
            })
    class OnKubernetesASpoof extends SpoofedFromAnUntrustedPeer {}

    @Nested
    @SpringBootTest(
            classes = GuardTestApplication.class,
            webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
            properties = {
                "spring.datasource.url=jdbc:h2:mem:forwarded-k8s-trusted;DB_CLOSE_DELAY=-1",
                "spring.jpa.hibernate.ddl-auto=create-drop",
                "spring.main.cloud-platform=kubernetes",
                "shadow.trust.mode=TRUSTED_PROXIES",
                LOOPBACK_TRUSTED
            })
    class OnKubernetesTheSidecarsCopy extends ChainFromATrustedPeer {}

    @Nested
    @SpringBootTest(
            classes = GuardTestApplication.class,
            webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
            properties = {
                "spring.datasource.url=jdbc:h2:mem:forwarded-native-untrusted;DB_CLOSE_DELAY=-1",
                "spring.jpa.hibernate.ddl-auto=create-drop",
                "server.forward-headers-strategy=native",
                "shadow.trust.mode=TRUSTED_PROXIES",
                LOOPBACK_UNTRUSTED
            })
    class WithNativeStrategyASpoof extends SpoofedFromAnUntrustedPeer {}

    @Nested
    @SpringBootTest(
            classes = GuardTestApplication.class,
            webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
            properties = {
                "spring.datasource.url=jdbc:h2:mem:forwarded-native-trusted;DB_CLOSE_DELAY=-1",
                "spring.jpa.hibernate.ddl-auto=create-drop",
                "server.forward-headers-strategy=native",
                "shadow.trust.mode=TRUSTED_PROXIES",
                LOOPBACK_TRUSTED
            })
    class WithNativeStrategyTheSidecarsCopy extends ChainFromATrustedPeer {}

    @Nested
    @SpringBootTest(
            classes = {GuardTestApplication.class, FirstForwardedHeaderFilter.class},
            webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
            properties = {
                "spring.datasource.url=jdbc:h2:mem:forwarded-framework-untrusted;DB_CLOSE_DELAY=-1",
                "spring.jpa.hibernate.ddl-auto=create-drop",
                "server.forward-headers-strategy=framework",
                "shadow.trust.mode=TRUSTED_PROXIES",
                LOOPBACK_UNTRUSTED
            })
    class WithTheApplicationsForwardedHeaderFilterFirstASpoof extends SpoofedFromAnUntrustedPeer {}

    @Nested
    @SpringBootTest(
            classes = {GuardTestApplication.class, FirstForwardedHeaderFilter.class},
            webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
            properties = {
                "spring.datasource.url=jdbc:h2:mem:forwarded-framework-trusted;DB_CLOSE_DELAY=-1",
                "spring.jpa.hibernate.ddl-auto=create-drop",
                "server.forward-headers-strategy=framework",
                "shadow.trust.mode=TRUSTED_PROXIES",
                LOOPBACK_TRUSTED
            })
    class WithTheApplicationsForwardedHeaderFilterFirstTheSidecarsCopy extends ChainFromATrustedPeer {}

    /**
     * The application's own {@code ForwardedHeaderFilter}, registered to run before every other
     * filter, the shadow filter included.
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
