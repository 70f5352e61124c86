package dev.shadowtx.web.servlet;

import dev.shadowtx.core.marker.MarkerCarrier;
import dev.shadowtx.web.server.ConnectionPeer;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Collections;
import org.jspecify.annotations.Nullable;
import org.springframework.util.ClassUtils;

/**
 * A servlet request seen by the detectors and the trust policy. Its remote address is the
 * {@link ConnectionPeer} (the TCP peer the container saw), never {@code getRemoteAddr()}, which
 * forwarded-header handling rewrites. Public so that custom filters and benchmarks read a request
 * exactly as {@link ShadowRequestFilter} does.
 * <p>
 * On Tomcat, whether a header is present and whether the {@code Host} value holds a marker are
 * read from the parsed header bytes, without making strings (see {@link TomcatHeaders}); the
 * values themselves, and every header on other containers, are read through the Servlet API.
 */
public final class ServletMarkerCarrier implements MarkerCarrier {

    private static final boolean TOMCAT_PRESENT = ClassUtils.isPresent(
            "org.apache.catalina.connector.RequestFacade", ServletMarkerCarrier.class.getClassLoader());

    private final HttpServletRequest request;

    /**
     * Tomcat's parsed headers of the request, or {@code null} to read them through the Servlet API.
     */
    private final @Nullable Object tomcatHeaders;

    /**
     * Create a view of a request.
     * @param request the request
     */
    public ServletMarkerCarrier(HttpServletRequest request) {
        this.request = request;
        this.tomcatHeaders = TOMCAT_PRESENT ? TomcatHeaders.of(request) : null;
    }

    @Override
    public @Nullable String host() {
        return firstHeader("Host");
    }

    @Override
    public @Nullable String firstHeader(String name) {
        Object headers = this.tomcatHeaders;
        return (headers != null) ? TomcatHeaders.first(headers, name) : this.request.getHeader(name);
    }

    @Override
    public boolean hasHeader(String name) {
        Object headers = this.tomcatHeaders;
        return (headers != null) ? TomcatHeaders.contains(headers, name) : this.request.getHeader(name) != null;
    }

    @Override
    public boolean hostContainsIgnoreCase(String fragment) {
        Object headers = this.tomcatHeaders;
        if (headers != null) {
            return TomcatHeaders.containsIgnoreCase(headers, "Host", fragment);
        }
        String host = this.request.getHeader("Host");
        return host != null && MarkerCarrier.containsIgnoreCase(host, fragment);
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
