package dev.shadowtx.materialize;

import java.util.Map;

/**
 * Where the live database's changes come from. A source hands every batch to the applier and
 * acknowledges it (stores its offset) only once the applier has committed it, so a restart may
 * repeat the last batch (the upserts are idempotent) but never loses one.
 */
public interface ChangeSource {

    /**
     * Start streaming changes to the applier, in the background.
     * @param applier the applier
     * @param status where to report the source's state
     */
    void start(ShadowStoreApplier applier, MaterializeStatus status);

    /**
     * Stop streaming and release the source's resources; the position reached is kept.
     */
    void stop();

    /**
     * Describe the source for operators, without credentials.
     * @return a short description, such as {@code postgresql://live-db:5432/orders (slot shadowtx)}
     */
    String description();

    /**
     * Describe the state of the source on its database, read without writing anything there.
     * @return details such as the replication slot's state, empty when the source has none
     */
    default Map<String, Object> details() {
        return Map.of();
    }
}
