package dev.shadowtx.reliability.faults;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;

/**
 * A TCP proxy on a fixed loopback port that a test can cut and restore, so clients see a server
 * go away (open connections reset, new ones refused) and come back on the same address, while
 * the server behind it keeps running with its data.
 */
final class CuttableProxy implements AutoCloseable {

    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

    private final int port;

    private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();

    private final AtomicInteger connections = new AtomicInteger();

    private volatile int targetPort;

    private @Nullable ServerSocket server;

    private CuttableProxy(ServerSocket server) {
        this.server = server;
        this.port = server.getLocalPort();
        accept(server);
    }

    /**
     * Listen on a free loopback port. Connections accepted before {@link #forwardTo(int)} are
     * closed at once.
     * @return the proxy, listening
     * @throws IOException if no port can be bound
     */
    static CuttableProxy start() throws IOException {
        return new CuttableProxy(bind(0));
    }

    int port() {
        return this.port;
    }

    /**
     * Return how many client connections the proxy has accepted so far.
     * @return the count
     */
    int connections() {
        return this.connections.get();
    }

    void forwardTo(int targetPort) {
        this.targetPort = targetPort;
    }

    /**
     * Stop listening and close every open connection: the server is gone for the clients.
     * @throws IOException if the listening socket cannot be closed
     */
    synchronized void cut() throws IOException {
        ServerSocket current = this.server;
        if (current == null) {
            return;
        }
        this.server = null;
        current.close();
        for (Socket socket : this.sockets) {
            closeQuietly(socket);
        }
        this.sockets.clear();
    }

    /**
     * Listen again on the same port.
     * @throws IOException if the port cannot be bound again
     */
    synchronized void restore() throws IOException {
        if (this.server == null) {
            ServerSocket server = bind(this.port);
            this.server = server;
            accept(server);
        }
    }

    @Override
    public void close() throws IOException {
        cut();
    }

    private static ServerSocket bind(int port) throws IOException {
        ServerSocket server = new ServerSocket();
        server.setReuseAddress(true);
        server.bind(new InetSocketAddress(LOOPBACK, port));
        return server;
    }

    private void accept(ServerSocket server) {
        Thread acceptor = new Thread(
                () -> {
                    while (!server.isClosed()) {
                        try {
                            Socket client = server.accept();
                            this.connections.incrementAndGet();
                            connect(client);
                        } catch (IOException ex) {
                            if (!server.isClosed()) {
                                throw new IllegalStateException("Proxy on port " + this.port + " failed", ex);
                            }
                        }
                    }
                },
                "cuttable-proxy-accept-" + this.port);
        acceptor.setDaemon(true);
        acceptor.start();
    }

    private void connect(Socket client) throws IOException {
        int target = this.targetPort;
        if (target == 0) {
            client.close();
            return;
        }
        Socket upstream;
        try {
            upstream = new Socket(LOOPBACK, target);
        } catch (IOException ex) {
            client.close();
            throw ex;
        }
        this.sockets.add(client);
        this.sockets.add(upstream);
        pump(client, upstream);
        pump(upstream, client);
    }

    private void pump(Socket from, Socket to) {
        Thread pump = new Thread(
                () -> {
                    byte[] buffer = new byte[16 * 1024];
                    try (InputStream in = from.getInputStream();
                            OutputStream out = to.getOutputStream()) {
                        for (int read = in.read(buffer); read >= 0; read = in.read(buffer)) {
                            out.write(buffer, 0, read);
                            out.flush();
                        }
                    } catch (SocketException ex) {
                        // one side closed or was cut: the other side is closed below
                    } catch (IOException ex) {
                        throw new IllegalStateException("Proxy on port " + this.port + " failed", ex);
                    } finally {
                        closeQuietly(from);
                        closeQuietly(to);
                        this.sockets.remove(from);
                        this.sockets.remove(to);
                    }
                },
                "cuttable-proxy-pump-" + this.port);
        pump.setDaemon(true);
        pump.start();
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException ex) {
            // closing a socket that is already broken: nothing left to release
        }
    }
}
