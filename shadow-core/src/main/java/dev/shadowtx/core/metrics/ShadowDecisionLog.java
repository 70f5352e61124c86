package dev.shadowtx.core.metrics;

import dev.shadowtx.core.context.ShadowContextHolder;
import dev.shadowtx.core.context.ShadowMode;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * The last decisions the guards took, in a bounded buffer, for operators (the {@code shadow}
 * actuator endpoint). Written only on the shadow path, so it costs live traffic nothing.
 */
public final class ShadowDecisionLog {

    private final int capacity;

    private final Clock clock;

    private final ArrayDeque<ShadowDecision> decisions;

    /**
     * Create a log.
     * @param capacity how many decisions to keep; older ones are dropped first
     * @param clock the clock that stamps decisions
     */
    public ShadowDecisionLog(int capacity, Clock clock) {
        if (capacity < 1) {
            throw new IllegalArgumentException("The decision log capacity must be at least 1");
        }
        this.capacity = capacity;
        this.clock = clock;
        this.decisions = new ArrayDeque<>(capacity);
    }

    /**
     * Record a decision, stamped with the mode bound to the current thread.
     * @param channel the side-effect channel
     * @param destination where the effect was going
     * @param action what the guard did
     */
    public void record(String channel, String destination, String action) {
        String mode =
                ShadowContextHolder.currentMode().map(ShadowMode::markerValue).orElse(null);
        ShadowDecision decision = new ShadowDecision(this.clock.instant(), channel, destination, action, mode);
        synchronized (this.decisions) {
            if (this.decisions.size() == this.capacity) {
                this.decisions.removeFirst();
            }
            this.decisions.addLast(decision);
        }
    }

    /**
     * Return the decisions kept, oldest first.
     * @return a copy of the buffer
     */
    public List<ShadowDecision> recent() {
        synchronized (this.decisions) {
            return new ArrayList<>(this.decisions);
        }
    }

    /**
     * Return how many decisions are kept at most.
     * @return the capacity
     */
    public int getCapacity() {
        return this.capacity;
    }

    /**
     * Adapt this log to the recorder interface.
     * @return a recorder that writes every decision it hears about into this log
     */
    public ShadowRecorder asRecorder() {
        return new DecisionLogRecorder(this);
    }
}
