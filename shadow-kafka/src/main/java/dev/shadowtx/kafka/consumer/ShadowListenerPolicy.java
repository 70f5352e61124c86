package dev.shadowtx.kafka.consumer;

import java.util.Collection;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Which listeners receive shadow records. By default every listener does, with the shadow
 * context bound, because the guards downstream keep it harmless. With
 * {@code skipShadowRecords}, a listener receives shadow records only when it is named as
 * shadow-aware (by listener id or consumer group id, in configuration or through
 * {@code @ShadowAware}); every other listener never sees them.
 */
public final class ShadowListenerPolicy {

    /**
     * Every listener receives shadow records.
     */
    public static final ShadowListenerPolicy DELIVER_ALL = new ShadowListenerPolicy(false, Set.of());

    private final boolean skipShadowRecords;

    private final Set<String> shadowAware;

    private final Set<String> annotated;

    /**
     * Create a policy.
     * @param skipShadowRecords whether listeners that are not shadow-aware skip shadow records
     * @param shadowAware ids of the listeners (or consumer group ids) that receive shadow records
     * even when the others skip them
     */
    public ShadowListenerPolicy(boolean skipShadowRecords, Collection<String> shadowAware) {
        this(skipShadowRecords, shadowAware, Set.of());
    }

    /**
     * Create a policy that also honours the listeners found {@code @ShadowAware}.
     * @param skipShadowRecords whether listeners that are not shadow-aware skip shadow records
     * @param shadowAware ids of the listeners (or consumer group ids) configured as shadow-aware
     * @param annotated ids of the listeners (or consumer group ids) declared {@code @ShadowAware}, a
     * live view that may still grow while the application starts (see
     * {@link ShadowAwareListenerScanner#shadowAware()})
     */
    public ShadowListenerPolicy(boolean skipShadowRecords, Collection<String> shadowAware, Set<String> annotated) {
        this.skipShadowRecords = skipShadowRecords;
        this.shadowAware = Set.copyOf(shadowAware);
        this.annotated = annotated;
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
        return !(isShadowAware(listenerId) || isShadowAware(groupId));
    }

    /**
     * Whether a listener id, consumer group id or consumer bean name is named shadow-aware, in
     * configuration or through {@code @ShadowAware}.
     * @param id the id, when known
     * @return {@code true} when it is listed
     */
    public boolean isShadowAware(@Nullable String id) {
        return id != null && (this.shadowAware.contains(id) || this.annotated.contains(id));
    }

    /**
     * Whether any listener skips shadow records.
     * @return the {@code skipShadowRecords} setting
     */
    public boolean isSkipShadowRecords() {
        return this.skipShadowRecords;
    }

    /**
     * Return the ids of the shadow-aware listeners, configured and annotated.
     * @return listener ids or consumer group ids
     */
    public Set<String> getShadowAware() {
        Set<String> all = new java.util.TreeSet<>(this.shadowAware);
        all.addAll(this.annotated);
        return all;
    }
}
