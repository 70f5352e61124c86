package dev.shadowtx.compare.analyzer;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Requests that reach the stream tasks from outside, such as a reset of the report. Stream tasks
 * own their stores, so a reset is a request they carry out on their next check (within
 * {@link AnalyzerSettings#closeCheckInterval()}), each on its own stores.
 */
public final class AnalyzerControl {

    private final AtomicLong resets = new AtomicLong();

    /** Asks every stream task to clear its tallies; returns the number of the request. */
    public long requestReset() {
        return this.resets.incrementAndGet();
    }

    long resets() {
        return this.resets.get();
    }
}
