package dev.shadowtx.web.reactive;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shadowtx.core.testsupport.ForwardedHeaderCases;
import dev.shadowtx.core.testsupport.RawHttp;
import dev.shadowtx.r2dbc.R2dbcOrders;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.TestPropertySource;

/**
 * {@code TRUSTED_PROXIES} judges the TCP peer of the connection on Reactor Netty, whatever
 * forwarded-header handling the application runs with: what Spring Boot turns on by itself on
 * Kubernetes, {@code server.forward-headers-strategy=native} (Reactor Netty's own handling) and
 * {@code framework} (Spring's {@code ForwardedHeaderTransformer}).
 */
class WebFluxForwardedHeadersTrustTests {

    abstract static class Base {

        @LocalServerPort
        int port;

        @BeforeEach
        void emptyTable() {
            R2dbcOrders.createEmpty(WebFluxTrustAndProtectionTests.jdbc());
        }

        RawHttp.Response write(String item, Map<String, String> headers) throws IOException {
            return RawHttp.send(this.port, "POST", "/orders/auto-commit?item=" + item, headers, "");
        }

        List<String> items() {
            return R2dbcOrders.committedItems(WebFluxTrustAndProtectionTests.jdbc());
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
            assertThat(items()).isEmpty();
        }
    }

    abstract static class ChainFromATrustedPeer extends Base {

        @Test
        void markedCopyCarryingAnyForwardedChainIsIsolatedAndItsLiveTwinCommits() throws IOException {
            for (Map<String, String> chain : ForwardedHeaderCases.EDGE_CHAINS) {
                Map<String, String> marked = new LinkedHashMap<>(chain);
                marked.put("X-Shadow", "shadow");
                RawHttp.Response copy = write("mirrored", marked);
                assertThat(copy.status()).as("%s: %s", chain, copy.body()).isEqualTo(200);
                assertThat(copy.body()).isEqualTo("shadow/shadow");
                assertThat(write("twin", chain).body()).isEqualTo("live/live");
            }
            assertThat(items()).containsExactly("twin", "twin", "twin", "twin");
        }

        @Test
        void everyMarkerFormIsIsolatedAndTheUnmarkedRequestCommits() throws IOException {
            WebFluxMarkerFormsTests.assertEveryMarkerFormIsolates(this.port);
        }
    }

    @Nested
    @WebFluxOnH2
    @TestPropertySource(
            properties = {
                "spring.main.cloud-platform=kubernetes",
                "shadow.trust.mode=TRUSTED_PROXIES",
                "shadow.trust.trusted-proxies=10.0.0.0/8,192.0.2.0/24,fd00::/8"
            })
    class OnKubernetesASpoof extends SpoofedFromAnUntrustedPeer {}

    @Nested
    @WebFluxOnH2
    @TestPropertySource(
            properties = {
                "spring.main.cloud-platform=kubernetes",
                "shadow.trust.mode=TRUSTED_PROXIES",
                "shadow.trust.trusted-proxies=127.0.0.0/8,::1/128"
            })
    class OnKubernetesTheSidecarsCopy extends ChainFromATrustedPeer {}

    @Nested
    @WebFluxOnH2
    @TestPropertySource(
            properties = {
                "server.forward-headers-strategy=native",
                "shadow.trust.mode=TRUSTED_PROXIES",
                "shadow.trust.trusted-proxies=10.0.0.0/8,192.0.2.0/24,fd00::/8"
            })
    class WithNativeStrategyASpoof extends SpoofedFromAnUntrustedPeer {}

    @Nested
    @WebFluxOnH2
    @TestPropertySource(
            properties = {
                "server.forward-headers-strategy=native",
                "shadow.trust.mode=TRUSTED_PROXIES",
                "shadow.trust.trusted-proxies=127.0.0.0/8,::1/128"
            })
    class WithNativeStrategyTheSidecarsCopy extends ChainFromATrustedPeer {}

    @Nested
    @WebFluxOnH2
    @TestPropertySource(
            properties = {
                "server.forward-headers-strategy=framework",
                "shadow.trust.mode=TRUSTED_PROXIES",
                "shadow.trust.trusted-proxies=10.0.0.0/8,192.0.2.0/24,fd00::/8"
            })
    class WithFrameworkStrategyASpoof extends SpoofedFromAnUntrustedPeer {}

    @Nested
    @WebFluxOnH2
    @TestPropertySource(
            properties = {
                "server.forward-headers-strategy=framework",
                "shadow.trust.mode=TRUSTED_PROXIES",
                "shadow.trust.trusted-proxies=127.0.0.0/8,::1/128"
            })
    class WithFrameworkStrategyTheSidecarsCopy extends ChainFromATrustedPeer {}
}
