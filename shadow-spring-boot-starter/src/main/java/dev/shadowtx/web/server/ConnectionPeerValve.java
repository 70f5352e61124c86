package dev.shadowtx.web.server;

import jakarta.servlet.ServletException;
import java.io.IOException;
import org.apache.catalina.Valve;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ValveBase;

/**
 * Tomcat valve that records {@link ConnectionPeer}: Tomcat's peer address ({@code getPeerAddr()})
 * is the socket's, which {@code RemoteIpValve} leaves alone wherever it sits in the pipeline.
 */
final class ConnectionPeerValve extends ValveBase {

    ConnectionPeerValve() {
        super(true);
    }

    @Override
    public void invoke(Request request, Response response) throws IOException, ServletException {
        request.setAttribute(ConnectionPeer.ATTRIBUTE, request.getPeerAddr());
        Valve next = getNext();
        if (next != null) {
            next.invoke(request, response);
        }
    }
}
