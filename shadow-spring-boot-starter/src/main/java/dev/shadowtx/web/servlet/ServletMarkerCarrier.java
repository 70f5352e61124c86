package dev.shadowtx.web.servlet;

import dev.shadowtx.core.marker.MarkerCarrier;
import dev.shadowtx.web.server.ConnectionPeer;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Collections;
import org.jspecify.annotations.Nullable;

/**
 * A servlet request seen by the detectors and the trust policy. Its remote address is the
 * {@link ConnectionPeer} (the TCP peer the container saw), never {@code getRemoteAddr()}, which
 * forwarded-header handling rewrites. Public so that custom filters and benchmarks read a request
 * exactly as {@link ShadowRequestFilter} does.
 */
public final class ServletMarkerCarrier implements MarkerCarrier {

    private final HttpServletRequest request;

    /**
     * Create a view of a request.
     * @param request the request
     */
    public ServletMarkerCarrier(HttpServletRequest request) {
        this.request = request;
    }

    @Override
    public @Nullable String host() {
        return this.request.getHeader("Host");
    }

    @Override
    public @Nullable String firstHeader(String name) {
        return this.request.getHeader(name);
    }

    @Override
    public Iterable<String> headers(String name) {
        return Collections.list(this.request.getHeaders(name));
    }

    @Override
    public String method() {
        return this.request.getMethod();
    }

    @Override
    public String target() {
        String query = this.request.getQueryString();
        String path = this.request.getRequestURI();
        return (query != null) ? path + "?" + query : path;
    }

    @Override
    public @Nullable String remoteAddress() {
        return ConnectionPeer.of(this.request);
    }
}
