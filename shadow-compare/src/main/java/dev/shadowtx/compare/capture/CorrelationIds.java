package dev.shadowtx.compare.capture;

import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * Finds the correlation id of a request: the value of the first present of the configured
 * headers, or for {@code traceparent} its trace id. Envoy keeps both headers on mirrored copies,
 * so the live request and its shadow copies carry the same id.
 * <p>
 * A value that is not a usable id (empty, longer than {@value #MAX_LENGTH} characters, not
 * visible ASCII, or a malformed {@code traceparent}) counts as absent and the next header is tried.
 */
public final class CorrelationIds {

    /**
     * Longest id accepted.
     */
    public static final int MAX_LENGTH = 128;

    private static final String TRACEPARENT = "traceparent";

    private final String[] headers;

    private final boolean[] traceparent;

    /**
     * Create a resolver.
     * @param headers header names in order of preference
     */
    public CorrelationIds(List<String> headers) {
        if (headers.isEmpty()) {
            throw new IllegalArgumentException("shadow.compare.correlation-headers must name at least one header");
        }
        this.headers = new String[headers.size()];
        this.traceparent = new boolean[headers.size()];
        for (int i = 0; i < headers.size(); i++) {
            String name = headers.get(i).trim().toLowerCase(Locale.ROOT);
            if (name.isEmpty()) {
                throw new IllegalArgumentException("shadow.compare.correlation-headers must not hold an empty name");
            }
            this.headers[i] = name;
            this.traceparent[i] = name.equals(TRACEPARENT);
        }
    }

    /**
     * Look up the headers of one request.
     */
    @FunctionalInterface
    public interface Headers {

        /**
         * Return the first value of a header.
         * @param name the header name, lower case
         * @return the value, or {@code null} when absent
         */
        @Nullable
        String get(String name);
    }

    /**
     * Read a header of whatever holds a request's or a response's headers: one reader serves
     * every request (a method reference that captures nothing), where a {@link Headers} made per
     * request would be an object per request.
     * @param <C> what holds the headers
     */
    @FunctionalInterface
    public interface HeaderReader<C> {

        /**
         * Return the first value of a header.
         * @param headers what holds the headers
         * @param name the header name, lower case
         * @return the value, or {@code null} when absent
         */
        @Nullable
        String get(C headers, String name);
    }

    /**
     * Return the correlation id of a request.
     * @param request the request's headers
     * @return the id, or {@code null} when no configured header carries a usable one
     */
    public @Nullable String resolve(Headers request) {
        return resolve(request, Headers::get);
    }

    /**
     * Return the correlation id of a request.
     * @param request what holds the request's headers
     * @param reader how a header is read from it
     * @param <C> what holds the headers
     * @return the id, or {@code null} when no configured header carries a usable one
     */
    public <C> @Nullable String resolve(C request, HeaderReader<C> reader) {
        for (int i = 0; i < this.headers.length; i++) {
            String value = reader.get(request, this.headers[i]);
            if (value == null) {
                continue;
            }
            String id = this.traceparent[i] ? traceId(value) : plainId(value);
            if (id != null) {
                return id;
            }
        }
        return null;
    }

    private static @Nullable String plainId(String value) {
        int length = value.length();
        if (length == 0 || length > MAX_LENGTH) {
            return null;
        }
        for (int i = 0; i < length; i++) {
            char c = value.charAt(i);
            if (c <= 0x20 || c >= 0x7f) {
                return null;
            }
        }
        return value;
    }

    /**
     * The trace id of a W3C {@code traceparent}: {@code version-traceid-parentid-flags}, a trace
     * id of 32 lowercase hex digits, not all zero.
     */
    private static @Nullable String traceId(String value) {
        if (value.length() < 55 || value.charAt(2) != '-' || value.charAt(35) != '-') {
            return null;
        }
        boolean nonZero = false;
        for (int i = 3; i < 35; i++) {
            char c = value.charAt(i);
            if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
                return null;
            }
            nonZero |= c != '0';
        }
        return nonZero ? value.substring(3, 35) : null;
    }
}
