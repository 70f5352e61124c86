package dev.shadowtx.core.metrics;

import dev.shadowtx.core.context.MarkerSource;
import dev.shadowtx.core.context.ShadowMode;
import dev.shadowtx.core.marker.RejectionReason;
import dev.shadowtx.core.protection.ShedReason;

/**
 * Writes what the guards decide into a {@link ShadowDecisionLog}.
 */
final class DecisionLogRecorder implements ShadowRecorder {

    /**
     * The action of each store, by ordinal: made once, not on each shadow connection.
     */
    private static final String[] STORE_ACTIONS = actions("store-", ShadowStore.values());

    /**
     * The action of each shed reason, by ordinal.
     */
    private static final String[] SHED_ACTIONS = actions("shed-", ShedReason.values());

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
        this.log.record("jdbc", dataSource, STORE_ACTIONS[store.ordinal()]);
    }

    @Override
    public void requestShed(ShadowMode mode, ShedReason reason) {
        this.log.record("inbound", "-", SHED_ACTIONS[reason.ordinal()]);
    }

    @Override
    public void recordSkipped(String channel, String source, ShadowMode mode) {
        this.log.record(channel, source, "skip");
    }

    @Override
    public void uncoveredChannelUsed(String channel, String beanName, ShadowMode mode) {
        this.log.record(channel, beanName, "uncovered");
    }

    private static String[] actions(String prefix, ShadowStore[] stores) {
        String[] actions = new String[stores.length];
        for (ShadowStore store : stores) {
            actions[store.ordinal()] = prefix + store.tagValue();
        }
        return actions;
    }

    private static String[] actions(String prefix, ShedReason[] reasons) {
        String[] actions = new String[reasons.length];
        for (ShedReason reason : reasons) {
            actions[reason.ordinal()] = prefix + reason.tagValue();
        }
        return actions;
    }
}
