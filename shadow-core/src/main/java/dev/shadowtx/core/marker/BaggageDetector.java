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
 * <p>
 * Baggage is read on every request and every record before any trust check, so reading it costs
 * linear time: each character is examined a bounded number of times, whatever the input. Baggage
 * larger than {@link #MAX_LENGTH} characters or with more than {@link #MAX_MEMBERS} list members
 * (the limits of the W3C specification, counted over all {@code baggage} headers together) is not
 * read at all and counts as a malformed marker: it isolates as shadow, it never goes live.
 */
public final class BaggageDetector implements MarkerDetector {

    /**
     * Name of the W3C baggage header.
     */
    public static final String BAGGAGE_HEADER = "baggage";

    /**
     * Most characters of baggage read, over all {@code baggage} headers of a message; more is
     * a malformed marker.
     */
    public static final int MAX_LENGTH = 8192;

    /**
     * Most list members read, over all {@code baggage} headers of a message; more is a malformed
     * marker.
     */
    public static final int MAX_MEMBERS = 180;

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
        if (!carrier.hasHeader(BAGGAGE_HEADER)) {
            return Detection.LIVE;
        }
        MarkerValue result = read(carrier.headers(BAGGAGE_HEADER));
        return (result != null) ? Detection.of(result, MarkerSource.BAGGAGE) : Detection.LIVE;
    }

    @Override
    public <M> boolean mayDetect(HeaderProbe<M> probe, M message) {
        return probe.hasHeader(message, BAGGAGE_HEADER);
    }

    /**
     * Read the values of a message's {@code baggage} headers, as {@link #detect} does.
     * @param headers the header values, in order
     * @return the strongest marker found, {@link MarkerValue#MALFORMED} when the baggage is over
     * a limit, or {@code null} when no member has the key
     */
    public @Nullable MarkerValue read(Iterable<? extends CharSequence> headers) {
        Scan scan = new Scan();
        for (CharSequence header : headers) {
            scan.length += header.length();
            if (scan.length > MAX_LENGTH || !scan.read(header)) {
                return MarkerValue.MALFORMED;
            }
        }
        return scan.result;
    }

    /**
     * One pass over the baggage of a message: every character is visited once by the member
     * loop, once more at most when a member's key is compared, and once more when the value of
     * the matching member is decoded.
     */
    private final class Scan {

        private int length;

        private int members;

        private @Nullable MarkerValue result;

        /**
         * Read one header value.
         * @return {@code false} when the member limit is exceeded
         */
        boolean read(CharSequence header) {
            int length = header.length();
            int start = 0;
            int equals = -1;
            int semicolon = -1;
            for (int i = 0; i <= length; i++) {
                char c = (i < length) ? header.charAt(i) : ',';
                if (c == ',') {
                    if (++this.members > MAX_MEMBERS) {
                        return false;
                    }
                    if (equals >= 0) {
                        readMember(header, start, equals, (semicolon >= 0) ? semicolon : i);
                    }
                    start = i + 1;
                    equals = -1;
                    semicolon = -1;
                } else if (c == '=' && equals < 0) {
                    equals = i;
                } else if (c == ';' && equals >= 0 && semicolon < 0) {
                    semicolon = i;
                }
            }
            return true;
        }

        private void readMember(CharSequence header, int start, int equals, int valueEnd) {
            if (!isKey(header, start, equals)) {
                return;
            }
            String decoded =
                    percentDecode(header.subSequence(equals + 1, valueEnd).toString());
            MarkerValue member = (decoded != null) ? MarkerValue.parse(decoded) : MarkerValue.MALFORMED;
            this.result = MarkerValue.strongest(this.result, member);
        }
    }

    /**
     * Whether {@code header[start, end)}, white space around it ignored, is the key. Compares in
     * place: a live request's baggage (tracing, tenant entries) is read on every request, and
     * must not cost a string per member.
     */
    private boolean isKey(CharSequence header, int start, int end) {
        int length = this.key.length();
        if (end - start < length) {
            return false;
        }
        while (start < end && Character.isWhitespace(header.charAt(start))) {
            start++;
        }
        while (end > start && Character.isWhitespace(header.charAt(end - 1))) {
            end--;
        }
        if (end - start != length) {
            return false;
        }
        for (int i = 0; i < length; i++) {
            char a = header.charAt(start + i);
            char b = this.key.charAt(i);
            if (a != b
                    && Character.toUpperCase(a) != Character.toUpperCase(b)
                    && Character.toLowerCase(a) != Character.toLowerCase(b)) {
                return false;
            }
        }
        return true;
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
