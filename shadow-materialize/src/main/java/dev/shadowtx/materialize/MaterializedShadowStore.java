package dev.shadowtx.materialize;

import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import org.springframework.context.SmartLifecycle;

/**
 * Keeps the shadow store current from the live database: prepares the shadow store, starts the
 * change source and releases expired ownership periodically. Starts before the web server and the
 * message listeners, so every shadow write is tracked from the first request on; stops after them.
 */
public final class MaterializedShadowStore implements SmartLifecycle {

    /**
     * Lifecycle phase: before the web server ({@code SmartLifecycle.DEFAULT_PHASE - 2048}) and the listener containers.
     */
    public static final int PHASE = Integer.MIN_VALUE + 1000;

    private static final Log logger = LogFactory.getLog(MaterializedShadowStore.class);

    private final DataSource shadowStore;

    private final List<String> tableNames;

    private final ChangeSource source;

    private final MeterRegistry meters;

    private final Duration ownershipTtl;

    private final Duration expiryInterval;

    private final MaterializeStatus status;

    private volatile @Nullable OwnershipLedger ledger;

    private volatile @Nullable ScheduledExecutorService expiry;

    private volatile boolean running;

    /**
     * Create the materialized store.
     * @param shadowStore the shadow store
     * @param tableNames the tables to materialize
     * @param source where changes come from
     * @param meters where to record meters
     * @param ownershipTtl how long a row stays owned after its last shadow write
     * @param expiryInterval how often expired ownership is released
     */
    public MaterializedShadowStore(
            DataSource shadowStore,
            List<String> tableNames,
            ChangeSource source,
            MeterRegistry meters,
            Duration ownershipTtl,
            Duration expiryInterval) {
        this.shadowStore = shadowStore;
        this.tableNames = List.copyOf(tableNames);
        this.source = source;
        this.meters = meters;
        this.ownershipTtl = ownershipTtl;
        this.expiryInterval = expiryInterval;
        this.status = new MaterializeStatus(source.description());
    }

    @Override
    public void start() {
        Map<String, MaterializedTable> tables = ShadowStoreSchema.install(this.shadowStore, this.tableNames);
        OwnershipLedger ownership = new OwnershipLedger(this.shadowStore, tables, this.meters);
        this.ledger = ownership;
        ShadowStoreApplier applier =
                new ShadowStoreApplier(this.shadowStore, tables, this.status, this.meters, Clock.systemUTC());
        this.source.start(applier, this.status);
        ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor((task) -> {
            Thread thread = new Thread(task, "shadowtx-materialize-expiry");
            thread.setDaemon(true);
            return thread;
        });
        long interval = this.expiryInterval.toMillis();
        scheduler.scheduleWithFixedDelay(this::releaseExpired, interval, interval, TimeUnit.MILLISECONDS);
        this.expiry = scheduler;
        this.running = true;
        logger.info("Materializing " + tables.keySet() + " into the shadow store from " + this.source.description());
    }

    /**
     * Release the rows whose ownership expired; also run periodically.
     * @return the number of rows released
     */
    public int releaseExpired() {
        try {
            return ledger().releaseExpired(this.ownershipTtl);
        } catch (RuntimeException ex) {
            logger.warn("Could not release expired ownership: " + ex.getMessage());
            return 0;
        }
    }

    @Override
    public void stop() {
        this.running = false;
        ScheduledExecutorService scheduler = this.expiry;
        if (scheduler != null) {
            scheduler.shutdownNow();
        }
        this.source.stop();
        this.status.stopped();
    }

    @Override
    public boolean isRunning() {
        return this.running;
    }

    @Override
    public int getPhase() {
        return PHASE;
    }

    /**
     * Return what the materialization has done so far.
     * @return the status
     */
    public MaterializeStatus status() {
        return this.status;
    }

    /**
     * Return the change source.
     * @return the source
     */
    public ChangeSource source() {
        return this.source;
    }

    /**
     * Return the ownership TTL.
     * @return how long a row stays owned after its last shadow write
     */
    public Duration ownershipTtl() {
        return this.ownershipTtl;
    }

    /**
     * Describe the materialization from what this application knows, without reaching either
     * database: tables, source, state, position, lag and counts.
     * @return the description
     */
    public Map<String, Object> settings() {
        Map<String, Object> settings = new LinkedHashMap<>();
        settings.put("tables", this.tableNames);
        settings.put("ownershipTtl", this.ownershipTtl.toString());
        settings.putAll(this.status.describe());
        return settings;
    }

    /**
     * Describe the materialization for operators: {@link #settings()}, plus the owned rows per
     * table and the source's own details (the replication slot), read from the databases.
     * @return the description
     */
    public Map<String, Object> describe() {
        Map<String, Object> description = settings();
        description.putAll(this.source.details());
        OwnershipLedger ownership = this.ledger;
        if (ownership != null) {
            try {
                description.put("ownedRows", ownership.owned());
            } catch (RuntimeException ex) {
                description.put("ownedRows", "unavailable: " + ex.getMessage());
            }
        }
        return description;
    }

    /**
     * Return the ownership ledger.
     * @return the ledger
     * @throws IllegalStateException before the store has started
     */
    public OwnershipLedger ledger() {
        OwnershipLedger ownership = this.ledger;
        if (ownership == null) {
            throw new IllegalStateException("The materialized shadow store has not started");
        }
        return ownership;
    }
}
