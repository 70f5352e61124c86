package dev.shadowtx.core.protection;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * Caps how many shadow units of work may start per second, so that a mirror misconfigured at
 * 100 % of a busy route, or a synthetic check gone wild, cannot spend the CPU and the database
 * live traffic needs. Like the {@link ShadowBulkhead} it never queues and never waits: a shadow
 * unit of work over the rate is refused at once. Live traffic never passes through it.
 * <p>
 * The limit is a generic cell rate: requests are admitted at {@code permitsPerSecond} on
 * average, and up to {@code burst} of them may arrive at once after a quiet period. The state is
 * one atomic number (the theoretical arrival time of the next request), so admission is a
 * compare-and-set, with no lock and no allocation.
 */
public final class ShadowRateLimiter {

    /**
     * The lowest rate accepted: one shadow unit of work per 1 000 seconds.
     */
    public static final double MIN_PERMITS_PER_SECOND = 0.001;

    /**
     * The largest burst accepted.
     */
    public static final int MAX_BURST = 1_000_000;

    private final double permitsPerSecond;

    private final int burst;

    private final long intervalNanos;

    private final long toleranceNanos;

    private final LongSupplier nanoClock;

    private final AtomicLong theoreticalArrival;

    /**
     * Create a limiter on the system's monotonic clock.
     * @param permitsPerSecond average shadow units of work admitted per second, at least
     * {@link #MIN_PERMITS_PER_SECOND}
     * @param burst how many may be admitted at once after a quiet period, 1 to {@link #MAX_BURST}
     */
    public ShadowRateLimiter(double permitsPerSecond, int burst) {
        this(permitsPerSecond, burst, System::nanoTime);
    }

    /**
     * Create a limiter on a given clock.
     * @param permitsPerSecond average shadow units of work admitted per second, at least
     * {@link #MIN_PERMITS_PER_SECOND}
     * @param burst how many may be admitted at once after a quiet period, 1 to {@link #MAX_BURST}
     * @param nanoClock a monotonic clock in nanoseconds, like {@link System#nanoTime()}
     */
    public ShadowRateLimiter(double permitsPerSecond, int burst, LongSupplier nanoClock) {
        if (!(permitsPerSecond >= MIN_PERMITS_PER_SECOND) || Double.isInfinite(permitsPerSecond)) {
            throw new IllegalArgumentException("The shadow rate must be a finite number of at least "
                    + MIN_PERMITS_PER_SECOND + " per second, not " + permitsPerSecond);
        }
        if (burst < 1 || burst > MAX_BURST) {
            throw new IllegalArgumentException(
                    "The shadow burst must be between 1 and " + MAX_BURST + ", not " + burst);
        }
        this.permitsPerSecond = permitsPerSecond;
        this.burst = burst;
        this.intervalNanos = Math.max(1L, (long) (TimeUnit.SECONDS.toNanos(1) / permitsPerSecond));
        // at most 10^12 ns x 10^6: far from overflowing, also once added to a clock reading
        this.toleranceNanos = this.intervalNanos * (burst - 1L);
        this.nanoClock = nanoClock;
        this.theoreticalArrival = new AtomicLong(nanoClock.getAsLong());
    }

    /**
     * Admit one shadow unit of work if the rate allows it, without waiting.
     * @return {@code true} when it may run; nothing has to be given back
     */
    public boolean tryAcquire() {
        while (true) {
            long now = this.nanoClock.getAsLong();
            long stored = this.theoreticalArrival.get();
            long arrival = (stored - now > 0) ? stored : now;
            if (arrival - now > this.toleranceNanos) {
                return false;
            }
            if (this.theoreticalArrival.compareAndSet(stored, arrival + this.intervalNanos)) {
                return true;
            }
        }
    }

    /**
     * Return how long until the next shadow unit of work would be admitted.
     * @return the wait in nanoseconds, {@code 0} when one would be admitted now
     */
    public long nanosUntilNextPermit() {
        long now = this.nanoClock.getAsLong();
        long wait = this.theoreticalArrival.get() - this.toleranceNanos - now;
        return Math.max(0L, wait);
    }

    /**
     * Return the average rate.
     * @return shadow units of work admitted per second
     */
    public double getPermitsPerSecond() {
        return this.permitsPerSecond;
    }

    /**
     * Return the burst.
     * @return how many shadow units of work may be admitted at once
     */
    public int getBurst() {
        return this.burst;
    }
}
