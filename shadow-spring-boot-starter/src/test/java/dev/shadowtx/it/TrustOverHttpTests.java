package dev.shadowtx.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shadowtx.core.context.ShadowMode;
import dev.shadowtx.core.marker.MarkerSignature;
import dev.shadowtx.core.testsupport.RawHttp;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * A marker from a sender the trust policy refuses gets 403 problem+json and never reaches the
 * application: it is neither isolated nor, worse, treated as live.
 */
class TrustOverHttpTests {

    static final String SECRET = "integration-secret-integration-secret";

    abstract static class Base {

        @LocalServerPort
        int port;

        @Autowired
        JdbcTemplate jdbc;

        @BeforeEach
        void emptyTable() {
            this.jdbc.update("delete from orders");
        }

        RawHttp.Response write(String item, Map<String, String> headers) throws IOException {
            return RawHttp.send(this.port, "POST", "/write/jdbc-auto-commit?item=" + item, headers, "");
        }

        int rows(String item) {
            return this.jdbc.queryForObject("select count(*) from orders where item = ?", Integer.class, item);
        }

        void assertRejected(RawHttp.Response response, String reason) {
            assertThat(response.status()).isEqualTo(403);
            assertThat(response.header("Content-Type")).startsWith("application/problem+json");
            assertThat(response.body())
                    .contains("\"status\":403")
                    .contains("\"reason\":\"" + reason + "\"")
                    .contains("\"title\":\"Shadow marker rejected\"");
        }
    }

    @Nested
    @SpringBootTest(
            classes = GuardTestApplication.class,
            webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
            properties = {
                "spring.datasource.url=jdbc:h2:mem:trust-proxies;DB_CLOSE_DELAY=-1",
                "spring.jpa.hibernate.ddl-auto=create-drop",
                "shadow.trust.mode=TRUSTED_PROXIES",
                "shadow.trust.trusted-proxies=10.0.0.0/8,fd00::/8"
            })
    class TrustedProxies extends Base {

        @Test
        void markerFromAnUntrustedPeerIsRefusedAndWritesNothing() throws IOException {
            for (Map<String, String> marker :
                    AbstractGuardIntegrationTests.markers().values()) {
                assertRejected(write("untrusted", marker), "untrusted-peer");
            }
            assertThat(rows("untrusted")).isZero();
        }

        @Test
        void forwardedHeadersDoNotMakeAPeerTrusted() throws IOException {
            assertRejected(
                    write(
                            "forwarded",
                            Map.of("X-Shadow", "shadow", "X-Forwarded-For", "10.0.0.1", "Forwarded", "for=10.0.0.1")),
                    "untrusted-peer");
            assertThat(rows("forwarded")).isZero();
        }

        @Test
        void unmarkedAndExplicitlyLiveRequestsAreServedAsUsual() throws IOException {
            assertThat(write("plain", Map.of()).status()).isEqualTo(200);
            assertThat(write("explicit-live", Map.of("X-Shadow", "false")).status())
                    .isEqualTo(200);
            assertThat(rows("plain")).isEqualTo(1);
            assertThat(rows("explicit-live")).isEqualTo(1);
        }
    }

    @Nested
    @SpringBootTest(
            classes = GuardTestApplication.class,
            webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
            properties = {
                "spring.datasource.url=jdbc:h2:mem:trust-loopback;DB_CLOSE_DELAY=-1",
                "spring.jpa.hibernate.ddl-auto=create-drop",
                "shadow.trust.mode=TRUSTED_PROXIES",
                "shadow.trust.trusted-proxies=127.0.0.0/8,::1/128"
            })
    class TrustedLoopback extends Base {

        @Test
        void markerFromATrustedPeerIsIsolated() throws IOException {
            RawHttp.Response response = write("trusted", Map.of("X-Shadow", "shadow"));
            assertThat(response.status()).isEqualTo(200);
            assertThat(rows("trusted")).isZero();
        }
    }

    @Nested
    @SpringBootTest(
            classes = GuardTestApplication.class,
            webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
            properties = {
                "spring.datasource.url=jdbc:h2:mem:trust-signed;DB_CLOSE_DELAY=-1",
                "spring.jpa.hibernate.ddl-auto=create-drop",
                "shadow.trust.mode=SIGNED",
                "shadow.trust.secret=" + SECRET,
                "shadow.trust.max-clock-skew=30s"
            })
    class Signed extends Base {

        private final MarkerSignature signature = new MarkerSignature(SECRET);

        String sign(MarkerSignature codec, ShadowMode mode, long epochSecond, String item) {
            return codec.sign(mode, epochSecond, "POST", "/write/jdbc-auto-commit?item=" + item, null);
        }

        @Test
        void validSignatureIsIsolated() throws IOException {
            String value =
                    sign(this.signature, ShadowMode.SYNTHETIC, Instant.now().getEpochSecond(), "signed");
            RawHttp.Response response =
                    write("signed", Map.of("X-Shadow", "synthetic", MarkerSignature.DEFAULT_HEADER, value));
            assertThat(response.status()).isEqualTo(200);
            assertThat(rows("signed")).isZero();
        }

        @Test
        void signatureIsGoodForItsOwnRequestOnceAndNeverGoesLive() throws IOException {
            String value =
                    sign(this.signature, ShadowMode.SYNTHETIC, Instant.now().getEpochSecond(), "once");
            Map<String, String> headers = Map.of("X-Shadow", "synthetic", MarkerSignature.DEFAULT_HEADER, value);
            assertThat(write("once", headers).status()).isEqualTo(200);
            assertRejected(write("once", headers), "replayed-signature");
            assertRejected(write("elsewhere", headers), "bad-signature");
            assertThat(rows("once")).isZero();
            assertThat(rows("elsewhere")).isZero();
        }

        @Test
        @SuppressWarnings("deprecation")
        void legacySignatureIsRefusedByDefault() throws IOException {
            String legacy = this.signature.signLegacy(
                    ShadowMode.SYNTHETIC, Instant.now().getEpochSecond());
            assertRejected(
                    write("legacy", Map.of("X-Shadow", "synthetic", MarkerSignature.DEFAULT_HEADER, legacy)),
                    "legacy-signature");
            assertThat(rows("legacy")).isZero();
        }

        @Test
        void missingWrongAndExpiredSignaturesAreRefused() throws IOException {
            long now = Instant.now().getEpochSecond();
            assertRejected(write("unsigned", Map.of("X-Shadow", "synthetic")), "missing-signature");
            assertRejected(
                    write(
                            "forged",
                            Map.of(
                                    "X-Shadow",
                                    "synthetic",
                                    MarkerSignature.DEFAULT_HEADER,
                                    sign(
                                            new MarkerSignature("a-different-secret-a-different-secret"),
                                            ShadowMode.SYNTHETIC,
                                            now,
                                            "forged"))),
                    "bad-signature");
            assertRejected(
                    write(
                            "other-mode",
                            Map.of(
                                    "X-Shadow",
                                    "synthetic",
                                    MarkerSignature.DEFAULT_HEADER,
                                    sign(this.signature, ShadowMode.SHADOW, now, "other-mode"))),
                    "bad-signature");
            assertRejected(
                    write(
                            "replayed",
                            Map.of(
                                    "X-Shadow",
                                    "synthetic",
                                    MarkerSignature.DEFAULT_HEADER,
                                    sign(this.signature, ShadowMode.SYNTHETIC, now - 120, "replayed"))),
                    "expired-signature");
            assertRejected(
                    write(
                            "ahead",
                            Map.of(
                                    "X-Shadow",
                                    "synthetic",
                                    MarkerSignature.DEFAULT_HEADER,
                                    sign(this.signature, ShadowMode.SYNTHETIC, now + 20, "ahead"))),
                    "expired-signature");
            assertRejected(write("host-unsigned", Map.of("Host", "orders-shadow:8080")), "missing-signature");
            assertThat(this.jdbc.queryForObject("select count(*) from orders", Integer.class))
                    .isZero();
        }
    }

    @Nested
    @SpringBootTest(
            classes = GuardTestApplication.class,
            webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
            properties = {
                "spring.datasource.url=jdbc:h2:mem:trust-signed-body;DB_CLOSE_DELAY=-1",
                "spring.jpa.hibernate.ddl-auto=create-drop",
                "shadow.trust.mode=SIGNED",
                "shadow.trust.secret=" + SECRET,
                "shadow.trust.body-digest-max-size=64B"
            })
    class SignedBodyDigest extends Base {

        private final MarkerSignature signature = new MarkerSignature(SECRET);

        RawHttp.Response post(String path, String contentType, String body, String signedBody) throws IOException {
            String digest = MarkerSignature.bodyDigest(signedBody.getBytes(StandardCharsets.UTF_8));
            String value =
                    this.signature.sign(ShadowMode.SYNTHETIC, Instant.now().getEpochSecond(), "POST", path, digest);
            return RawHttp.send(
                    this.port,
                    "POST",
                    path,
                    Map.of(
                            "X-Shadow",
                            "synthetic",
                            MarkerSignature.DEFAULT_HEADER,
                            value,
                            MarkerSignature.BODY_DIGEST_HEADER,
                            digest,
                            "Content-Type",
                            contentType),
                    body);
        }

        @Test
        void bodyMatchingItsSignedDigestIsIsolatedAndTheApplicationReadsIt() throws IOException {
            RawHttp.Response response = post("/write-body", "text/plain", "probe-body", "probe-body");
            assertThat(response.status()).isEqualTo(200);
            assertThat(response.body()).isEqualTo("probe-body");
            assertThat(rows("probe-body")).isZero();
        }

        @Test
        void formMatchingItsSignedDigestReachesTheApplicationAsParameters() throws IOException {
            RawHttp.Response response =
                    post("/write-form", "application/x-www-form-urlencoded", "item=form+probe", "item=form+probe");
            assertThat(response.status()).isEqualTo(200);
            assertThat(response.body()).isEqualTo("form probe");
            assertThat(rows("form probe")).isZero();
        }

        @Test
        void bodyOtherThanTheSignedOneIsRefusedAndWritesNothing() throws IOException {
            assertRejected(post("/write-body", "text/plain", "swapped-body", "probe-body"), "body-digest-mismatch");
            assertThat(rows("swapped-body")).isZero();
        }

        @Test
        void bodyLargerThanTheCheckedSizeIsRefusedAndWritesNothing() throws IOException {
            String large = "x".repeat(65);
            assertRejected(post("/write-body", "text/plain", large, large), "body-too-large");
            assertThat(rows(large)).isZero();
        }

        @Test
        void liveRequestWithALargeBodyIsNotRead() throws IOException {
            String large = "y".repeat(100);
            RawHttp.Response response =
                    RawHttp.send(this.port, "POST", "/write-body", Map.of("Content-Type", "text/plain"), large);
            assertThat(response.status()).isEqualTo(200);
            assertThat(rows(large)).isEqualTo(1);
        }
    }

    @Nested
    @SpringBootTest(
            classes = GuardTestApplication.class,
            webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
            properties = {
                "spring.datasource.url=jdbc:h2:mem:trust-signed-legacy;DB_CLOSE_DELAY=-1",
                "spring.jpa.hibernate.ddl-auto=create-drop",
                "shadow.trust.mode=SIGNED",
                "shadow.trust.secret=" + SECRET,
                "shadow.trust.accept-legacy-signatures=true"
            })
    class SignedAcceptingLegacySignatures extends Base {

        @Test
        @SuppressWarnings("deprecation")
        void legacySignatureIsIsolatedDuringTheMigration() throws IOException {
            String legacy = new MarkerSignature(SECRET)
                    .signLegacy(ShadowMode.SHADOW, Instant.now().getEpochSecond());
            RawHttp.Response response =
                    write("legacy", Map.of("X-Shadow", "shadow", MarkerSignature.DEFAULT_HEADER, legacy));
            assertThat(response.status()).isEqualTo(200);
            assertThat(rows("legacy")).isZero();
        }
    }
}
