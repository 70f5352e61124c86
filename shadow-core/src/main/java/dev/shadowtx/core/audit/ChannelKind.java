package dev.shadowtx.core.audit;

/**
 * A kind of side-effect channel (JDBC, Kafka, mail, ...): the short name the audit, the logs and
 * the {@code channel} tag use for it, why such a channel is not covered when no guard sits on it,
 * and what to do about it. A {@link ChannelInspector} declares the kinds it recognises.
 * <p>
 * Kinds are compared by identity: each inspector holds its own constants.
 */
public final class ChannelKind {

    private static final String UNGUARDED_FIX = "no shadowtx guard exists for this channel: only call it from "
            + "@LiveOnly code, or accept it on purpose with shadow.audit.accepted=%s once shadow calls are harmless "
            + "(reads, a shadow-aware endpoint)";

    private final String tagValue;

    private final String uncoveredReason;

    private final String fix;

    private ChannelKind(String tagValue, String uncoveredReason, String fix) {
        this.tagValue = tagValue;
        this.uncoveredReason = uncoveredReason;
        this.fix = fix;
    }

    /**
     * Create a kind of channel that a shadowtx guard can cover.
     * @param tagValue the short lowercase name, for example {@code jdbc}
     * @param uncoveredReason why a channel of this kind is not covered when its guard is missing,
     * for example {@code not wrapped by the JDBC guard}
     * @param fix how to put the guard on it, one sentence without a final period
     * @return the kind
     */
    public static ChannelKind guardable(String tagValue, String uncoveredReason, String fix) {
        return new ChannelKind(tagValue, uncoveredReason, fix);
    }

    /**
     * Create a kind of channel that no shadowtx guard covers: recognised so that it is listed, and
     * refused in shadow unless accepted or used only by {@code @LiveOnly} code.
     * @param tagValue the short lowercase name, for example {@code mail}
     * @return the kind
     */
    public static ChannelKind unguarded(String tagValue) {
        return new ChannelKind(tagValue, "no shadowtx guard exists for " + tagValue, "");
    }

    /**
     * Return the short lowercase name, used in logs, the endpoint and as the {@code channel} tag.
     * @return the name, for example {@code redis}
     */
    public String tagValue() {
        return this.tagValue;
    }

    /**
     * Whether shadowtx has a guard for this kind of channel.
     * @return {@code false} for the channels that are recognised only
     */
    public boolean isGuardable() {
        return !this.fix.isEmpty();
    }

    /**
     * Return why a channel of this kind that no guard covers is uncovered.
     * @return a short phrase
     */
    public String uncoveredReason() {
        return this.uncoveredReason;
    }

    /**
     * Return what to do about an uncovered channel of this kind.
     * @param beanName the bean name of the channel
     * @return one sentence
     */
    public String fix(String beanName) {
        if (isGuardable()) {
            return this.fix + "; or accept it on purpose with shadow.audit.accepted=" + beanName;
        }
        return String.format(UNGUARDED_FIX, beanName);
    }

    @Override
    public String toString() {
        return this.tagValue;
    }
}
