package dev.shadowtx.core.protection;

import java.util.concurrent.Semaphore;

/**
 * Caps how many shadow units of work run at once, so that a burst of mirrored traffic cannot
 * take the threads, connections and locks live traffic needs. It never queues: a shadow unit of
 * work over the cap is refused at once. Live traffic never passes through it.
 */
public final class ShadowBulkhead {

    private final int maxConcurrent;

    private final Semaphore permits;

    /**
     * Create a bulkhead.
     * @param maxConcurrent how many shadow units of work may run at once, at least 1
     */
    public ShadowBulkhead(int maxConcurrent) {
        if (maxConcurrent < 1) {
            throw new IllegalArgumentException("The shadow bulkhead needs at least one permit");
        }
        this.maxConcurrent = maxConcurrent;
        this.permits = new Semaphore(maxConcurrent);
    }

    /**
     * Take a permit without waiting.
     * @return {@code true} when the unit of work may run; it must then call {@link #release()} once
     */
    public boolean tryAcquire() {
        return this.permits.tryAcquire();
    }

    /**
     * Give back a permit taken with {@link #tryAcquire()}.
     */
    public void release() {
        this.permits.release();
    }

    /**
     * Return how many shadow units of work run now.
     * @return the permits in use
     */
    public int inUse() {
        return this.maxConcurrent - this.permits.availablePermits();
    }

    /**
     * Return the cap.
     * @return how many shadow units of work may run at once
     */
    public int getMaxConcurrent() {
        return this.maxConcurrent;
    }
}
