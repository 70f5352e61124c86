package dev.shadowtx.core.marker;

/**
 * The RFC 9110 {@code token} rule, which header names and W3C baggage keys must follow. One place
 * for it, so every module validates marker header names and baggage keys the same way.
 */
public final class HttpToken {

    private static final String SEPARATOR_FREE_SYMBOLS = "!#$%&'*+-.^_`|~";

    private HttpToken() {}

    /**
     * Whether a value is a non-empty token.
     * @param value the candidate
     * @return {@code true} when every character is a letter, a digit or one of {@code !#$%&'*+-.^_`|~}
     */
    public static boolean isToken(String value) {
        if (value.isEmpty()) {
            return false;
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z')
                    || (c >= 'A' && c <= 'Z')
                    || (c >= '0' && c <= '9')
                    || SEPARATOR_FREE_SYMBOLS.indexOf(c) >= 0;
            if (!ok) {
                return false;
            }
        }
        return true;
    }
}
