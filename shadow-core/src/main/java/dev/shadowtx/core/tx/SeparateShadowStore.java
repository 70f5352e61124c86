package dev.shadowtx.core.tx;

/**
 * Implemented by a data source that serves shadow work from a store of its own, apart from the
 * live one (shadow data-store routing). The transaction guard leaves the managers of such a data
 * source alone when the shadow store keeps shadow writes: in shadow, all of their connections
 * come from that store, and a multi-step shadow flow needs its commits there.
 */
public interface SeparateShadowStore {

    /**
     * Whether shadow work committed through this data source is kept in its shadow store.
     * @return {@code false} when shadow work is rolled back on the shadow store as well
     */
    boolean commitsShadowWork();
}
