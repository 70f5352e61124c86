package dev.shadowtx.core.metrics;

import dev.shadowtx.core.context.MarkerSource;
import dev.shadowtx.core.context.ShadowMode;
import dev.shadowtx.core.marker.RejectionReason;
import dev.shadowtx.core.protection.ShedReason;
import java.util.List;

/**
 * Hands every report to several recorders (meters and the decision log, for example).
 */
public final class CompositeShadowRecorder implements ShadowRecorder {

    private final ShadowRecorder[] delegates;

    /**
     * Create a composite.
     * @param delegates the recorders, called in order
     */
    public CompositeShadowRecorder(List<? extends ShadowRecorder> delegates) {
        this.delegates = delegates.toArray(new ShadowRecorder[0]);
    }

    @Override
    public void requestDetected(ShadowMode mode, MarkerSource source) {
        for (ShadowRecorder delegate : this.delegates) {
            delegate.requestDetected(mode, source);
        }
    }

    @Override
    public void markerMalformed(MarkerSource source) {
        for (ShadowRecorder delegate : this.delegates) {
            delegate.markerMalformed(source);
        }
    }

    @Override
    public void markerRejected(RejectionReason reason) {
        for (ShadowRecorder delegate : this.delegates) {
            delegate.markerRejected(reason);
        }
    }

    @Override
    public void transactionRolledBack(ShadowMode mode) {
        for (ShadowRecorder delegate : this.delegates) {
            delegate.transactionRolledBack(mode);
        }
    }

    @Override
    public void transactionCommitted(ShadowMode mode, String transactionManager) {
        for (ShadowRecorder delegate : this.delegates) {
            delegate.transactionCommitted(mode, transactionManager);
        }
    }

    @Override
    public void jdbcCommitPrevented(ShadowMode mode) {
        for (ShadowRecorder delegate : this.delegates) {
            delegate.jdbcCommitPrevented(mode);
        }
    }

    @Override
    public void r2dbcCommitPrevented(ShadowMode mode) {
        for (ShadowRecorder delegate : this.delegates) {
            delegate.r2dbcCommitPrevented(mode);
        }
    }

    @Override
    public void outboundDecision(String channel, String action, String destination) {
        for (ShadowRecorder delegate : this.delegates) {
            delegate.outboundDecision(channel, action, destination);
        }
    }

    @Override
    public void storeServed(ShadowMode mode, String dataSource, ShadowStore store) {
        for (ShadowRecorder delegate : this.delegates) {
            delegate.storeServed(mode, dataSource, store);
        }
    }

    @Override
    public void requestShed(ShadowMode mode, ShedReason reason) {
        for (ShadowRecorder delegate : this.delegates) {
            delegate.requestShed(mode, reason);
        }
    }

    @Override
    public void recordSkipped(String channel, String source, ShadowMode mode) {
        for (ShadowRecorder delegate : this.delegates) {
            delegate.recordSkipped(channel, source, mode);
        }
    }

    @Override
    public void uncoveredChannelUsed(String channel, String beanName, ShadowMode mode) {
        for (ShadowRecorder delegate : this.delegates) {
            delegate.uncoveredChannelUsed(channel, beanName, mode);
        }
    }
}
