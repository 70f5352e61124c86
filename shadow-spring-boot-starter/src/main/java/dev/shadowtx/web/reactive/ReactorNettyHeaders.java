package dev.shadowtx.web.reactive;

import dev.shadowtx.core.marker.MarkerCarrier;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.util.AsciiString;
import org.jspecify.annotations.Nullable;
import org.springframework.http.server.reactive.AbstractServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.util.ClassUtils;

/**
 * Answers the probe's questions about Spring's own request over Reactor Netty from Netty's header
 * table, the one Spring's {@code HttpHeaders} of that request is a view of: the same answers, with
 * each name hashed once for all requests ({@link AsciiString} keeps its case-insensitive hash)
 * instead of once per look-up through Spring's adapter. Only a request of exactly Spring's class
 * is read this way; a decorated, mutated or forwarded-header-adapted request may show other
 * headers than the connection's and keeps the generic path.
 * <p>
 * Loaded only when Reactor Netty is on the class path.
 */
final class ReactorNettyHeaders {

    private static final String REQUEST_CLASS = "org.springframework.http.server.reactive.ReactorServerHttpRequest";

    private static final @Nullable Class<?> REQUEST_TYPE = requestType();

    /**
     * The names last asked about with their Netty form. A holder of final fields, so a thread
     * that reads another's holder sees it whole; two threads that build one each only repeat work.
     */
    private static @Nullable Names last;

    private ReactorNettyHeaders() {}

    /**
     * Whether the request is Spring's own request over Reactor Netty, undecorated.
     * @param request the request
     * @return {@code true} when its headers are Netty's header table of the connection's request
     */
    static boolean isNettyRequest(ServerHttpRequest request) {
        return request.getClass() == REQUEST_TYPE;
    }

    /**
     * Whether the request has any of the headers, or a {@code Host} value containing the fragment,
     * read from Netty's table.
     * @param request a request for which {@link #isNettyRequest} answered {@code true}
     * @param names the header names, case-insensitive
     * @param hostFragment what to look for in the host, or {@code null} not to look
     * @return {@code true} when one of the answers is
     */
    static boolean hasAnyHeaderOrHost(ServerHttpRequest request, String[] names, @Nullable String hostFragment) {
        reactor.netty.http.server.HttpServerRequest nativeRequest =
                ((AbstractServerHttpRequest) request).getNativeRequest();
        HttpHeaders headers = nativeRequest.requestHeaders();
        for (CharSequence name : nettyNames(names)) {
            if (headers.contains(name)) {
                return true;
            }
        }
        if (hostFragment == null) {
            return false;
        }
        String host = headers.get(HttpHeaderNames.HOST);
        return host != null && MarkerCarrier.containsIgnoreCase(host, hostFragment);
    }

    private static CharSequence[] nettyNames(String[] names) {
        Names known = last;
        if (known == null || known.names != names) {
            known = new Names(names);
            last = known;
        }
        return known.netty;
    }

    private static @Nullable Class<?> requestType() {
        ClassLoader loader = ReactorNettyHeaders.class.getClassLoader();
        return ClassUtils.isPresent(REQUEST_CLASS, loader) ? ClassUtils.resolveClassName(REQUEST_CLASS, loader) : null;
    }

    /**
     * Header names and their Netty form: an {@link AsciiString} for a name of US-ASCII characters
     * (every HTTP header name), the name itself otherwise, which Netty hashes on each look-up.
     */
    private static final class Names {

        final String[] names;

        final CharSequence[] netty;

        Names(String[] names) {
            this.names = names;
            this.netty = new CharSequence[names.length];
            for (int i = 0; i < names.length; i++) {
                String name = names[i];
                this.netty[i] = name.chars().allMatch((c) -> c < 128) ? AsciiString.cached(name) : name;
            }
        }
    }
}
