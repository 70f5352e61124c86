package dev.shadowtx.web.reactive;

import dev.shadowtx.core.marker.HeaderProbe;
import dev.shadowtx.core.marker.MarkerCarrier;
import dev.shadowtx.core.marker.MarkerDetector;
import dev.shadowtx.core.marker.MarkerSignature;
import dev.shadowtx.web.server.ConnectionPeer;
import jakarta.servlet.ServletRequest;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.URI;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpHeaders;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpRequestDecorator;
import org.springframework.util.ClassUtils;

/**
 * A reactive request seen by the detectors and the trust policy. The remote address is the TCP
 * peer of the connection, read from the server's own request (Reactor Netty's connection address,
 * or the {@link ConnectionPeer} a servlet container recorded), so neither Reactor Netty's
 * forwarded handling nor a {@code ForwardedHeaderTransformer} can change it. Public so that
 * custom filters read a request exactly as {@link ShadowWebFilter} does.
 */
public final class ServerHttpMarkerCarrier implements MarkerCarrier {

    private static final boolean REACTOR_NETTY_PRESENT = ClassUtils.isPresent(
            "reactor.netty.http.server.HttpServerRequest", ServerHttpMarkerCarrier.class.getClassLoader());

    private static final boolean SERVLET_PRESENT =
            ClassUtils.isPresent("jakarta.servlet.ServletRequest", ServerHttpMarkerCarrier.class.getClassLoader());

    /**
     * Reads a request's headers exactly as its carrier does, without a carrier: detectors ask it
     * whether a request may be marked ({@link MarkerDetector#mayDetect}), so that an unmarked
     * request is decided live with no object made for it.
     */
    public static final HeaderProbe<ServerHttpRequest> PROBE = new HeaderProbe<>() {

        @Override
        public boolean hasHeader(ServerHttpRequest request, String name) {
            return request.getHeaders().getFirst(name) != null;
        }

        @Override
        public boolean hostContainsIgnoreCase(ServerHttpRequest request, String fragment) {
            String host = request.getHeaders().getFirst(HttpHeaders.HOST);
            return host != null && MarkerCarrier.containsIgnoreCase(host, fragment);
        }

        /**
         * On Spring's own request over Reactor Netty, the questions are asked of Netty's header
         * table with names hashed once ({@link ReactorNettyHeaders}); the same answers as
         * through {@link ServerHttpRequest#getHeaders()}, which is a view of that table.
         */
        @Override
        public boolean hasAnyHeaderOrHost(ServerHttpRequest request, String[] names, @Nullable String hostFragment) {
            if (REACTOR_NETTY_PRESENT && ReactorNettyHeaders.isNettyRequest(request)) {
                return ReactorNettyHeaders.hasAnyHeaderOrHost(request, names, hostFragment);
            }
            return HeaderProbe.super.hasAnyHeaderOrHost(request, names, hostFragment);
        }
    };

    private final ServerHttpRequest request;

    private final @Nullable String bodyDigest;

    /**
     * Create a view of a request whose body was not read.
     * @param request the request
     */
    public ServerHttpMarkerCarrier(ServerHttpRequest request) {
        this(request, null);
    }

    /**
     * Create a view of a request whose body was read to compare it with a signed digest.
     * @param request the request
     * @param bodyDigest the digest of its body ({@link MarkerSignature#bodyDigest}), or
     * {@link MarkerCarrier#BODY_TOO_LARGE}; {@code null} when the body was not read
     */
    public ServerHttpMarkerCarrier(ServerHttpRequest request, @Nullable String bodyDigest) {
        this.request = request;
        this.bodyDigest = bodyDigest;
    }

    @Override
    public @Nullable String bodyDigest() {
        return this.bodyDigest;
    }

    @Override
    public @Nullable String host() {
        return this.request.getHeaders().getFirst(HttpHeaders.HOST);
    }

    @Override
    public @Nullable String firstHeader(String name) {
        return this.request.getHeaders().getFirst(name);
    }

    @Override
    public boolean hasHeader(String name) {
        return PROBE.hasHeader(this.request, name);
    }

    @Override
    public boolean hostContainsIgnoreCase(String fragment) {
        return PROBE.hostContainsIgnoreCase(this.request, fragment);
    }

    @Override
    public Iterable<String> headers(String name) {
        return this.request.getHeaders().getOrEmpty(name);
    }

    @Override
    public String method() {
        return this.request.getMethod().name();
    }

    @Override
    public String target() {
        URI uri = this.request.getURI();
        String path = uri.getRawPath();
        String query = uri.getRawQuery();
        return ((path != null) ? path : "") + ((query != null) ? "?" + query : "");
    }

    /**
     * Return the peer that opened the connection.
     * @return its address; for a mock request (no server, no connection) the remote address the
     * test set; {@code null} when the server is not one whose connection can be read
     */
    @Override
    public @Nullable String remoteAddress() {
        Object nativeRequest;
        try {
            nativeRequest = ServerHttpRequestDecorator.getNativeRequest(this.request);
        } catch (IllegalStateException ex) {
            // spring-test's MockServerHttpRequest: "no running server, no native request"
            return literal(this.request.getRemoteAddress());
        } catch (IllegalArgumentException ex) {
            return null;
        }
        if (REACTOR_NETTY_PRESENT && ReactorNetty.isNettyRequest(nativeRequest)) {
            return literal(ReactorNetty.connectionPeer(nativeRequest));
        }
        return SERVLET_PRESENT ? Servlet.connectionPeer(nativeRequest) : null;
    }

    private static @Nullable String literal(@Nullable SocketAddress peer) {
        InetAddress address = (peer instanceof InetSocketAddress inet) ? inet.getAddress() : null;
        return (address != null) ? address.getHostAddress() : null;
    }

    private static final class Servlet {

        static @Nullable String connectionPeer(Object nativeRequest) {
            return (nativeRequest instanceof ServletRequest request) ? ConnectionPeer.of(request) : null;
        }
    }

    private static final class ReactorNetty {

        static boolean isNettyRequest(Object nativeRequest) {
            return nativeRequest instanceof reactor.netty.http.server.HttpServerRequest;
        }

        static @Nullable SocketAddress connectionPeer(Object nativeRequest) {
            return ((reactor.netty.http.server.HttpServerRequest) nativeRequest).connectionRemoteAddress();
        }
    }
}
