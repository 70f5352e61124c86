package dev.shadowtx.core.testsupport;

import java.io.ByteArrayOutputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A local server socket standing in for a service that cannot run in the build (MongoDB, Redis,
 * SQS): it records every connection, every byte received and the commands a {@link Protocol}
 * recognises in them, and answers just enough for a client to send its next command. A test
 * points a real client at it to prove that a blocked call never leaves the process while its live
 * twin does.
 */
public final class RecordingSocket implements AutoCloseable {

    /**
     * The conversation with one client: reads its commands, reports each one, answers.
     */
    @FunctionalInterface
    public interface Protocol {

        /**
         * Serve one connection until the client closes it.
         * @param in what the client sends
         * @param out where the answers go
         * @param commands where to report each command received, by name
         * @throws IOException when the connection fails
         */
        void serve(InputStream in, OutputStream out, List<String> commands) throws IOException;
    }

    private final ServerSocket server;

    private final Protocol protocol;

    private final AtomicInteger connections = new AtomicInteger();

    private final ByteArrayOutputStream received = new ByteArrayOutputStream();

    private final List<String> commands = new CopyOnWriteArrayList<>();

    private final List<Socket> sockets = new CopyOnWriteArrayList<>();

    private RecordingSocket(Protocol protocol) throws IOException {
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        this.protocol = protocol;
        Thread acceptor = new Thread(this::accept, "recording-socket-" + this.server.getLocalPort());
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /**
     * Listen on a free local port.
     * @param protocol how to talk to clients
     * @return the socket, listening
     */
    public static RecordingSocket start(Protocol protocol) {
        try {
            return new RecordingSocket(protocol);
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    /**
     * Return the port clients connect to, on the loopback address.
     * @return the port
     */
    public int port() {
        return this.server.getLocalPort();
    }

    /**
     * Return how many connections clients opened.
     * @return the number of accepted connections
     */
    public int connections() {
        return this.connections.get();
    }

    /**
     * Return how many bytes clients sent.
     * @return the number of bytes received on every connection
     */
    public int bytesReceived() {
        synchronized (this.received) {
            return this.received.size();
        }
    }

    /**
     * Whether the bytes clients sent contain a text (in UTF-8).
     * @param text a value the client was asked to write, such as a unique key
     * @return {@code true} when it reached this socket
     */
    public boolean received(String text) {
        byte[] all;
        synchronized (this.received) {
            all = this.received.toByteArray();
        }
        return new String(all, StandardCharsets.ISO_8859_1)
                .contains(new String(text.getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1));
    }

    /**
     * Return the commands received, in order, as the protocol named them.
     * @return the command names
     */
    public List<String> commands() {
        return List.copyOf(this.commands);
    }

    private void accept() {
        while (!this.server.isClosed()) {
            try {
                Socket socket = this.server.accept();
                this.connections.incrementAndGet();
                this.sockets.add(socket);
                Thread worker = new Thread(() -> serve(socket), "recording-socket-connection");
                worker.setDaemon(true);
                worker.start();
            } catch (IOException ex) {
                return;
            }
        }
    }

    private void serve(Socket socket) {
        try (socket) {
            this.protocol.serve(new Recorded(socket.getInputStream()), socket.getOutputStream(), this.commands);
        } catch (IOException ex) {
            // the client closed the connection or the socket was closed: nothing more to record
        }
    }

    @Override
    public void close() throws IOException {
        this.server.close();
        for (Socket socket : this.sockets) {
            socket.close();
        }
    }

    /**
     * Copies every byte read into {@link #received}.
     */
    private final class Recorded extends FilterInputStream {

        Recorded(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                synchronized (RecordingSocket.this.received) {
                    RecordingSocket.this.received.write(b);
                }
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = super.read(buffer, offset, length);
            if (n > 0) {
                synchronized (RecordingSocket.this.received) {
                    RecordingSocket.this.received.write(buffer, offset, n);
                }
            }
            return n;
        }
    }
}
