package dev.shadowtx.materialize.actuate;

import dev.shadowtx.materialize.MaterializeStatus;
import dev.shadowtx.materialize.MaterializedShadowStore;
import java.time.Duration;
import java.util.Map;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * DOWN when the change stream failed, when the replication slot is gone from the live database
 * (the shadow store can no longer catch up: re-create it), or when the last change was applied
 * later than {@code shadow.materialize.health.max-lag} after its commit.
 */
public class ShadowMaterializeHealthIndicator implements HealthIndicator {

    private final MaterializedShadowStore store;

    private final Duration maxLag;

    /**
     * Create the indicator.
     * @param store the materialized store
     * @param maxLag the lag beyond which it reports DOWN
     */
    public ShadowMaterializeHealthIndicator(MaterializedShadowStore store, Duration maxLag) {
        this.store = store;
        this.maxLag = maxLag;
    }

    @Override
    public Health health() {
        Map<String, Object> details = this.store.describe();
        MaterializeStatus status = this.store.status();
        Health.Builder health = Health.up();
        if (status.state() == MaterializeStatus.State.FAILED) {
            health = Health.down().withDetail("reason", "the change stream failed: " + status.failure());
        } else if (details.get("slot") instanceof Map<?, ?> slot
                && Boolean.FALSE.equals(slot.get("exists"))
                && status.state() == MaterializeStatus.State.RUNNING) {
            health = Health.down().withDetail("reason", "the replication slot is gone from the live database");
        } else if (status.lastLag() != null && status.lastLag().compareTo(this.maxLag) > 0) {
            health = Health.down().withDetail("reason", "lag " + status.lastLag() + " exceeds " + this.maxLag);
        }
        return health.withDetails(details).build();
    }
}
