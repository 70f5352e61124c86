package dev.shadowtx.test;

import dev.shadowtx.core.context.ShadowMode;
import dev.shadowtx.core.marker.MarkerNames;
import dev.shadowtx.core.marker.MarkerSignature;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;
import org.springframework.http.HttpHeaders;

/**
 * The inbound marker forms as plain header maps and as {@code Consumer<HttpHeaders>}, so a test
 * can mark a request on any client: {@code RestTestClient}, {@code WebTestClient},
 * {@code TestRestTemplate}, {@code RestClient} or a raw socket.
 * <pre class="code">
 * restTestClient.post().uri("/orders").headers(ShadowMarkers.header(ShadowMode.SHADOW)).exchange();
 * </pre>
 * Host-suffix markers need a client that may set {@code Host}: the JDK {@code HttpClient} refuses
 * unless started with {@code -Djdk.httpclient.allowRestrictedHeaders=host}.
 */
public final class ShadowMarkers {

    /**
     * Default inbound marker header ({@code shadow.detection.header}).
     */
    public static final String HEADER = MarkerNames.DEFAULT_HEADER;

    /**
     * Default baggage key ({@code shadow.detection.baggage-key}).
     */
    public static final String BAGGAGE_KEY = MarkerNames.DEFAULT_BAGGAGE_KEY;

    private ShadowMarkers() {}

    /**
     * Mark with {@code X-Shadow: shadow} or {@code X-Shadow: synthetic}.
     * @param mode the mode
     * @return a headers customizer
     */
    public static Consumer<HttpHeaders> header(ShadowMode mode) {
        return from(headerMap(mode));
    }

    /**
     * Mark with a W3C {@code baggage} entry {@code shadow=<mode>}.
     * @param mode the mode
     * @return a headers customizer
     */
    public static Consumer<HttpHeaders> baggage(ShadowMode mode) {
        return from(baggageMap(mode));
    }

    /**
     * Mark with the Envoy host suffix, e.g. {@code orders-shadow:8080} for {@code orders:8080}.
     * @param host the live host, with or without port
     * @return a headers customizer
     */
    public static Consumer<HttpHeaders> hostSuffix(String host) {
        return from(hostSuffixMap(host));
    }

    /**
     * Say explicitly that the request is live ({@code X-Shadow: false}).
     * @return a headers customizer
     */
    public static Consumer<HttpHeaders> explicitLive() {
        return from(Map.of(HEADER, "false"));
    }

    /**
     * Mark with {@code X-Shadow} and a valid {@code X-Shadow-Signature} for {@code SIGNED} trust,
     * bound to one request: a signature is good for that method and target only, and only once.
     * @param mode the mode
     * @param secret the value of {@code shadow.trust.secret}
     * @param method the method of the request the headers go on, e.g. {@code POST}
     * @param target its path and query as sent, e.g. {@code /orders?id=7}
     * @return a headers customizer
     */
    public static Consumer<HttpHeaders> signed(ShadowMode mode, String secret, String method, String target) {
        return from(signedMap(mode, secret, Instant.now().getEpochSecond(), method, target));
    }

    /**
     * The {@code X-Shadow} marker as a header map.
     * @param mode the mode
     * @return header name to value
     */
    public static Map<String, String> headerMap(ShadowMode mode) {
        return Map.of(HEADER, mode.markerValue());
    }

    /**
     * The baggage marker as a header map.
     * @param mode the mode
     * @return header name to value
     */
    public static Map<String, String> baggageMap(ShadowMode mode) {
        return Map.of("baggage", baggageValue(mode));
    }

    /**
     * The baggage member that marks a request, {@code shadow=<mode>}.
     * @param mode the mode
     * @return the member
     */
    public static String baggageValue(ShadowMode mode) {
        return BAGGAGE_KEY + "=" + mode.markerValue();
    }

    /**
     * The host-suffix marker as a header map.
     * @param host the live host, with or without port
     * @return header name to value
     */
    public static Map<String, String> hostSuffixMap(String host) {
        return Map.of(HttpHeaders.HOST, shadowHost(host));
    }

    /**
     * The signed header marker as a header map.
     * @param mode the mode
     * @param secret the HMAC secret
     * @param epochSecond the signing time
     * @param method the method of the request the headers go on
     * @param target its path and query as sent
     * @return header names to values
     */
    public static Map<String, String> signedMap(
            ShadowMode mode, String secret, long epochSecond, String method, String target) {
        Map<String, String> headers = new LinkedHashMap<>(headerMap(mode));
        headers.put(
                MarkerSignature.DEFAULT_HEADER,
                new MarkerSignature(secret).sign(mode, epochSecond, method, target, null));
        return headers;
    }

    /**
     * Turn a live host into the shadow host Envoy's mirror sends: {@code orders:8080} becomes
     * {@code orders-shadow:8080}, {@code [::1]:8080} becomes {@code [::1]-shadow:8080}.
     * @param host the live host, with or without port
     * @return the shadow host
     */
    public static String shadowHost(String host) {
        int colon = host.lastIndexOf(':');
        boolean hasPort =
                colon > 0 && host.indexOf(']') < colon && (host.startsWith("[") || host.indexOf(':') == colon);
        return hasPort ? host.substring(0, colon) + "-shadow" + host.substring(colon) : host + "-shadow";
    }

    private static Consumer<HttpHeaders> from(Map<String, String> headers) {
        return (target) -> headers.forEach(target::set);
    }
}
