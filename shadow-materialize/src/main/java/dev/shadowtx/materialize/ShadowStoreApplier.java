package dev.shadowtx.materialize;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLTransientConnectionException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.node.ObjectNode;

/**
 * Applies the live database's changes to the shadow store, one source batch per shadow-store
 * transaction, as idempotent upserts and deletes by primary key, except on rows that shadow
 * traffic owns: those changes are skipped, counted, and remembered as the image the row returns
 * to when its ownership ends. Both sources (the embedded engine and Kafka) feed this one applier.
 * <p>
 * A shadow transaction that holds a row waits for the stream's row lock inside its trigger while
 * the stream would wait for the row: the stream never waits for a row lock, it rolls back and
 * tries again, so shadow requests never fail on a deadlock with it.
 */
public final class ShadowStoreApplier {

    /** Outcome of a change written to the shadow store. */
    public static final String APPLIED = "applied";

    /** Outcome of a change on a row that shadow traffic owns. */
    public static final String SKIPPED = "skipped";

    /** Outcome of a change the shadow store does not take: an unlisted table, a truncate, a change without a row. */
    public static final String IGNORED = "ignored";

    /** Outcome of a change the shadow store refused. */
    public static final String FAILED = "failed";

    private static final Log logger = LogFactory.getLog(ShadowStoreApplier.class);

    private static final String LOCK_NOT_AVAILABLE = "55P03";

    private static final String DEADLOCK_DETECTED = "40P01";

    private static final int MAX_ATTEMPTS = 200;

    private final DataSource shadowStore;

    private final Map<String, MaterializedTable> tables;

    private final MaterializeStatus status;

    private final MeterRegistry meters;

    private final Clock clock;

    private final ColumnValues values = new ColumnValues();

    private final Timer lag;

    /**
     * Create an applier.
     * @param shadowStore the shadow store, used outside any shadow context
     * @param tables the materialized tables, by {@link MaterializedTable#sourceName()}
     * @param status where to record what happened
     * @param meters where to count changes and time the lag
     * @param clock the clock the lag is measured with
     */
    public ShadowStoreApplier(
            DataSource shadowStore,
            Map<String, MaterializedTable> tables,
            MaterializeStatus status,
            MeterRegistry meters,
            Clock clock) {
        this.shadowStore = shadowStore;
        this.tables = Map.copyOf(tables);
        this.status = status;
        this.meters = meters;
        this.clock = clock;
        this.lag = Timer.builder(MaterializeMeter.LAG.meterName())
                .description(MaterializeMeter.LAG.description())
                .register(meters);
    }

    /**
     * Apply a batch of changes in one shadow-store transaction.
     * @param events the changes, in source order
     * @throws InterruptedException when interrupted while waiting to retry
     */
    public void apply(List<ChangeEvent> events) throws InterruptedException {
        List<Prepared> batch = new ArrayList<>(events.size());
        for (ChangeEvent event : events) {
            MaterializedTable table = this.tables.get(event.table());
            String row = (table != null) ? row(table, event) : null;
            if (table == null || row == null || "t".equals(event.op())) {
                record(event, IGNORED);
            } else {
                batch.add(new Prepared(event, table, row));
            }
        }
        if (batch.isEmpty()) {
            return;
        }
        try {
            List<String> outcomes = applyWithRetry(batch);
            Instant now = this.clock.instant();
            for (int i = 0; i < batch.size(); i++) {
                recordApplied(batch.get(i).event(), outcomes.get(i), now);
            }
        } catch (SQLException ex) {
            requireReachable(ex);
            logger.warn("A batch of " + batch.size() + " changes failed on the shadow store (" + ex.getMessage()
                    + "); applying them one by one");
            for (Prepared prepared : batch) {
                applyAlone(prepared);
            }
        }
    }

    private void applyAlone(Prepared prepared) throws InterruptedException {
        try {
            String outcome = applyWithRetry(List.of(prepared)).get(0);
            recordApplied(prepared.event(), outcome, this.clock.instant());
        } catch (SQLException ex) {
            requireReachable(ex);
            logger.error("A " + prepared.event().opTag() + " on "
                    + prepared.table().qualifiedName()
                    + " at position " + prepared.event().position() + " could not be applied to the shadow store: "
                    + ex.getMessage());
            record(prepared.event(), FAILED);
        }
    }

    /**
     * A shadow store that cannot be reached fails the whole batch: the source keeps its position and
     * the batch is applied again later, instead of counting every change as failed.
     */
    private static void requireReachable(SQLException ex) {
        String state = ex.getSQLState();
        if (ex instanceof SQLTransientConnectionException
                || ex instanceof SQLNonTransientConnectionException
                || (state != null && state.startsWith("08"))) {
            throw new MaterializeException("The shadow store cannot be reached: " + ex.getMessage(), ex);
        }
    }

    private List<String> applyWithRetry(List<Prepared> batch) throws SQLException, InterruptedException {
        for (int attempt = 1; ; attempt++) {
            try {
                return applyOnce(batch);
            } catch (SQLException ex) {
                boolean retriable =
                        LOCK_NOT_AVAILABLE.equals(ex.getSQLState()) || DEADLOCK_DETECTED.equals(ex.getSQLState());
                if (!retriable || attempt >= MAX_ATTEMPTS) {
                    throw ex;
                }
                // a shadow transaction holds one of the rows: let it finish
                Thread.sleep(Math.min(5L * attempt, 100L));
            }
        }
    }

    private List<String> applyOnce(List<Prepared> batch) throws SQLException {
        String[] tables = new String[batch.size()];
        Boolean[] deletes = new Boolean[batch.size()];
        String[] rows = new String[batch.size()];
        for (int i = 0; i < batch.size(); i++) {
            tables[i] = batch.get(i).table().qualifiedName();
            deletes[i] = batch.get(i).event().isDelete();
            rows[i] = batch.get(i).row();
        }
        try (Connection connection = this.shadowStore.getConnection()) {
            connection.setAutoCommit(false);
            try (PreparedStatement statement = connection.prepareStatement("SELECT shadowtx_apply_batch(?, ?, ?)")) {
                statement.setArray(1, connection.createArrayOf("text", tables));
                statement.setArray(2, connection.createArrayOf("bool", deletes));
                statement.setArray(3, connection.createArrayOf("text", rows));
                List<String> outcomes;
                try (ResultSet result = statement.executeQuery()) {
                    result.next();
                    outcomes = List.of((String[]) result.getArray(1).getArray());
                }
                connection.commit();
                return outcomes;
            } catch (SQLException | RuntimeException ex) {
                connection.rollback();
                throw ex;
            }
        }
    }

    private @Nullable String row(MaterializedTable table, ChangeEvent event) {
        ObjectNode row = event.row();
        return (row != null)
                ? this.values.convert(table, row, event.fieldSchemas()).toString()
                : null;
    }

    private void recordApplied(ChangeEvent event, String outcome, Instant appliedAt) {
        record(event, outcome);
        if (event.committedAt() > 0) {
            Instant committedAt = Instant.ofEpochMilli(event.committedAt());
            this.status.applied(event.position(), committedAt, appliedAt);
            long millis = Math.max(0, appliedAt.toEpochMilli() - event.committedAt());
            this.lag.record(millis, TimeUnit.MILLISECONDS);
        }
    }

    private void record(ChangeEvent event, String outcome) {
        this.status.record(event.opTag(), outcome);
        Counter.builder(MaterializeMeter.EVENTS.meterName())
                .description(MaterializeMeter.EVENTS.description())
                .baseUnit(MaterializeMeter.EVENTS.baseUnit())
                .tag("op", event.opTag())
                .tag("outcome", outcome)
                .register(this.meters)
                .increment();
    }

    private record Prepared(ChangeEvent event, MaterializedTable table, String row) {}
}
