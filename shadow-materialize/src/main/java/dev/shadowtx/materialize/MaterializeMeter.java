package dev.shadowtx.materialize;

/**
 * The materialized shadow store's meters, documented in docs/reference/meters.md.
 */
public enum MaterializeMeter {

    /**
     * Timer: time from a change's commit on the live database to its commit in the shadow store.
     */
    LAG(
            "shadow.materialize.lag",
            "Time from a change's commit on the live database to its commit in the shadow store",
            "seconds"),

    /**
     * Counter of changes received, tagged {@code op} ({@code create}, {@code update}, {@code delete},
     * {@code read}, {@code truncate}, {@code other}) and {@code outcome} ({@code applied},
     * {@code skipped}, {@code ignored}, {@code failed}).
     */
    EVENTS(
            "shadow.materialize.events",
            "Changes of the live database received by the materialized shadow store",
            "events"),

    /**
     * Counter of owned rows released, tagged {@code reason} ({@code expired}, {@code operator}).
     */
    RELEASED(
            "shadow.materialize.ownership.released",
            "Rows owned by shadow traffic released back to the live stream",
            "rows");

    private final String meterName;

    private final String description;

    private final String baseUnit;

    MaterializeMeter(String meterName, String description, String baseUnit) {
        this.meterName = meterName;
        this.description = description;
        this.baseUnit = baseUnit;
    }

    /**
     * Return the meter's name.
     * @return a lowercase dotted name
     */
    public String meterName() {
        return this.meterName;
    }

    /**
     * Return the meter's description.
     * @return one sentence
     */
    public String description() {
        return this.description;
    }

    /**
     * Return the meter's base unit.
     * @return the unit
     */
    public String baseUnit() {
        return this.baseUnit;
    }
}
