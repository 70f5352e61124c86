package dev.shadowtx.core.r2dbc;

import dev.shadowtx.core.context.ShadowMode;
import dev.shadowtx.core.metrics.ShadowRecorder;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Counts what the transaction guard and the R2DBC guard report.
 */
final class CountingRecorder implements ShadowRecorder {

    final AtomicInteger rolledBack = new AtomicInteger();

    final AtomicInteger commitsPrevented = new AtomicInteger();

    final List<String> blocked = new CopyOnWriteArrayList<>();

    @Override
    public void outboundDecision(String channel, String action, String destination) {
        this.blocked.add(channel + " " + action + " " + destination);
    }

    @Override
    public void transactionRolledBack(ShadowMode mode) {
        this.rolledBack.incrementAndGet();
    }

    @Override
    public void r2dbcCommitPrevented(ShadowMode mode) {
        this.commitsPrevented.incrementAndGet();
    }
}
