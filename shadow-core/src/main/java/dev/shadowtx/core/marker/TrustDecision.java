package dev.shadowtx.core.marker;

import org.jspecify.annotations.Nullable;

/**
 * The trust policy's verdict on a marked message.
 *
 * @param reason why the marker is refused, or {@code null} when it is trusted
 */
public record TrustDecision(@Nullable RejectionReason reason) {

    /**
     * The marker is accepted.
     */
    public static final TrustDecision TRUSTED = new TrustDecision(null);

    /**
     * Refuse a marker.
     * @param reason why
     * @return the decision
     */
    public static TrustDecision reject(RejectionReason reason) {
        return new TrustDecision(reason);
    }

    /**
     * Whether the marker is accepted.
     * @return {@code true} when trusted
     */
    public boolean isTrusted() {
        return this.reason == null;
    }
}
