package dev.shadowtx.test.web;

import dev.shadowtx.core.context.ShadowMode;
import dev.shadowtx.test.ShadowMarkers;
import java.util.Map;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.test.web.servlet.request.RequestPostProcessor;

/**
 * MockMvc {@link RequestPostProcessor}s for each inbound marker form, so a test marks a request
 * exactly as the mesh would:
 * <pre class="code">
 * mockMvc.perform(post("/orders").with(shadowHeader())).andExpect(status().isOk());
 * mockMvc.perform(post("/orders").with(hostSuffix())).andExpect(status().isOk());
 * </pre>
 * MockMvc only runs the shadowtx filter when it is added to the {@code MockMvc}; Boot's
 * {@code @AutoConfigureMockMvc} does that by default.
 */
public final class ShadowRequestPostProcessors {

    private ShadowRequestPostProcessors() {}

    /**
     * {@code X-Shadow: shadow}.
     * @return the post-processor
     */
    public static RequestPostProcessor shadowHeader() {
        return headers(ShadowMarkers.headerMap(ShadowMode.SHADOW));
    }

    /**
     * {@code X-Shadow: synthetic}.
     * @return the post-processor
     */
    public static RequestPostProcessor syntheticHeader() {
        return headers(ShadowMarkers.headerMap(ShadowMode.SYNTHETIC));
    }

    /**
     * {@code baggage: shadow=<mode>}, added to any {@code baggage} header already set.
     * @param mode the mode
     * @return the post-processor
     */
    public static RequestPostProcessor baggage(ShadowMode mode) {
        return (request) -> {
            request.addHeader("baggage", ShadowMarkers.baggageValue(mode));
            return request;
        };
    }

    /**
     * The Envoy host suffix on the request's own host: {@code localhost:80} becomes
     * {@code localhost-shadow:80}.
     * @return the post-processor
     */
    public static RequestPostProcessor hostSuffix() {
        return (request) ->
                setHost(request, ShadowMarkers.shadowHost(request.getServerName() + ":" + request.getServerPort()));
    }

    /**
     * The Envoy host suffix on a given host.
     * @param liveHost the live host, e.g. {@code orders:8080}
     * @return the post-processor
     */
    public static RequestPostProcessor hostSuffix(String liveHost) {
        return (request) -> setHost(request, ShadowMarkers.shadowHost(liveHost));
    }

    /**
     * {@code X-Shadow: false}: explicitly live.
     * @return the post-processor
     */
    public static RequestPostProcessor explicitLive() {
        return headers(Map.of(ShadowMarkers.HEADER, "false"));
    }

    /**
     * {@code X-Shadow} with a valid signature for {@code shadow.trust.mode=SIGNED}, bound to the
     * request's method, path and query (apply it after the query parameters are set).
     * @param mode the mode
     * @param secret the value of {@code shadow.trust.secret}
     * @return the post-processor
     */
    public static RequestPostProcessor signed(ShadowMode mode, String secret) {
        return (request) -> {
            String query = request.getQueryString();
            String target = request.getRequestURI() + ((query != null) ? "?" + query : "");
            String method = java.util.Objects.requireNonNullElse(request.getMethod(), "GET");
            return headers(ShadowMarkers.signedMap(
                            mode, secret, java.time.Instant.now().getEpochSecond(), method, target))
                    .postProcessRequest(request);
        };
    }

    /**
     * Send from a given TCP peer, for {@code shadow.trust.mode=TRUSTED_PROXIES}. A mock request
     * went through no container, so its remote address stands for the connection's peer.
     * @param address the peer's IP address
     * @return the post-processor
     */
    public static RequestPostProcessor fromPeer(String address) {
        return (request) -> {
            request.setRemoteAddr(address);
            return request;
        };
    }

    private static RequestPostProcessor headers(Map<String, String> headers) {
        return (request) -> {
            headers.forEach((name, value) -> {
                request.removeHeader(name);
                request.addHeader(name, value);
            });
            return request;
        };
    }

    private static MockHttpServletRequest setHost(MockHttpServletRequest request, String host) {
        request.removeHeader("Host");
        request.addHeader("Host", host);
        return request;
    }
}
