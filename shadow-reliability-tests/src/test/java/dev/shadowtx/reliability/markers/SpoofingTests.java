package dev.shadowtx.reliability.markers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import dev.shadowtx.core.context.ShadowMode;
import dev.shadowtx.core.marker.MarkerSignature;
import dev.shadowtx.core.testsupport.RawHttp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

/**
 * Spoofing, for each trust mode: a marker from a sender the policy does not trust, or with a
 * forged, mis-keyed, mis-moded, malformed or too old / too new signature, gets 403
 * problem+json and commits nothing; it is never served live. {@code ANY} trusts every sender,
 * so there a marker always isolates.
 */
class SpoofingTests {

    static final AtomicInteger refused = new AtomicInteger();

    static final Map<String, Map<String, String>> MARKERS = markers();

    static Map<String, Map<String, String>> markers() {
        Map<String, Map<String, String>> markers = new LinkedHashMap<>();
        markers.put("host suffix", Map.of("Host", "orders-shadow:8080"));
        markers.put("X-Shadow: shadow", Map.of("X-Shadow", "shadow"));
        markers.put("X-Shadow: true", Map.of("X-Shadow", "true"));
        markers.put("X-Shadow: synthetic", Map.of("X-Shadow", "synthetic"));
        markers.put("malformed X-Shadow", Map.of("X-Shadow", "please"));
        markers.put("baggage", Map.of("baggage", "shadow=synthetic"));
        return markers;
    }

    @AfterAll
    static void report() {
        System.out.printf(
                "[reliability] spoofing: %d forged or untrusted marked requests refused with 403 "
                        + "problem+json, 0 rows committed%n",
                refused.get());
    }

    static MockHttpServletResponse perform(MarkerApps.App app, String key, String peer, Map<String, String> headers)
            throws Exception {
        MockHttpServletRequestBuilder request = post("/write/" + key).with((r) -> {
            r.setRemoteAddr(peer);
            return r;
        });
        headers.forEach(request::header);
        return app.mockMvc().perform(request).andReturn().getResponse();
    }

    static void assertRefused(
            MarkerApps.App app, String key, int status, String contentType, String body, String reason) {
        assertThat(status).as(body).isEqualTo(403);
        assertThat(contentType).startsWith("application/problem+json");
        assertThat(body).contains("\"status\":403").contains("\"reason\":\"" + reason + "\"");
        assertThat(app.rows(key)).isZero();
        refused.incrementAndGet();
    }

    @Nested
    class AnyMode {

        @ParameterizedTest(name = "{0}")
        @MethodSource("dev.shadowtx.reliability.markers.SpoofingTests#markerNames")
        void everyMarkerIsolatesFromAnySender(String marker) throws Exception {
            MarkerApps.App app = MarkerApps.any();
            String key = UUID.randomUUID().toString();
            MockHttpServletResponse response = perform(app, key, "203.0.113.9", MARKERS.get(marker));
            assertThat(response.getStatus()).isEqualTo(200);
            assertThat(response.getContentAsString()).doesNotContain("live");
            assertThat(app.rows(key)).isZero();
        }
    }

    @Nested
    class TrustedProxiesMode {

        static final List<String> UNTRUSTED_PEERS = List.of(
                "127.0.0.1",
                "192.168.1.10",
                "11.0.0.1",
                "9.255.255.255",
                "::1",
                "fe80::1",
                "2001:db8::1",
                "::ffff:8.8.8.8");

        static Stream<Arguments> untrustedPeersAndMarkers() {
            List<Arguments> cells = new ArrayList<>();
            for (String peer : UNTRUSTED_PEERS) {
                MARKERS.keySet().forEach((marker) -> cells.add(Arguments.of(peer, marker)));
            }
            return cells.stream();
        }

        @ParameterizedTest(name = "{1} from {0}")
        @MethodSource("untrustedPeersAndMarkers")
        void markerFromAnUntrustedPeerIsRefused(String peer, String marker) throws Exception {
            MarkerApps.App app = MarkerApps.trustedProxies();
            String key = UUID.randomUUID().toString();
            MockHttpServletResponse response = perform(app, key, peer, MARKERS.get(marker));
            assertRefused(
                    app,
                    key,
                    response.getStatus(),
                    String.valueOf(response.getContentType()),
                    response.getContentAsString(),
                    "untrusted-peer");
        }

        @ParameterizedTest(name = "{0}")
        @MethodSource("dev.shadowtx.reliability.markers.SpoofingTests#forwardingHeaders")
        void forwardingHeadersNamingATrustedProxyChangeNothing(String header, String value) throws Exception {
            MarkerApps.App app = MarkerApps.trustedProxies();
            String key = UUID.randomUUID().toString();
            MockHttpServletResponse response =
                    perform(app, key, "198.51.100.7", Map.of("X-Shadow", "shadow", header, value));
            assertRefused(
                    app,
                    key,
                    response.getStatus(),
                    String.valueOf(response.getContentType()),
                    response.getContentAsString(),
                    "untrusted-peer");
        }

        @Test
        void markerFromATrustedPeerIsolatesAndUnmarkedTrafficFromAnyoneIsLive() throws Exception {
            MarkerApps.App app = MarkerApps.trustedProxies();
            for (String peer : List.of("10.1.2.3", "fd00::5")) {
                for (Map<String, String> marker : MARKERS.values()) {
                    String key = UUID.randomUUID().toString();
                    assertThat(perform(app, key, peer, marker).getStatus()).isEqualTo(200);
                    assertThat(app.rows(key)).isZero();
                }
            }
            String key = UUID.randomUUID().toString();
            assertThat(perform(app, key, "198.51.100.7", Map.of()).getStatus()).isEqualTo(200);
            assertThat(app.rows(key)).isEqualTo(2);
        }

        @ParameterizedTest(name = "{0}: {1}")
        @MethodSource("dev.shadowtx.reliability.markers.SpoofingTests#forwardingHeaders")
        void onKubernetesForwardedHeadersNamingATrustedProxyLendNoTrustOverRealHttp(String header, String value)
                throws Exception {
            MarkerApps.App app = MarkerApps.trustedProxiesOnKubernetes();
            for (Map<String, String> marker : MARKERS.values()) {
                String key = UUID.randomUUID().toString();
                Map<String, String> headers = new LinkedHashMap<>(marker);
                headers.put(header, value);
                RawHttp.Response response = RawHttp.send(app.port(), "POST", "/write/" + key, headers, "");
                assertRefused(
                        app,
                        key,
                        response.status(),
                        String.valueOf(response.header("Content-Type")),
                        response.body(),
                        "untrusted-peer");
            }
        }

        @Test
        void overRealHttpTheLoopbackPeerIsUntrusted() throws Exception {
            MarkerApps.App app = MarkerApps.trustedProxies();
            for (Map<String, String> marker : MARKERS.values()) {
                String key = UUID.randomUUID().toString();
                Map<String, String> headers = new LinkedHashMap<>(marker);
                headers.put("X-Forwarded-For", "10.0.0.1");
                RawHttp.Response response = RawHttp.send(app.port(), "POST", "/write/" + key, headers, "");
                assertRefused(
                        app,
                        key,
                        response.status(),
                        String.valueOf(response.header("Content-Type")),
                        response.body(),
                        "untrusted-peer");
            }
        }
    }

    @Nested
    class SignedMode {

        final MarkerSignature signature = new MarkerSignature(MarkerApps.SECRET);

        /** A forged signature for the request to a given target. */
        interface Forgery extends java.util.function.Function<String, String> {}

        static String sign(MarkerSignature codec, ShadowMode mode, long epochSecond, String target) {
            return codec.sign(mode, epochSecond, "POST", target, null);
        }

        @SuppressWarnings("deprecation")
        static Stream<Arguments> forgeries() {
            long now = Instant.now().getEpochSecond();
            MarkerSignature right = new MarkerSignature(MarkerApps.SECRET);
            List<Arguments> cells = new ArrayList<>();
            for (String wrongSecret : List.of(
                    "a-different-secret-a-different-secret",
                    MarkerApps.SECRET + "x",
                    MarkerApps.SECRET.substring(1),
                    MarkerApps.SECRET.toUpperCase(java.util.Locale.ROOT))) {
                cells.add(Arguments.of(
                        "wrong secret " + wrongSecret.substring(0, 6) + "…",
                        (Forgery) (target) -> sign(new MarkerSignature(wrongSecret), ShadowMode.SYNTHETIC, now, target),
                        "bad-signature"));
            }
            cells.add(Arguments.of(
                    "signed for the other mode",
                    (Forgery) (target) -> sign(right, ShadowMode.SHADOW, now, target),
                    "bad-signature"));
            cells.add(Arguments.of(
                    "signed for another path",
                    (Forgery) (target) -> sign(right, ShadowMode.SYNTHETIC, now, target + "x"),
                    "bad-signature"));
            cells.add(Arguments.of(
                    "signed for another query",
                    (Forgery) (target) -> sign(right, ShadowMode.SYNTHETIC, now, target + "?item=1"),
                    "bad-signature"));
            cells.add(Arguments.of(
                    "signed for another method",
                    (Forgery) (target) -> right.sign(ShadowMode.SYNTHETIC, now, "GET", target, null),
                    "bad-signature"));
            cells.add(Arguments.of(
                    "signed for a body digest not sent",
                    (Forgery) (target) -> right.sign(ShadowMode.SYNTHETIC, now, "POST", target, "sha-256=AAAA"),
                    "bad-signature"));
            cells.add(Arguments.of(
                    "random hex",
                    (Forgery) (target) -> "v=2,t=" + now + ",n=abc,s=" + "ab".repeat(32),
                    "bad-signature"));
            cells.add(Arguments.of(
                    "zeros", (Forgery) (target) -> "v=2,t=" + now + ",n=abc,s=" + "0".repeat(64), "bad-signature"));
            cells.add(Arguments.of(
                    "timestamp changed after signing",
                    (Forgery) (target) ->
                            sign(right, ShadowMode.SYNTHETIC, now, target).replace("t=" + now, "t=" + (now + 1)),
                    "bad-signature"));
            cells.add(Arguments.of(
                    "nonce changed after signing",
                    (Forgery) (target) -> right.sign(ShadowMode.SYNTHETIC, now, "n1", "POST", target, null)
                            .replace("n=n1", "n=n2"),
                    "bad-signature"));
            cells.add(Arguments.of(
                    "one bit flipped",
                    (Forgery) (target) -> flip(sign(right, ShadowMode.SYNTHETIC, now, target)),
                    "bad-signature"));
            cells.add(Arguments.of(
                    "truncated",
                    (Forgery) (target) -> {
                        String valid = sign(right, ShadowMode.SYNTHETIC, now, target);
                        return valid.substring(0, valid.length() - 1);
                    },
                    "bad-signature"));
            cells.add(Arguments.of(
                    "extended",
                    (Forgery) (target) -> sign(right, ShadowMode.SYNTHETIC, now, target) + "0",
                    "bad-signature"));
            cells.add(Arguments.of(
                    "not hex", (Forgery) (target) -> "v=2,t=" + now + ",n=abc,s=" + "zz".repeat(32), "bad-signature"));
            cells.add(Arguments.of(
                    "no timestamp",
                    (Forgery) (target) ->
                            sign(right, ShadowMode.SYNTHETIC, now, target).replace("t=" + now + ",", ""),
                    "bad-signature"));
            cells.add(Arguments.of(
                    "no nonce",
                    (Forgery) (target) ->
                            sign(right, ShadowMode.SYNTHETIC, now, target).replaceAll(",n=[^,]*", ""),
                    "bad-signature"));
            cells.add(Arguments.of("no signature", (Forgery) (target) -> "v=2,t=" + now + ",n=abc", "bad-signature"));
            cells.add(Arguments.of(
                    "negative timestamp",
                    (Forgery) (target) ->
                            sign(right, ShadowMode.SYNTHETIC, now, target).replace("t=" + now, "t=-" + now),
                    "bad-signature"));
            cells.add(Arguments.of(
                    "overflowing timestamp",
                    (Forgery) (target) -> sign(right, ShadowMode.SYNTHETIC, now, target)
                            .replace("t=" + now, "t=99999999999999999999"),
                    "bad-signature"));
            cells.add(
                    Arguments.of("garbage", (Forgery) (target) -> "\u0000\u00ff" + "x".repeat(5000), "bad-signature"));
            cells.add(Arguments.of("blank", (Forgery) (target) -> "   ", "missing-signature"));
            cells.add(Arguments.of(
                    "legacy format, valid for mode and time",
                    (Forgery) (target) -> right.signLegacy(ShadowMode.SYNTHETIC, now),
                    "legacy-signature"));
            cells.add(Arguments.of(
                    "replayed 31 s late",
                    (Forgery) (target) -> sign(right, ShadowMode.SYNTHETIC, now - 31, target),
                    "expired-signature"));
            cells.add(Arguments.of(
                    "replayed 2 min late",
                    (Forgery) (target) -> sign(right, ShadowMode.SYNTHETIC, now - 120, target),
                    "expired-signature"));
            cells.add(Arguments.of(
                    "replayed a day late",
                    (Forgery) (target) -> sign(right, ShadowMode.SYNTHETIC, now - 86_400, target),
                    "expired-signature"));
            cells.add(Arguments.of(
                    "signed at epoch 0",
                    (Forgery) (target) -> sign(right, ShadowMode.SYNTHETIC, 0, target),
                    "expired-signature"));
            cells.add(Arguments.of(
                    "dated 20 s ahead",
                    (Forgery) (target) -> sign(right, ShadowMode.SYNTHETIC, now + 20, target),
                    "expired-signature"));
            cells.add(Arguments.of(
                    "dated 2 min ahead",
                    (Forgery) (target) -> sign(right, ShadowMode.SYNTHETIC, now + 120, target),
                    "expired-signature"));
            return cells.stream();
        }

        private static String flip(String hex) {
            char last = hex.charAt(hex.length() - 1);
            return hex.substring(0, hex.length() - 1) + ((last == '0') ? '1' : '0');
        }

        @ParameterizedTest(name = "{0}")
        @MethodSource("forgeries")
        void forgedSignatureIsRefused(String name, Forgery forgery, String reason) throws Exception {
            MarkerApps.App app = MarkerApps.signed();
            String key = UUID.randomUUID().toString();
            String signatureValue = forgery.apply("/write/" + key);
            MockHttpServletResponse response = perform(
                    app,
                    key,
                    "127.0.0.1",
                    Map.of("X-Shadow", "synthetic", MarkerSignature.DEFAULT_HEADER, signatureValue));
            assertRefused(
                    app,
                    key,
                    response.getStatus(),
                    String.valueOf(response.getContentType()),
                    response.getContentAsString(),
                    reason);
        }

        @ParameterizedTest(name = "{0}")
        @MethodSource("dev.shadowtx.reliability.markers.SpoofingTests#markerNames")
        void unsignedMarkerIsRefused(String marker) throws Exception {
            MarkerApps.App app = MarkerApps.signed();
            String key = UUID.randomUUID().toString();
            MockHttpServletResponse response = perform(app, key, "10.0.0.1", MARKERS.get(marker));
            assertRefused(
                    app,
                    key,
                    response.getStatus(),
                    String.valueOf(response.getContentType()),
                    response.getContentAsString(),
                    "missing-signature");
        }

        @Test
        void forgedSignaturesAreRefusedOverRealHttpToo() throws Exception {
            MarkerApps.App app = MarkerApps.signed();
            long now = Instant.now().getEpochSecond();
            Map<String, Forgery> forged = Map.of(
                    "wrong secret",
                    (target) -> sign(
                            new MarkerSignature("a-different-secret-a-different-secret"),
                            ShadowMode.SHADOW,
                            now,
                            target),
                    "replayed",
                    (target) -> sign(this.signature, ShadowMode.SHADOW, now - 120, target),
                    "other mode",
                    (target) -> sign(this.signature, ShadowMode.SYNTHETIC, now, target),
                    "other path",
                    (target) -> sign(this.signature, ShadowMode.SHADOW, now, "/write/other"));
            Map<String, String> reasons = Map.of(
                    "wrong secret",
                    "bad-signature",
                    "replayed",
                    "expired-signature",
                    "other mode",
                    "bad-signature",
                    "other path",
                    "bad-signature");
            for (Map.Entry<String, Forgery> forgery : forged.entrySet()) {
                String key = UUID.randomUUID().toString();
                RawHttp.Response response = RawHttp.send(
                        app.port(),
                        "POST",
                        "/write/" + key,
                        Map.of(
                                "Host",
                                "orders-shadow:8080",
                                MarkerSignature.DEFAULT_HEADER,
                                forgery.getValue().apply("/write/" + key)),
                        "");
                assertRefused(
                        app,
                        key,
                        response.status(),
                        String.valueOf(response.header("Content-Type")),
                        response.body(),
                        reasons.get(forgery.getKey()));
            }
        }

        @Test
        void capturedSignedRequestSentAgainIsRefusedOverRealHttp() throws Exception {
            MarkerApps.App app = MarkerApps.signed();
            String key = UUID.randomUUID().toString();
            Map<String, String> headers = Map.of(
                    "X-Shadow",
                    "shadow",
                    MarkerSignature.DEFAULT_HEADER,
                    sign(this.signature, ShadowMode.SHADOW, Instant.now().getEpochSecond(), "/write/" + key));
            assertThat(RawHttp.send(app.port(), "POST", "/write/" + key, headers, "")
                            .status())
                    .isEqualTo(200);
            RawHttp.Response replayed = RawHttp.send(app.port(), "POST", "/write/" + key, headers, "");
            assertRefused(
                    app,
                    key,
                    replayed.status(),
                    String.valueOf(replayed.header("Content-Type")),
                    replayed.body(),
                    "replayed-signature");
        }

        @Test
        void validSignatureIsolatesAndUnmarkedTrafficIsLive() throws Exception {
            MarkerApps.App app = MarkerApps.signed();
            long now = Instant.now().getEpochSecond();
            String key = UUID.randomUUID().toString();
            MockHttpServletResponse response = perform(
                    app,
                    key,
                    "127.0.0.1",
                    Map.of(
                            "X-Shadow",
                            "synthetic",
                            MarkerSignature.DEFAULT_HEADER,
                            sign(this.signature, ShadowMode.SYNTHETIC, now, "/write/" + key)));
            assertThat(response.getStatus()).isEqualTo(200);
            assertThat(response.getContentAsString()).contains("synthetic");
            assertThat(app.rows(key)).isZero();
            String live = UUID.randomUUID().toString();
            assertThat(perform(app, live, "127.0.0.1", Map.of()).getStatus()).isEqualTo(200);
            assertThat(app.rows(live)).isEqualTo(2);
        }
    }

    static Stream<String> markerNames() {
        return MARKERS.keySet().stream();
    }

    static Stream<Arguments> forwardingHeaders() {
        return Stream.of(
                Arguments.of("X-Forwarded-For", "10.0.0.1"),
                Arguments.of("X-Forwarded-For", "10.0.0.1, 10.0.0.2"),
                Arguments.of("Forwarded", "for=10.0.0.1;proto=https"),
                Arguments.of("X-Real-IP", "10.0.0.1"),
                Arguments.of("X-Envoy-External-Address", "10.0.0.1"),
                Arguments.of("True-Client-IP", "fd00::1"));
    }
}
