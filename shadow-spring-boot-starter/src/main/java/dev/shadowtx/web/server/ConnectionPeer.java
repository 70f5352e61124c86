package dev.shadowtx.web.server;

import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletRequestWrapper;
import org.jspecify.annotations.Nullable;

/**
 * The address of the TCP peer that opened the connection a request came on, as the web server
 * saw it. {@code getRemoteAddr()} is not that address once forwarded headers are honoured:
 * Tomcat's {@code RemoteIpValve} (which Spring Boot turns on by itself on Kubernetes, Cloud
 * Foundry and Heroku), Jetty's {@code ForwardedRequestCustomizer}, Reactor Netty's forwarded
 * handling and Spring's {@code ForwardedHeaderFilter} all replace it with an address taken from a
 * header the client wrote. A container hook ({@link ConnectionPeerHooks}) records the real peer in
 * the request attribute {@link #ATTRIBUTE} before any of them runs, so the trust policy judges
 * the connection, never a header.
 */
public final class ConnectionPeer {

    /**
     * Request attribute that holds the peer address, as a literal IP address, set by the
     * container hook for every request.
     */
    public static final String ATTRIBUTE = "dev.shadowtx.web.connection-peer";

    private static final String MOCK_REQUEST = "org.springframework.mock.web.MockHttpServletRequest";

    private ConnectionPeer() {}

    /**
     * Return the connection's peer of a servlet request.
     * @param request the request, wrapped or not
     * @return the address recorded by the container hook; for a request no container ever saw
     * (spring-test's {@code MockHttpServletRequest}, which has no connection), the remote address
     * the test set; otherwise {@code null}: the peer is unknown and not trusted
     */
    public static @Nullable String of(ServletRequest request) {
        if (request.getAttribute(ATTRIBUTE) instanceof String peer) {
            return peer;
        }
        ServletRequest innermost = request;
        while (innermost instanceof ServletRequestWrapper wrapper) {
            innermost = wrapper.getRequest();
        }
        return isMock(innermost) ? innermost.getRemoteAddr() : null;
    }

    private static boolean isMock(ServletRequest request) {
        for (Class<?> type = request.getClass(); type != null; type = type.getSuperclass()) {
            if (type.getName().equals(MOCK_REQUEST)) {
                return true;
            }
        }
        return false;
    }
}
