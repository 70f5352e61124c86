package dev.shadowtx.core.marker;

import java.util.Collections;
import org.jspecify.annotations.Nullable;

/**
 * Read-only view of an inbound message (an HTTP request, a record) that detectors and the trust
 * policy inspect. Detectors ask {@link #hasHeader} and {@link #hostContainsIgnoreCase} first and
 * read values only when a marker may be there; a carrier whose message holds its headers as bytes
 * can answer those two without making strings, so that an unmarked message allocates nothing.
 */
public interface MarkerCarrier {

    /**
     * Return the {@code Host} / {@code :authority} value.
     * @return the raw value, or {@code null} when the carrier has none
     */
    @Nullable
    String host();

    /**
     * Return the first value of a header.
     * @param name the header name, case-insensitive for HTTP
     * @return the value, or {@code null} when absent
     */
    @Nullable
    String firstHeader(String name);

    /**
     * Whether a header is present.
     * @param name the header name, case-insensitive for HTTP
     * @return {@code true} when {@link #firstHeader} would return a value
     */
    default boolean hasHeader(String name) {
        return firstHeader(name) != null;
    }

    /**
     * Whether the {@code Host} / {@code :authority} value contains a fragment, ignoring case as
     * {@link #containsIgnoreCase} does.
     * @param fragment what to look for
     * @return {@code false} when the carrier has no host or the host does not contain it
     */
    default boolean hostContainsIgnoreCase(String fragment) {
        String host = host();
        return host != null && containsIgnoreCase(host, fragment);
    }

    /**
     * Whether a value contains a fragment, ignoring case as
     * {@link String#regionMatches(boolean, int, String, int, int)} does.
     * @param value the value
     * @param fragment what to look for
     * @return {@code true} when some region of the value matches the whole fragment
     */
    static boolean containsIgnoreCase(String value, String fragment) {
        int length = fragment.length();
        int last = value.length() - length;
        if (length > 0 && isCaselessAscii(fragment.charAt(0))) {
            // no other character equals it ignoring case: a match starts only where it stands
            char first = fragment.charAt(0);
            for (int i = value.indexOf(first); i >= 0 && i <= last; i = value.indexOf(first, i + 1)) {
                if (value.regionMatches(true, i, fragment, 0, length)) {
                    return true;
                }
            }
            return false;
        }
        for (int i = 0; i <= last; i++) {
            if (value.regionMatches(true, i, fragment, 0, length)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Whether a character is US-ASCII and not a letter, so that no character but itself matches it
     * in {@link String#regionMatches(boolean, int, String, int, int)}: case mappings join letters
     * (and a few letter-like symbols) only, never an ASCII digit, sign or punctuation.
     */
    private static boolean isCaselessAscii(char c) {
        return c < 128 && !((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'));
    }

    /**
     * Return every value of a header, in order.
     * @param name the header name
     * @return the values, empty when absent
     */
    Iterable<String> headers(String name);

    /**
     * Return the address of the peer that sent the message, as a literal IP address.
     * @return the address, or {@code null} when unknown (messages from a broker)
     */
    default @Nullable String remoteAddress() {
        return null;
    }

    /**
     * Return the request method, for the signature that binds a marker to its request.
     * @return the method as sent, or {@code null} when the message has none (a record)
     */
    default @Nullable String method() {
        return null;
    }

    /**
     * Return the request target as sent (path and query, not decoded), for the signature that
     * binds a marker to its request.
     * @return the target, e.g. {@code /orders?id=7}, or {@code null} when the message has none
     */
    default @Nullable String target() {
        return null;
    }

    /**
     * What {@link #bodyDigest()} returns for a body larger than the carrier reads to check it.
     */
    String BODY_TOO_LARGE = "too-large";

    /**
     * Return the digest of the body as the application will read it, in the form of
     * {@link MarkerSignature#BODY_DIGEST_HEADER} ({@link MarkerSignature#bodyDigest}), to compare
     * with the signed digest header. Asked only for a marker whose signature covers that header.
     * @return the digest; {@link #BODY_TOO_LARGE} when the body is larger than the carrier reads;
     * {@code null} when the message has no body the carrier can read (a record)
     */
    default @Nullable String bodyDigest() {
        return null;
    }

    /**
     * A carrier with no header at all.
     */
    MarkerCarrier EMPTY = new MarkerCarrier() {

        @Override
        public @Nullable String host() {
            return null;
        }

        @Override
        public @Nullable String firstHeader(String name) {
            return null;
        }

        @Override
        public Iterable<String> headers(String name) {
            return Collections.emptyList();
        }
    };
}
