package dev.shadowtx.core.r2dbc;

import dev.shadowtx.core.context.ShadowMode;
import dev.shadowtx.core.metrics.ShadowRecorder;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Counts what the transaction guard and the R2DBC guard report.
 */
final class CountingRecorder implements ShadowRecorder {

    final AtomicInteger rolledBack = new AtomicInteger();

    final AtomicInteger commitsPrevented = new AtomicInteger();

    @Override
    public void transactionRolledBack(ShadowMode mode) {
        this.rolledBack.incrementAndGet();
    }

    @Override
    public void r2dbcCommitPrevented(ShadowMode mode) {
        this.commitsPrevented.incrementAndGet();
    }
}
