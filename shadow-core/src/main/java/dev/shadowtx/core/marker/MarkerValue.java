package dev.shadowtx.core.marker;

import dev.shadowtx.core.context.ShadowMode;
import org.jspecify.annotations.Nullable;

/**
 * What one marker value ({@code X-Shadow} header, baggage entry, record header) says. Parsing is
 * fail-safe: a value that is present but not understood isolates like {@code shadow}.
 */
public enum MarkerValue {

    /**
     * {@code false}: explicitly live.
     */
    LIVE(null),

    /**
     * {@code shadow} or {@code true}.
     */
    SHADOW(ShadowMode.SHADOW),

    /**
     * {@code synthetic}.
     */
    SYNTHETIC(ShadowMode.SYNTHETIC),

    /**
     * Present but not understood (empty, unknown word, garbage): treated as {@code shadow} and counted.
     */
    MALFORMED(ShadowMode.SHADOW);

    private final @Nullable ShadowMode mode;

    MarkerValue(@Nullable ShadowMode mode) {
        this.mode = mode;
    }

    /**
     * Return the mode this value isolates in.
     * @return the mode, or {@code null} for {@link #LIVE}
     */
    public @Nullable ShadowMode mode() {
        return this.mode;
    }

    /**
     * Parse one value, ignoring surrounding white space and case. A comma-separated list (a
     * header folded by a proxy) is marked when any of its items is.
     * @param raw the value as received
     * @return what it says; never {@code null}
     */
    public static MarkerValue parse(String raw) {
        if (raw.indexOf(',') < 0) {
            return parseSingle(raw);
        }
        MarkerValue result = null;
        for (String item : raw.split(",", -1)) {
            result = strongest(result, parseSingle(item));
        }
        return (result != null) ? result : MALFORMED;
    }

    /**
     * Combine two readings, keeping the one that isolates most: any marked value beats
     * {@link #LIVE}, {@link #SYNTHETIC} beats {@link #SHADOW}, malformed beats nothing marked.
     * @param a one reading, or {@code null}
     * @param b another reading
     * @return the combined reading
     */
    public static MarkerValue strongest(@Nullable MarkerValue a, MarkerValue b) {
        if (a == null) {
            return b;
        }
        return (rank(b) > rank(a)) ? b : a;
    }

    private static int rank(MarkerValue value) {
        return switch (value) {
            case LIVE -> 0;
            case MALFORMED -> 1;
            case SHADOW -> 2;
            case SYNTHETIC -> 3;
        };
    }

    private static MarkerValue parseSingle(String raw) {
        String value = raw.strip();
        if (asciiEqualsIgnoreCase(value, "shadow") || asciiEqualsIgnoreCase(value, "true")) {
            return SHADOW;
        }
        if (asciiEqualsIgnoreCase(value, "synthetic")) {
            return SYNTHETIC;
        }
        if (asciiEqualsIgnoreCase(value, "false")) {
            return LIVE;
        }
        return MALFORMED;
    }

    /**
     * Compare ignoring ASCII case only: {@link String#equalsIgnoreCase} folds Unicode case, so
     * {@code "fal\u017Fe"} (long s) would read as {@code false} and go live.
     */
    private static boolean asciiEqualsIgnoreCase(String value, String lowerCaseWord) {
        if (value.length() != lowerCaseWord.length()) {
            return false;
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            char folded = (c >= 'A' && c <= 'Z') ? (char) (c + ('a' - 'A')) : c;
            if (folded != lowerCaseWord.charAt(i)) {
                return false;
            }
        }
        return true;
    }
}
