package dev.shadowtx.core.outbound;

import java.util.Locale;

/**
 * What a guard does with an outbound call made in shadow. Live calls are never subject to an
 * action: they go out exactly as the application built them.
 */
public enum OutboundAction {

    /**
     * Call the destination as planned, with the shadow marker, for collaborators that are
     * shadow-aware themselves (or for reads that are safe to repeat).
     */
    PROPAGATE,

    /**
     * Call a test double instead (a Hoverfly or Microcks instance, a test deployment): same path
     * and query, another scheme, host, port and base path.
     */
    REROUTE,

    /**
     * Do not call at all: raise {@link dev.shadowtx.core.ShadowBlockedException} or answer with a
     * configured stub.
     */
    BLOCK;

    /**
     * Parse an action, ignoring case, surrounding white space and the difference between
     * {@code -} and {@code _}.
     * @param value the configured value
     * @return the action
     * @throws IllegalArgumentException when the value names no action
     */
    public static OutboundAction parse(String value) {
        String normalized = value.strip().replace('-', '_').toUpperCase(Locale.ROOT);
        for (OutboundAction action : values()) {
            if (action.name().equals(normalized)) {
                return action;
            }
        }
        throw new IllegalArgumentException("Unknown action '" + value + "': use PROPAGATE, REROUTE or BLOCK");
    }

    /**
     * The action applied when no rule names one: reads ({@code GET}, {@code HEAD},
     * {@code OPTIONS}) propagate, every other method, unknown ones included, is blocked.
     * @param method the HTTP method
     * @return {@link #PROPAGATE} or {@link #BLOCK}
     */
    public static OutboundAction defaultFor(String method) {
        return switch (method.toUpperCase(Locale.ROOT)) {
            case "GET", "HEAD", "OPTIONS" -> PROPAGATE;
            default -> BLOCK;
        };
    }
}
