package dev.shadowtx.core.marker;

import dev.shadowtx.core.context.MarkerSource;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import org.jspecify.annotations.Nullable;

/**
 * Detects a W3C {@code baggage} entry ({@code shadow=<value>} by default) in any of the
 * request's {@code baggage} headers. Values are percent-decoded and read like the marker header;
 * member properties ({@code ;...}) are ignored; malformed members are skipped without failing
 * the request. A value that cannot be decoded isolates as shadow and is reported as malformed.
 */
public final class BaggageDetector implements MarkerDetector {

    /**
     * Name of the W3C baggage header.
     */
    public static final String BAGGAGE_HEADER = "baggage";

    private final String key;

    /**
     * Create a detector for one baggage key.
     * @param key the key, matched ignoring case
     */
    public BaggageDetector(String key) {
        if (key.isBlank()) {
            throw new IllegalArgumentException("Baggage key must not be blank");
        }
        this.key = key.strip();
    }

    @Override
    public Detection detect(MarkerCarrier carrier) {
        if (carrier.firstHeader(BAGGAGE_HEADER) == null) {
            return Detection.LIVE;
        }
        MarkerValue result = null;
        for (String header : carrier.headers(BAGGAGE_HEADER)) {
            result = scan(header, result);
        }
        return (result != null) ? Detection.of(result, MarkerSource.BAGGAGE) : Detection.LIVE;
    }

    private @Nullable MarkerValue scan(String header, @Nullable MarkerValue result) {
        int length = header.length();
        int start = 0;
        while (start <= length) {
            int end = header.indexOf(',', start);
            if (end < 0) {
                end = length;
            }
            MarkerValue member = readMember(header, start, end);
            if (member != null) {
                result = MarkerValue.strongest(result, member);
            }
            start = end + 1;
        }
        return result;
    }

    private @Nullable MarkerValue readMember(String header, int start, int end) {
        int equals = header.indexOf('=', start);
        if (equals < 0 || equals >= end) {
            return null;
        }
        if (!isKey(header, start, equals)) {
            return null;
        }
        int properties = header.indexOf(';', equals);
        int valueEnd = (properties >= 0 && properties < end) ? properties : end;
        String decoded = percentDecode(header.substring(equals + 1, valueEnd));
        return (decoded != null) ? MarkerValue.parse(decoded) : MarkerValue.MALFORMED;
    }

    /**
     * Whether {@code header[start, end)}, white space around it ignored, is the key. Compares in
     * place: a live request's baggage (tracing, tenant entries) is read on every request, and
     * must not cost a string per member.
     */
    private boolean isKey(String header, int start, int end) {
        while (start < end && Character.isWhitespace(header.charAt(start))) {
            start++;
        }
        while (end > start && Character.isWhitespace(header.charAt(end - 1))) {
            end--;
        }
        int length = this.key.length();
        return end - start == length && header.regionMatches(true, start, this.key, 0, length);
    }

    /**
     * Percent-decode a baggage value as UTF-8 ({@code +} stays a plus sign, as W3C baggage says).
     * @return the decoded value, or {@code null} when an escape is malformed
     */
    static @Nullable String percentDecode(String value) {
        if (value.indexOf('%') < 0) {
            return value;
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(value.length());
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '%') {
                if (i + 2 >= value.length()) {
                    return null;
                }
                int high = Character.digit(value.charAt(i + 1), 16);
                int low = Character.digit(value.charAt(i + 2), 16);
                if (high < 0 || low < 0) {
                    return null;
                }
                bytes.write((high << 4) | low);
                i += 2;
            } else {
                byte[] encoded = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
                bytes.write(encoded, 0, encoded.length);
            }
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }
}
