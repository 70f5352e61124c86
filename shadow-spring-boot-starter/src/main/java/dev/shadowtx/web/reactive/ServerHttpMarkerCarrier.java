package dev.shadowtx.web.reactive;

import dev.shadowtx.core.marker.MarkerCarrier;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpHeaders;
import org.springframework.http.server.reactive.ServerHttpRequest;

/**
 * A reactive request seen by the detectors and the trust policy. The remote address is the TCP
 * peer of the connection, as for servlet requests (unless the application configured
 * forwarded-header handling, which rewrites it). Public so that custom filters read a request
 * exactly as {@link ShadowWebFilter} does.
 */
public final class ServerHttpMarkerCarrier implements MarkerCarrier {

    private final ServerHttpRequest request;

    /**
     * Create a view of a request.
     * @param request the request
     */
    public ServerHttpMarkerCarrier(ServerHttpRequest request) {
        this.request = request;
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
    public Iterable<String> headers(String name) {
        return this.request.getHeaders().getOrEmpty(name);
    }

    @Override
    public @Nullable String remoteAddress() {
        InetSocketAddress peer = this.request.getRemoteAddress();
        InetAddress address = (peer != null) ? peer.getAddress() : null;
        return (address != null) ? address.getHostAddress() : null;
    }
}
