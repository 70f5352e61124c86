package dev.shadowtx.core.metrics;

import dev.shadowtx.core.context.ShadowContext;
import dev.shadowtx.core.context.ShadowContextHolder;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The last decisions the guards took, in a bounded buffer, for operators (the {@code shadow}
 * actuator endpoint). Written only on the shadow path, so it costs live traffic nothing.
 * <p>
 * The buffer is a ring of slots allocated once: recording a decision copies its fields into the
 * oldest slot and allocates nothing; the {@link ShadowDecision} objects are built only when the
 * log is read.
 */
public final class ShadowDecisionLog {

    private final int capacity;

    private final Clock clock;

    /**
     * The time of each decision, in milliseconds since the epoch: the clock's {@code millis()}
     * allocates nothing, where its {@code instant()} makes an object per decision.
     */
    private final long[] epochMillis;

    private final String[] channels;

    private final String[] destinations;

    private final String[] actions;

    private final @Nullable String[] modes;

    /**
     * The slot the next decision goes to.
     */
    private int next;

    /**
     * How many slots hold a decision.
     */
    private int size;

    /**
     * Create a log.
     * @param capacity how many decisions to keep; older ones are dropped first
     * @param clock the clock that stamps decisions, to the millisecond
     */
    public ShadowDecisionLog(int capacity, Clock clock) {
        if (capacity < 1) {
            throw new IllegalArgumentException("The decision log capacity must be at least 1");
        }
        this.capacity = capacity;
        this.clock = clock;
        this.epochMillis = new long[capacity];
        this.channels = new String[capacity];
        this.destinations = new String[capacity];
        this.actions = new String[capacity];
        this.modes = new String[capacity];
    }

    /**
     * Record a decision, stamped with the mode bound to the current thread.
     * @param channel the side-effect channel
     * @param destination where the effect was going
     * @param action what the guard did
     */
    public void record(String channel, String destination, String action) {
        ShadowContext context = ShadowContextHolder.current();
        String mode = (context != null) ? context.mode().markerValue() : null;
        long millis = this.clock.millis();
        synchronized (this) {
            int slot = this.next;
            this.epochMillis[slot] = millis;
            this.channels[slot] = channel;
            this.destinations[slot] = destination;
            this.actions[slot] = action;
            this.modes[slot] = mode;
            this.next = (slot + 1 == this.capacity) ? 0 : slot + 1;
            if (this.size < this.capacity) {
                this.size++;
            }
        }
    }

    /**
     * Return the decisions kept, oldest first.
     * @return a copy of the buffer
     */
    public List<ShadowDecision> recent() {
        synchronized (this) {
            List<ShadowDecision> recent = new ArrayList<>(this.size);
            int first = (this.size < this.capacity) ? 0 : this.next;
            for (int i = 0; i < this.size; i++) {
                int slot = (first + i) % this.capacity;
                recent.add(new ShadowDecision(
                        Instant.ofEpochMilli(this.epochMillis[slot]),
                        this.channels[slot],
                        this.destinations[slot],
                        this.actions[slot],
                        this.modes[slot]));
            }
            return recent;
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
