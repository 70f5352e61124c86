package dev.shadowtx.core.metrics;

import dev.shadowtx.core.context.MarkerSource;
import dev.shadowtx.core.context.ShadowMode;
import dev.shadowtx.core.marker.RejectionReason;
import dev.shadowtx.core.protection.ShedReason;

/**
 * Writes what the guards decide into a {@link ShadowDecisionLog}.
 */
final class DecisionLogRecorder implements ShadowRecorder {

    private final ShadowDecisionLog log;

    DecisionLogRecorder(ShadowDecisionLog log) {
        this.log = log;
    }

    @Override
    public void requestDetected(ShadowMode mode, MarkerSource source) {
        this.log.record("inbound", source.tagValue(), "isolate");
    }

    @Override
    public void markerRejected(RejectionReason reason) {
        this.log.record("inbound", reason.code(), "reject");
    }

    @Override
    public void transactionRolledBack(ShadowMode mode) {
        this.log.record("transaction", "-", "rollback");
    }

    @Override
    public void transactionCommitted(ShadowMode mode, String transactionManager) {
        this.log.record("transaction", transactionManager, "commit");
    }

    @Override
    public void jdbcCommitPrevented(ShadowMode mode) {
        this.log.record("jdbc", "-", "rollback");
    }

    @Override
    public void r2dbcCommitPrevented(ShadowMode mode) {
        this.log.record("r2dbc", "-", "rollback");
    }

    @Override
    public void outboundDecision(String channel, String action, String destination) {
        this.log.record(channel, destination, action);
    }

    @Override
    public void storeServed(ShadowMode mode, String dataSource, ShadowStore store) {
        this.log.record("jdbc", dataSource, "store-" + store.tagValue());
    }

    @Override
    public void requestShed(ShadowMode mode, ShedReason reason) {
        this.log.record("inbound", "-", "shed-" + reason.tagValue());
    }

    @Override
    public void recordSkipped(String channel, String source, ShadowMode mode) {
        this.log.record(channel, source, "skip");
    }

    @Override
    public void uncoveredChannelUsed(String channel, String beanName, ShadowMode mode) {
        this.log.record(channel, beanName, "uncovered");
    }
}
