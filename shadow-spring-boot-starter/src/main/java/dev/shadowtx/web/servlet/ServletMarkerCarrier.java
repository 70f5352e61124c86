package dev.shadowtx.web.servlet;

import dev.shadowtx.core.marker.MarkerCarrier;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Collections;
import org.jspecify.annotations.Nullable;

/**
 * A servlet request seen by the detectors and the trust policy.
 */
final class ServletMarkerCarrier implements MarkerCarrier {

    private final HttpServletRequest request;

    ServletMarkerCarrier(HttpServletRequest request) {
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
    public @Nullable String remoteAddress() {
        return this.request.getRemoteAddr();
    }
}
