package dev.shadowtx.core.marker;

import org.jspecify.annotations.Nullable;

/**
 * Answers, about a message of type {@code M}, the two questions a detector asks before it reads a
 * value: whether a header is present, and whether the {@code Host} / {@code :authority} value
 * contains a fragment. A probe holds no message, so one instance serves every message: asking it
 * costs no object per message, where a {@link MarkerCarrier} is one. Detectors use it to decide
 * that an unmarked message is live before any carrier is made
 * ({@link MarkerDetector#mayDetect}).
 * <p>
 * A probe must answer exactly as the carrier the same message would get:
 * {@code hasHeader(message, name) == carrier.hasHeader(name)} and
 * {@code hostContainsIgnoreCase(message, fragment) == carrier.hostContainsIgnoreCase(fragment)}.
 *
 * @param <M> the type of message, for example a servlet request
 */
public interface HeaderProbe<M> {

    /**
     * Whether a header is present.
     * @param message the message
     * @param name the header name, case-insensitive for HTTP
     * @return {@code true} when the message has the header
     */
    boolean hasHeader(M message, String name);

    /**
     * Whether the {@code Host} / {@code :authority} value contains a fragment, ignoring case as
     * {@link MarkerCarrier#containsIgnoreCase} does.
     * @param message the message
     * @param fragment what to look for
     * @return {@code false} when the message has no host or the host does not contain it
     */
    boolean hostContainsIgnoreCase(M message, String fragment);

    /**
     * Whether the message has any of the given headers, or a {@code Host} / {@code :authority}
     * value that contains the fragment: the questions of several detectors answered together, so
     * that a probe that can read the message's headers in one pass does so. The default asks
     * {@link #hasHeader} for each name, then {@link #hostContainsIgnoreCase}.
     * @param message the message
     * @param names the header names, case-insensitive for HTTP
     * @param hostFragment what to look for in the host, or {@code null} not to look
     * @return {@code true} when one of the answers is
     */
    default boolean hasAnyHeaderOrHost(M message, String[] names, @Nullable String hostFragment) {
        for (String name : names) {
            if (hasHeader(message, name)) {
                return true;
            }
        }
        return hostFragment != null && hostContainsIgnoreCase(message, hostFragment);
    }

    /**
     * The probe that asks a carrier itself.
     */
    HeaderProbe<MarkerCarrier> CARRIER = new HeaderProbe<>() {

        @Override
        public boolean hasHeader(MarkerCarrier message, String name) {
            return message.hasHeader(name);
        }

        @Override
        public boolean hostContainsIgnoreCase(MarkerCarrier message, String fragment) {
            return message.hostContainsIgnoreCase(fragment);
        }
    };
}
