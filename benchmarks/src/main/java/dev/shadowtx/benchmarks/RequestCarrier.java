package dev.shadowtx.benchmarks;

import dev.shadowtx.core.marker.MarkerCarrier;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Collections;
import org.jspecify.annotations.Nullable;

/**
 * The same view of a servlet request as the starter's package-private {@code ServletMarkerCarrier},
 * so the decision can be measured on its own, without the filter around it.
 */
final class RequestCarrier implements MarkerCarrier {

    private final HttpServletRequest request;

    RequestCarrier(HttpServletRequest request) {
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
