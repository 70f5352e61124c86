package dev.shadowtx.core.testsupport;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The wire protocols {@link RecordingSocket} speaks without a library: HTTP (any request gets a
 * {@code 400}, so an SDK fails at once without retrying) and Redis' RESP (every command gets
 * {@code +OK}, {@code GET} gets nil, {@code HELLO} an error so that the client falls back to
 * RESP2). MongoDB's protocol needs the BSON library and lives with the tests that use it.
 */
public final class FakeProtocols {

    private FakeProtocols() {}

    /**
     * Answer every HTTP request with {@code 400 Bad Request}; each request is reported as its
     * method and path.
     * @return the protocol
     */
    public static RecordingSocket.Protocol http() {
        return (in, out, commands) -> {
            while (true) {
                String head = readHead(in);
                if (head.isEmpty()) {
                    return;
                }
                String[] lines = head.split("\r\n");
                commands.add(lines[0].substring(0, lines[0].lastIndexOf(' ')));
                int length = 0;
                for (String line : lines) {
                    if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
                        length = Integer.parseInt(
                                line.substring(line.indexOf(':') + 1).trim());
                    }
                }
                in.readNBytes(length);
                out.write(("HTTP/1.1 400 Bad Request\r\nContent-Type: text/plain\r\nContent-Length: 3\r\n"
                                + "Connection: close\r\n\r\nno\n")
                        .getBytes(StandardCharsets.ISO_8859_1));
                out.flush();
                return;
            }
        };
    }

    private static String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        byte[] end = {'\r', '\n', '\r', '\n'};
        int b;
        while (matched < 4 && (b = in.read()) >= 0) {
            head.write(b);
            matched = (b == end[matched]) ? matched + 1 : ((b == '\r') ? 1 : 0);
        }
        return head.toString(StandardCharsets.ISO_8859_1);
    }

    /**
     * Speak RESP2 to a Redis client; each command is reported in upper case.
     * @return the protocol
     */
    public static RecordingSocket.Protocol redis() {
        return (in, out, commands) -> {
            DataInputStream data = new DataInputStream(in);
            while (true) {
                List<String> command = readCommand(data);
                String name = command.get(0).toUpperCase(Locale.ROOT);
                commands.add(name);
                String answer = switch (name) {
                    case "HELLO" -> "-ERR unknown command 'HELLO'\r\n";
                    case "GET" -> "$-1\r\n";
                    case "EXISTS", "DEL", "INCR", "PUBLISH" -> ":0\r\n";
                    default -> "+OK\r\n";
                };
                out.write(answer.getBytes(StandardCharsets.ISO_8859_1));
                out.flush();
            }
        };
    }

    private static List<String> readCommand(DataInputStream in) throws IOException {
        String header = readLine(in);
        if (!header.startsWith("*")) {
            return List.of(header.trim().split(" "));
        }
        int count = Integer.parseInt(header.substring(1));
        List<String> parts = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            int length = Integer.parseInt(readLine(in).substring(1));
            byte[] part = in.readNBytes(length + 2);
            parts.add(new String(part, 0, length, StandardCharsets.UTF_8));
        }
        return parts;
    }

    private static String readLine(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) != '\n') {
            if (b < 0) {
                throw new EOFException();
            }
            if (b != '\r') {
                line.write(b);
            }
        }
        return line.toString(StandardCharsets.ISO_8859_1);
    }
}
