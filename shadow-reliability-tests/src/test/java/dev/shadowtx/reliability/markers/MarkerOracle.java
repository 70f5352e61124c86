package dev.shadowtx.reliability.markers;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The marker rules of docs/markers-and-trust.md, written again from the text and independently of shadow-core, to
 * judge fuzzed requests: a request is live only if no detector finds a marker. Value words are
 * compared ignoring ASCII case only: "explicitly {@code false}" means those five letters.
 */
final class MarkerOracle {

    private MarkerOracle() {}

    static boolean marked(@Nullable String host, @Nullable String xShadow, List<String> baggage) {
        return hostMarked(host) || (xShadow != null && valueMarked(xShadow)) || baggageMarked(baggage);
    }

    static boolean hostMarked(@Nullable String host) {
        if (host == null) {
            return false;
        }
        String value = stripWhitespace(host);
        if (endsWithSuffix(value)) {
            return true;
        }
        int colon = value.lastIndexOf(':');
        if (colon < 0 || !value.substring(colon + 1).chars().allMatch((c) -> c >= '0' && c <= '9')) {
            return false;
        }
        boolean bracketed = value.startsWith("[");
        boolean portColon = bracketed ? value.lastIndexOf(']') < colon : value.indexOf(':') == colon;
        return portColon && endsWithSuffix(value.substring(0, colon));
    }

    /**
     * An {@code X-Shadow} value or a baggage value: live only when every comma-separated item is
     * {@code false}.
     */
    static boolean valueMarked(String value) {
        for (String item : value.split(",", -1)) {
            if (!asciiEqualsIgnoreCase(item.strip(), "false")) {
                return true;
            }
        }
        return false;
    }

    /**
     * Baggage over the W3C limits (8192 characters, 180 list members, all headers together) is a
     * malformed marker; otherwise a {@code shadow} member marks the request.
     */
    static boolean baggageMarked(List<String> headers) {
        int length = 0;
        int members = 0;
        for (String header : headers) {
            length += header.length();
            members += header.split(",", -1).length;
        }
        if (length > 8192 || members > 180) {
            return true;
        }
        for (String header : headers) {
            for (String member : header.split(",", -1)) {
                int equals = member.indexOf('=');
                if (equals < 0 || !member.substring(0, equals).strip().equalsIgnoreCase("shadow")) {
                    continue;
                }
                String value = member.substring(equals + 1);
                int properties = value.indexOf(';');
                String decoded = percentDecode((properties >= 0) ? value.substring(0, properties) : value);
                if (decoded == null || valueMarked(decoded)) {
                    return true;
                }
            }
        }
        return false;
    }

    private static boolean endsWithSuffix(String value) {
        return value.length() >= 7 && asciiEqualsIgnoreCase(value.substring(value.length() - 7), "-shadow");
    }

    private static String stripWhitespace(String value) {
        int start = 0;
        int end = value.length();
        while (start < end && Character.isWhitespace(value.charAt(start))) {
            start++;
        }
        while (end > start && Character.isWhitespace(value.charAt(end - 1))) {
            end--;
        }
        return value.substring(start, end);
    }

    private static boolean asciiEqualsIgnoreCase(String a, String b) {
        if (a.length() != b.length()) {
            return false;
        }
        for (int i = 0; i < a.length(); i++) {
            char x = a.charAt(i);
            char y = b.charAt(i);
            if (x >= 'A' && x <= 'Z') {
                x = (char) (x + 32);
            }
            if (y >= 'A' && y <= 'Z') {
                y = (char) (y + 32);
            }
            if (x != y) {
                return false;
            }
        }
        return true;
    }

    private static @Nullable String percentDecode(String value) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '%') {
                if (i + 2 >= value.length()) {
                    return null;
                }
                int hi = Character.digit(value.charAt(i + 1), 16);
                int lo = Character.digit(value.charAt(i + 2), 16);
                if (hi < 0 || lo < 0) {
                    return null;
                }
                bytes.write(hi * 16 + lo);
                i += 2;
            } else {
                bytes.writeBytes(String.valueOf(c).getBytes(StandardCharsets.UTF_8));
            }
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }
}
