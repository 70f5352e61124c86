package dev.shadowtx.audit;

import java.util.Locale;

/**
 * Why a side-effect channel is, or is not, safe in shadow.
 */
public enum ChannelCoverage {

    /**
     * A shadowtx guard handles it.
     */
    GUARDED,

    /**
     * Listed in {@code shadow.audit.accepted}: used in shadow on purpose.
     */
    ACCEPTED,

    /**
     * Every bean that uses it is {@code @LiveOnly} (the class, or every public method), so it is
     * never reached in shadow.
     */
    LIVE_ONLY,

    /**
     * Nothing covers it: a shadow request that reaches it acts on production.
     */
    UNCOVERED;

    /**
     * Whether the channel is covered.
     * @return {@code false} only for {@link #UNCOVERED}
     */
    public boolean isCovered() {
        return this != UNCOVERED;
    }

    /**
     * Return the lowercase name used in logs and the endpoint.
     * @return for example {@code live-only}
     */
    public String value() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
