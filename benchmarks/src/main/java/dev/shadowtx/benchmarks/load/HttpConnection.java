package dev.shadowtx.benchmarks.load;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * One keep-alive HTTP/1.1 connection to a server on the loopback interface, blocking, with as
 * little work per request as possible so that the driver leaves the CPU to the server it
 * measures (both share the same cores). Understands {@code Content-Length} and chunked bodies;
 * reconnects when the server closes the connection. Not thread-safe: one per worker.
 */
final class HttpConnection implements AutoCloseable {

    private final int port;

    private final int timeoutMillis;

    private Socket socket;

    private InputStream in;

    private OutputStream out;

    private final byte[] line = new byte[8192];

    private final byte[] skip = new byte[8192];

    HttpConnection(int port, int timeoutMillis) throws IOException {
        this.port = port;
        this.timeoutMillis = timeoutMillis;
        this.socket = connect();
        this.in = new BufferedInputStream(this.socket.getInputStream(), 16384);
        this.out = new BufferedOutputStream(this.socket.getOutputStream(), 4096);
    }

    private Socket connect() throws IOException {
        Socket socket = new Socket();
        socket.setTcpNoDelay(true);
        socket.setSoTimeout(this.timeoutMillis);
        socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), this.port), this.timeoutMillis);
        return socket;
    }

    /**
     * Send a request (prepared with {@link #request}) and read the whole response.
     * @param request the request bytes
     * @return the status code
     */
    int exchange(byte[] request) throws IOException {
        this.out.write(request);
        this.out.flush();
        return readResponse();
    }

    private int readResponse() throws IOException {
        String statusLine = readLine();
        if (!statusLine.startsWith("HTTP/1.1 ") || statusLine.length() < 12) {
            throw new IOException("Unexpected status line: " + statusLine);
        }
        int status = Integer.parseInt(statusLine.substring(9, 12));
        long contentLength = -1;
        boolean chunked = false;
        boolean close = false;
        for (String header = readLine(); !header.isEmpty(); header = readLine()) {
            int colon = header.indexOf(':');
            if (colon < 0) {
                continue;
            }
            String name = header.substring(0, colon).trim().toLowerCase(Locale.ROOT);
            String value = header.substring(colon + 1).trim();
            switch (name) {
                case "content-length" -> contentLength = Long.parseLong(value);
                case "transfer-encoding" ->
                    chunked = value.toLowerCase(Locale.ROOT).contains("chunked");
                case "connection" -> close = value.equalsIgnoreCase("close");
                default -> {}
            }
        }
        if (chunked) {
            for (long size = Long.parseLong(chunkSize(readLine()), 16);
                    size > 0;
                    size = Long.parseLong(chunkSize(readLine()), 16)) {
                skipFully(size);
                readLine();
            }
            for (String trailer = readLine(); !trailer.isEmpty(); trailer = readLine()) {
                // trailers are ignored
            }
        } else if (contentLength > 0) {
            skipFully(contentLength);
        }
        if (close) {
            reconnect();
        }
        return status;
    }

    private static String chunkSize(String line) {
        int extension = line.indexOf(';');
        return ((extension >= 0) ? line.substring(0, extension) : line).trim();
    }

    private void skipFully(long length) throws IOException {
        long remaining = length;
        while (remaining > 0) {
            int read = this.in.read(this.skip, 0, (int) Math.min(this.skip.length, remaining));
            if (read < 0) {
                throw new EOFException("Connection closed in the middle of a body");
            }
            remaining -= read;
        }
    }

    private String readLine() throws IOException {
        int length = 0;
        while (true) {
            int b = this.in.read();
            if (b < 0) {
                throw new EOFException("Connection closed by the server");
            }
            if (b == '\n') {
                break;
            }
            if (length == this.line.length) {
                throw new IOException("Line too long");
            }
            this.line[length++] = (byte) b;
        }
        if (length > 0 && this.line[length - 1] == '\r') {
            length--;
        }
        return new String(this.line, 0, length, StandardCharsets.ISO_8859_1);
    }

    private void reconnect() throws IOException {
        this.socket.close();
        this.socket = connect();
        this.in = new BufferedInputStream(this.socket.getInputStream(), 16384);
        this.out = new BufferedOutputStream(this.socket.getOutputStream(), 4096);
    }

    @Override
    public void close() throws IOException {
        this.socket.close();
    }

    /**
     * Encode a request once, to be sent many times.
     * @param method {@code GET} or {@code POST}
     * @param path the path
     * @param port the server's port, for the {@code Host} header
     * @param extraHeaders more header lines, each without its line end
     * @param body a JSON body, or {@code null}
     * @return the bytes to send
     */
    static byte[] request(String method, String path, int port, String[] extraHeaders, @Nullable String body) {
        StringBuilder request = new StringBuilder(256);
        request.append(method).append(' ').append(path).append(" HTTP/1.1\r\n");
        request.append("Host: 127.0.0.1:").append(port).append("\r\n");
        request.append("Accept: application/json\r\n");
        for (String header : extraHeaders) {
            request.append(header).append("\r\n");
        }
        byte[] content = (body != null) ? body.getBytes(StandardCharsets.UTF_8) : new byte[0];
        if (body != null) {
            request.append("Content-Type: application/json\r\n");
            request.append("Content-Length: ").append(content.length).append("\r\n");
        }
        request.append("\r\n");
        byte[] head = request.toString().getBytes(StandardCharsets.ISO_8859_1);
        byte[] all = new byte[head.length + content.length];
        System.arraycopy(head, 0, all, 0, head.length);
        System.arraycopy(content, 0, all, head.length, content.length);
        return all;
    }
}
