package dev.shadowtx.core.metrics;

/**
 * Which store served a connection borrowed in a shadow unit of work, as reported to
 * {@link ShadowRecorder#storeServed}. It tells operators whether shadow
 * traffic reaches their live database at all (under the rollback guard) or only the shadow store.
 */
public enum ShadowStore {

    /**
     * The live store, under the JDBC guard: nothing commits.
     */
    LIVE("live"),

    /**
     * The separate shadow store of a routed data source.
     */
    SHADOW("shadow");

    private final String tagValue;

    ShadowStore(String tagValue) {
        this.tagValue = tagValue;
    }

    /**
     * Return the value used as a meter tag.
     * @return {@code live} or {@code shadow}
     */
    public String tagValue() {
        return this.tagValue;
    }
}
