package dev.shadowtx.kafka.consumer;

import java.util.Collection;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Which listeners receive shadow records. By default every listener does, with the shadow
 * context bound, because the guards downstream keep it harmless. With
 * {@code skipShadowRecords}, a listener receives shadow records only when it is named as
 * shadow-aware (by listener id or consumer group id); every other listener never sees them.
 */
public final class ShadowListenerPolicy {

    /**
     * Every listener receives shadow records.
     */
    public static final ShadowListenerPolicy DELIVER_ALL = new ShadowListenerPolicy(false, Set.of());

    private final boolean skipShadowRecords;

    private final Set<String> shadowAware;

    /**
     * Create a policy.
     * @param skipShadowRecords whether listeners that are not shadow-aware skip shadow records
     * @param shadowAware ids of the listeners (or consumer group ids) that receive shadow records
     * even when the others skip them
     */
    public ShadowListenerPolicy(boolean skipShadowRecords, Collection<String> shadowAware) {
        this.skipShadowRecords = skipShadowRecords;
        this.shadowAware = Set.copyOf(shadowAware);
    }

    /**
     * Whether a listener skips shadow records.
     * @param listenerId the listener (container) id, when known
     * @param groupId the consumer group id, when known
     * @return {@code true} when shadow records must not reach the listener
     */
    public boolean skips(@Nullable String listenerId, @Nullable String groupId) {
        if (!this.skipShadowRecords) {
            return false;
        }
        return !((listenerId != null && this.shadowAware.contains(listenerId))
                || (groupId != null && this.shadowAware.contains(groupId)));
    }

    /**
     * Whether any listener skips shadow records.
     * @return the {@code skipShadowRecords} setting
     */
    public boolean isSkipShadowRecords() {
        return this.skipShadowRecords;
    }

    /**
     * Return the ids of the shadow-aware listeners.
     * @return listener ids or consumer group ids
     */
    public Set<String> getShadowAware() {
        return this.shadowAware;
    }
}
