package dev.shadowtx.materialize;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;

/**
 * What the materialization has done so far: the source's state, the last position applied, the
 * lag of the last change and the count of changes by operation and outcome. Read by the actuator
 * endpoint and the health indicator; written by the applier and the sources.
 */
public final class MaterializeStatus {

    /**
     * The state of the change source.
     */
    public enum State {
        /** Not started yet, or starting. */
        STARTING,
        /** Streaming changes. */
        RUNNING,
        /** Stopped by the application. */
        STOPPED,
        /** Stopped by an error; see {@link #failure()}. */
        FAILED
    }

    private final String source;

    private final Map<String, AtomicLong> counts = new ConcurrentHashMap<>();

    private volatile State state = State.STARTING;

    private volatile @Nullable String failure;

    private volatile @Nullable String lastPosition;

    private volatile @Nullable Instant lastCommittedAt;

    private volatile @Nullable Instant lastAppliedAt;

    private volatile @Nullable Duration lastLag;

    /**
     * Create a status.
     * @param source a description of the source, without credentials
     */
    public MaterializeStatus(String source) {
        this.source = source;
    }

    /**
     * Record the outcome of one change.
     * @param op the operation tag
     * @param outcome the outcome tag
     */
    public void record(String op, String outcome) {
        this.counts
                .computeIfAbsent(op + "/" + outcome, (key) -> new AtomicLong())
                .incrementAndGet();
    }

    /**
     * Record the last change applied or skipped.
     * @param position its source position, if known
     * @param committedAt when the live database committed it
     * @param appliedAt when the shadow store committed it
     */
    public void applied(@Nullable String position, Instant committedAt, Instant appliedAt) {
        if (position != null) {
            this.lastPosition = position;
        }
        this.lastCommittedAt = committedAt;
        this.lastAppliedAt = appliedAt;
        this.lastLag = Duration.between(committedAt, appliedAt);
    }

    /**
     * Mark the source running.
     */
    public void running() {
        this.state = State.RUNNING;
        this.failure = null;
    }

    /**
     * Mark the source stopped.
     */
    public void stopped() {
        if (this.state != State.FAILED) {
            this.state = State.STOPPED;
        }
    }

    /**
     * Mark the source failed.
     * @param message what failed
     */
    public void failed(String message) {
        this.state = State.FAILED;
        this.failure = message;
    }

    /**
     * Return the count of changes with an operation and an outcome.
     * @param op the operation tag ({@code create}, {@code update}, {@code delete}, {@code read}, …)
     * @param outcome the outcome tag ({@code applied}, {@code skipped}, {@code ignored}, {@code failed})
     * @return the count
     */
    public long count(String op, String outcome) {
        AtomicLong count = this.counts.get(op + "/" + outcome);
        return (count != null) ? count.get() : 0;
    }

    /**
     * Return the count of changes with an outcome, whatever their operation.
     * @param outcome the outcome tag
     * @return the count
     */
    public long total(String outcome) {
        return this.counts.entrySet().stream()
                .filter((entry) -> entry.getKey().endsWith("/" + outcome))
                .mapToLong((entry) -> entry.getValue().get())
                .sum();
    }

    /**
     * Return the counts by operation and outcome.
     * @return {@code op -> outcome -> count}
     */
    public Map<String, Map<String, Long>> counts() {
        Map<String, Map<String, Long>> counts = new TreeMap<>();
        this.counts.forEach((key, count) -> {
            int slash = key.indexOf('/');
            counts.computeIfAbsent(key.substring(0, slash), (op) -> new TreeMap<>())
                    .put(key.substring(slash + 1), count.get());
        });
        return counts;
    }

    public String source() {
        return this.source;
    }

    public State state() {
        return this.state;
    }

    public @Nullable String failure() {
        return this.failure;
    }

    public @Nullable String lastPosition() {
        return this.lastPosition;
    }

    public @Nullable Instant lastCommittedAt() {
        return this.lastCommittedAt;
    }

    public @Nullable Instant lastAppliedAt() {
        return this.lastAppliedAt;
    }

    public @Nullable Duration lastLag() {
        return this.lastLag;
    }

    /**
     * Return the status as a map for the actuator.
     * @return the status; absent values are left out
     */
    public Map<String, Object> describe() {
        Map<String, Object> description = new LinkedHashMap<>();
        description.put("source", this.source);
        description.put("state", this.state.name());
        putIfPresent(description, "failure", this.failure);
        putIfPresent(description, "lastPosition", this.lastPosition);
        putIfPresent(description, "lastCommittedAt", this.lastCommittedAt);
        putIfPresent(description, "lastAppliedAt", this.lastAppliedAt);
        Duration lag = this.lastLag;
        if (lag != null) {
            description.put("lagMillis", lag.toMillis());
        }
        description.put("events", counts());
        return description;
    }

    private static void putIfPresent(Map<String, Object> description, String key, @Nullable Object value) {
        if (value != null) {
            description.put(key, value.toString());
        }
    }
}
