package dev.shadowtx.web.servlet;

import dev.shadowtx.core.marker.MarkerCarrier;
import jakarta.servlet.http.HttpServletRequest;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.RequestFacade;
import org.apache.tomcat.util.buf.ByteChunk;
import org.apache.tomcat.util.buf.MessageBytes;
import org.apache.tomcat.util.http.MimeHeaders;
import org.jspecify.annotations.Nullable;

/**
 * Reads a Tomcat request's headers where Tomcat's parser left them, as bytes
 * ({@link MimeHeaders}), so that looking for a header that is absent, or for a marker in a
 * {@code Host} value that has none, makes no string: the Servlet API's {@code getHeader} turns a
 * value into a string on its first read. Used only when Tomcat is on the class path and the
 * request is Tomcat's own {@link RequestFacade}; for any other request (a wrapper, another
 * container) or when Tomcat's request cannot be reached, {@link #of} answers {@code null} and the
 * Servlet API is used instead.
 */
final class TomcatHeaders {

    private static final @Nullable VarHandle FACADE_REQUEST = facadeRequest();

    private static final String HOST = "Host";

    private static final long ANY_LENGTH = -1L;

    private TomcatHeaders() {}

    private static @Nullable VarHandle facadeRequest() {
        try {
            return MethodHandles.privateLookupIn(RequestFacade.class, MethodHandles.lookup())
                    .findVarHandle(RequestFacade.class, "request", Request.class);
        } catch (ReflectiveOperationException | RuntimeException ex) {
            // a Tomcat whose facade differs, or a module that does not open it: the Servlet API is used
            return null;
        }
    }

    /**
     * Return the parsed headers of a request, when it is Tomcat's own.
     * @param request the request the filter was handed
     * @return its headers, or {@code null} to read them through the Servlet API
     */
    static @Nullable Object of(HttpServletRequest request) {
        VarHandle handle = FACADE_REQUEST;
        if (handle == null || request.getClass() != RequestFacade.class) {
            return null;
        }
        Request connectorRequest = (Request) handle.get((RequestFacade) request);
        return (connectorRequest != null) ? connectorRequest.getCoyoteRequest().getMimeHeaders() : null;
    }

    /**
     * Whether a header is present.
     * @param headers what {@link #of} returned
     * @param name the header name, case-insensitive
     * @return {@code true} when the request has the header
     */
    static boolean contains(Object headers, String name) {
        return ((MimeHeaders) headers).getValue(name) != null;
    }

    /**
     * Return the first value of a header, as {@code getHeader} does.
     * @param headers what {@link #of} returned
     * @param name the header name, case-insensitive
     * @return the value, or {@code null} when absent
     */
    static @Nullable String first(Object headers, String name) {
        MessageBytes value = ((MimeHeaders) headers).getValue(name);
        return (value != null) ? value.toStringType() : null;
    }

    /**
     * Whether the first value of a header contains a fragment, ignoring case, read from the bytes
     * when the value is still bytes of US-ASCII (else from its string).
     * @param headers what {@link #of} returned
     * @param name the header name, case-insensitive
     * @param fragment what to look for, US-ASCII
     * @return {@code true} when the header is present and its value contains the fragment
     */
    static boolean containsIgnoreCase(Object headers, String name, String fragment) {
        return valueContainsIgnoreCase(((MimeHeaders) headers).getValue(name), fragment);
    }

    /**
     * Whether any of the given headers is present, or the first {@code Host} value contains a
     * fragment (ignoring case, as {@link #containsIgnoreCase}): one pass over the header table,
     * where asking {@link #contains} for each name scans it once per name. A header still in
     * bytes is compared only when its name has the length of a name asked about.
     * @param headers what {@link #of} returned
     * @param names the header names, case-insensitive
     * @param hostFragment what to look for in the host, US-ASCII, or {@code null} not to look
     * @return {@code true} when a header is present or the host contains the fragment
     */
    static boolean containsAnyOrHost(Object headers, String[] names, @Nullable String hostFragment) {
        MimeHeaders table = (MimeHeaders) headers;
        long nameLengths = 0;
        for (String wanted : names) {
            nameLengths |= lengthBit(wanted.length());
        }
        long hostLength = (hostFragment != null) ? lengthBit(HOST.length()) : 0;
        int count = table.size();
        for (int i = 0; i < count; i++) {
            MessageBytes name = table.getName(i);
            // a header still in bytes is compared only with the names of its length: most end here
            long length = (name.getType() == MessageBytes.T_BYTES)
                    ? lengthBit(name.getByteChunk().getLength())
                    : ANY_LENGTH;
            if ((length & nameLengths) != 0) {
                for (String wanted : names) {
                    if (name.equalsIgnoreCase(wanted)) {
                        return true;
                    }
                }
            }
            if ((length & hostLength) != 0 && hostFragment != null && name.equalsIgnoreCase(HOST)) {
                // the first Host header is the one getHeader reads
                if (valueContainsIgnoreCase(table.getValue(i), hostFragment)) {
                    return true;
                }
                hostLength = 0;
            }
        }
        return false;
    }

    /**
     * A name length as one bit of a mask: one bit per length below 63, the top bit for every
     * longer one (whose names are then compared).
     */
    private static long lengthBit(int length) {
        return 1L << Math.min(length, 63);
    }

    private static boolean valueContainsIgnoreCase(@Nullable MessageBytes value, String fragment) {
        if (value == null || value.isNull()) {
            return false;
        }
        if (value.getType() != MessageBytes.T_BYTES) {
            return MarkerCarrier.containsIgnoreCase(value.toStringType(), fragment);
        }
        ByteChunk chunk = value.getByteChunk();
        byte[] bytes = chunk.getBuffer();
        int start = chunk.getStart();
        int end = chunk.getEnd();
        int length = fragment.length();
        if (length == 0) {
            return true;
        }
        char lead = fragment.charAt(0);
        if (lead < 128 && toLowerAscii(lead) == toUpperAscii(lead)) {
            return caselessStartContains(value, bytes, start, end, fragment);
        }
        int first = toLowerAscii(lead);
        boolean ascii = true;
        // one pass: a match in the bytes is a match in any decoding of them (the fragment is US-ASCII)
        for (int i = start; i < end; i++) {
            int c = bytes[i];
            if (c < 0) {
                ascii = false;
            } else if (i <= end - length && toLowerAscii(c) == first) {
                int j = 1;
                while (j < length && toLowerAscii(bytes[i + j]) == toLowerAscii(fragment.charAt(j))) {
                    j++;
                }
                if (j == length) {
                    return true;
                }
            }
        }
        // not US-ASCII: let the string decide, with the same case folding as the Servlet path
        return !ascii && MarkerCarrier.containsIgnoreCase(value.toStringType(), fragment);
    }

    /**
     * Whether bytes contain a fragment that starts with an ASCII character no other character
     * equals ignoring case (a {@code -}, a digit): a match, in the bytes or in any ASCII-compatible
     * decoding of them, starts only at that byte, so a value without it is answered by one look at
     * each byte. Where it stands but the bytes do not match and the value is not US-ASCII, the
     * string decides, as in the general case.
     */
    private static boolean caselessStartContains(
            MessageBytes value, byte[] bytes, int start, int end, String fragment) {
        int length = fragment.length();
        byte first = (byte) fragment.charAt(0);
        boolean candidate = false;
        for (int i = start; i <= end - length; i++) {
            if (bytes[i] == first) {
                int j = 1;
                while (j < length && toLowerAscii(bytes[i + j]) == toLowerAscii(fragment.charAt(j))) {
                    j++;
                }
                if (j == length) {
                    return true;
                }
                candidate = true;
            }
        }
        return candidate
                && !isAscii(bytes, start, end)
                && MarkerCarrier.containsIgnoreCase(value.toStringType(), fragment);
    }

    private static boolean isAscii(byte[] bytes, int start, int end) {
        for (int i = start; i < end; i++) {
            if (bytes[i] < 0) {
                return false;
            }
        }
        return true;
    }

    private static int toLowerAscii(int c) {
        return (c >= 'A' && c <= 'Z') ? c + ('a' - 'A') : c;
    }

    private static int toUpperAscii(int c) {
        return (c >= 'a' && c <= 'z') ? c - ('a' - 'A') : c;
    }
}
