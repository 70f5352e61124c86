package dev.shadowtx.web.server;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.Request;

/**
 * Jetty request customizer that records {@link ConnectionPeer}: the address of the connection's
 * end point, which {@code ForwardedRequestCustomizer} leaves alone whichever customizer runs first
 * (it wraps the request's connection metadata, never the end point).
 */
final class JettyConnectionPeerCustomizer implements HttpConfiguration.Customizer {

    @Override
    public Request customize(Request request, HttpFields.Mutable responseHeaders) {
        SocketAddress peer =
                request.getConnectionMetaData().getConnection().getEndPoint().getRemoteSocketAddress();
        InetAddress address = (peer instanceof InetSocketAddress inet) ? inet.getAddress() : null;
        if (address != null) {
            request.setAttribute(ConnectionPeer.ATTRIBUTE, address.getHostAddress());
        }
        return request;
    }
}
