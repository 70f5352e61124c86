package dev.shadowtx.materialize;

/**
 * Names of the materialized shadow store's meters, documented in docs/reference/meters.md.
 */
public final class MaterializeMeters {

    /**
     * Timer: time from a change's commit on the live database to its commit in the shadow store.
     */
    public static final String LAG = "shadow.materialize.lag";

    /**
     * Counter of changes received, tagged {@code op} ({@code create}, {@code update}, {@code delete},
     * {@code read}, {@code truncate}, {@code other}) and {@code outcome} ({@code applied},
     * {@code skipped}, {@code ignored}, {@code failed}).
     */
    public static final String EVENTS = "shadow.materialize.events";

    /**
     * Counter of owned rows released, tagged {@code reason} ({@code expired}, {@code operator}).
     */
    public static final String RELEASED = "shadow.materialize.ownership.released";

    private MaterializeMeters() {}
}
