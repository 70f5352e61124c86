package dev.shadowtx.web.servlet;

import dev.shadowtx.core.marker.HeaderProbe;
import dev.shadowtx.core.marker.MarkerCarrier;
import dev.shadowtx.core.marker.MarkerDetector;
import dev.shadowtx.core.marker.MarkerSignature;
import dev.shadowtx.core.marker.SignedMarkerPolicy;
import dev.shadowtx.web.server.ConnectionPeer;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.UncheckedIOException;
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
 * {@link #PROBE} answers those two questions the same way without a carrier, so that an unmarked
 * request needs none.
 * <p>
 * When the trust policy compares the body with a signed digest, the body is read here (bounded),
 * and {@link #request()} gives the application the same body again.
 */
public final class ServletMarkerCarrier implements MarkerCarrier {

    private static final boolean TOMCAT_PRESENT = ClassUtils.isPresent(
            "org.apache.catalina.connector.RequestFacade", ServletMarkerCarrier.class.getClassLoader());

    private static final int MAX_ARRAY = Integer.MAX_VALUE - 8;

    /**
     * Reads a servlet request exactly as its carrier does, without a carrier: detectors ask it
     * whether a request may be marked ({@link MarkerDetector#mayDetect}), so that an unmarked
     * request is decided live with no object made for it.
     */
    public static final HeaderProbe<HttpServletRequest> PROBE = new HeaderProbe<>() {

        @Override
        public boolean hasHeader(HttpServletRequest request, String name) {
            return ServletMarkerCarrier.hasHeader(tomcatHeaders(request), request, name);
        }

        @Override
        public boolean hostContainsIgnoreCase(HttpServletRequest request, String fragment) {
            return ServletMarkerCarrier.hostContainsIgnoreCase(tomcatHeaders(request), request, fragment);
        }

        /**
         * On Tomcat's own request, one pass over its header table answers every question.
         */
        @Override
        public boolean hasAnyHeaderOrHost(HttpServletRequest request, String[] names, @Nullable String hostFragment) {
            Object headers = tomcatHeaders(request);
            if (headers == null) {
                return HeaderProbe.super.hasAnyHeaderOrHost(request, names, hostFragment);
            }
            return TomcatHeaders.containsAnyOrHost(headers, names, hostFragment);
        }
    };

    private final HttpServletRequest request;

    private final long bodyDigestMaxSize;

    private @Nullable HttpServletRequest replayed;

    private @Nullable String bodyDigest;

    /**
     * Tomcat's parsed headers of the request, or {@code null} to read them through the Servlet API.
     */
    private final @Nullable Object tomcatHeaders;

    /**
     * Create a view of a request that reads at most
     * {@link SignedMarkerPolicy#DEFAULT_BODY_DIGEST_MAX_SIZE} of its body to check a signed digest.
     * @param request the request
     */
    public ServletMarkerCarrier(HttpServletRequest request) {
        this(request, SignedMarkerPolicy.DEFAULT_BODY_DIGEST_MAX_SIZE);
    }

    /**
     * Create a view of a request.
     * @param request the request
     * @param bodyDigestMaxSize most body bytes read to compare the body with a signed digest
     */
    public ServletMarkerCarrier(HttpServletRequest request, long bodyDigestMaxSize) {
        this.request = request;
        this.tomcatHeaders = tomcatHeaders(request);
        this.bodyDigestMaxSize = bodyDigestMaxSize;
    }

    /**
     * Return the request to pass on: the original one, or, when the trust policy read the body to
     * check its digest, one that gives the application the same body again.
     * @return the request the application must see
     */
    public HttpServletRequest request() {
        HttpServletRequest result = this.replayed;
        return (result != null) ? result : this.request;
    }

    /**
     * Read the body, at most the configured size, and return its digest. A larger body is not
     * replayed: its request is refused.
     */
    @Override
    public String bodyDigest() {
        String digest = this.bodyDigest;
        if (digest == null) {
            digest = readBody();
            this.bodyDigest = digest;
        }
        return digest;
    }

    private String readBody() {
        if (this.request.getContentLengthLong() > this.bodyDigestMaxSize) {
            return BODY_TOO_LARGE;
        }
        byte[] body;
        try {
            body = this.request.getInputStream().readNBytes((int) Math.min(this.bodyDigestMaxSize + 1, MAX_ARRAY));
        } catch (IOException ex) {
            throw new UncheckedIOException("The body of a request with a signed body digest could not be read", ex);
        }
        if (body.length > this.bodyDigestMaxSize) {
            return BODY_TOO_LARGE;
        }
        this.replayed = new ReplayedBodyRequest(this.request, body);
        return MarkerSignature.bodyDigest(body);
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
        return hasHeader(this.tomcatHeaders, this.request, name);
    }

    @Override
    public boolean hostContainsIgnoreCase(String fragment) {
        return hostContainsIgnoreCase(this.tomcatHeaders, this.request, fragment);
    }

    private static @Nullable Object tomcatHeaders(HttpServletRequest request) {
        return TOMCAT_PRESENT ? TomcatHeaders.of(request) : null;
    }

    private static boolean hasHeader(@Nullable Object tomcatHeaders, HttpServletRequest request, String name) {
        return (tomcatHeaders != null) ? TomcatHeaders.contains(tomcatHeaders, name) : request.getHeader(name) != null;
    }

    private static boolean hostContainsIgnoreCase(
            @Nullable Object tomcatHeaders, HttpServletRequest request, String fragment) {
        if (tomcatHeaders != null) {
            return TomcatHeaders.containsIgnoreCase(tomcatHeaders, "Host", fragment);
        }
        String host = request.getHeader("Host");
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
