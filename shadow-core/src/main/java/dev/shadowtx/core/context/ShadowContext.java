package dev.shadowtx.core.context;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The immutable shadow context of one unit of work (a servlet request, a consumed record, an
 * async task). Its presence on the current thread is what every guard checks; its absence means
 * live.
 *
 * @param mode why the unit of work is isolated
 * @param source where the marker was found
 * @param id an optional correlation id for synthetic runs, at most {@value #MAX_ID_LENGTH}
 * characters of {@code [A-Za-z0-9._:-]}, safe for logs and never used as a meter tag
 */
public record ShadowContext(
        ShadowMode mode, MarkerSource source, @Nullable String id) {

    /**
     * Longest id accepted.
     */
    public static final int MAX_ID_LENGTH = 64;

    public ShadowContext {
        Objects.requireNonNull(mode, "mode must not be null");
        Objects.requireNonNull(source, "source must not be null");
        if (id != null && !isValidId(id)) {
            throw new IllegalArgumentException("id must be 1 to " + MAX_ID_LENGTH + " characters of [A-Za-z0-9._:-]");
        }
    }

    /**
     * Create a context without an id.
     * @param mode why the unit of work is isolated
     * @param source where the marker was found
     * @return the context
     */
    public static ShadowContext of(ShadowMode mode, MarkerSource source) {
        return new ShadowContext(mode, source, null);
    }

    /**
     * Whether the given value may be used as an id.
     * @param id the candidate
     * @return {@code true} when it is short and made only of safe characters
     */
    public static boolean isValidId(String id) {
        if (id.isEmpty() || id.length() > MAX_ID_LENGTH) {
            return false;
        }
        for (int i = 0; i < id.length(); i++) {
            char c = id.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z')
                    || (c >= 'A' && c <= 'Z')
                    || (c >= '0' && c <= '9')
                    || c == '.'
                    || c == '_'
                    || c == ':'
                    || c == '-';
            if (!ok) {
                return false;
            }
        }
        return true;
    }
}
