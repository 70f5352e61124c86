package dev.shadowtx.materialize.actuate;

import dev.shadowtx.materialize.MaterializedShadowStore;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.actuate.endpoint.annotation.DeleteOperation;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;

/**
 * {@code /actuator/shadowmaterialize}: the state of the materialized shadow store (source, replication
 * slot, last position, lag, counts, owned rows), and {@code DELETE} to release owned rows now, so
 * that they converge back to production without waiting for the ownership TTL.
 */
@Endpoint(id = "shadowmaterialize")
public class ShadowMaterializeEndpoint {

    private final MaterializedShadowStore store;

    /**
     * Create the endpoint.
     * @param store the materialized store
     */
    public ShadowMaterializeEndpoint(MaterializedShadowStore store) {
        this.store = store;
    }

    @ReadOperation
    public Map<String, Object> materialize() {
        return this.store.describe();
    }

    /**
     * Release owned rows.
     * @param table a table ({@code schema.table}); all tables when absent
     * @param key a row's primary key as JSON ({@code {"id":42}}); all rows when absent
     * @return the number of rows released
     */
    @DeleteOperation
    public Map<String, Object> release(@Nullable String table, @Nullable String key) {
        return Map.of("released", this.store.ledger().release(table, key));
    }
}
