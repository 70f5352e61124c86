package dev.shadowtx.benchmarks.load;

import java.time.Duration;
import java.util.Locale;

/**
 * Warms an application up until the heap bytes it allocates per request have settled. A fixed
 * short warm-up leaves the JIT unsettled: one JVM has compiled (and scalar-replaced) a path the
 * other still interprets, and allocation per request then differs by hundreds of bytes between
 * two JVMs of the same code, more than the targets' margins. After a minimum warm-up with the
 * whole mix, each kind of request is sent alone for a short window, again and again, until two
 * consecutive windows of every kind agree within a tolerance, or a cap is reached.
 */
final class AdaptiveWarmup {

    private final int workers;

    private final long minimumNanos;

    private final long windowNanos;

    private final long capNanos;

    private final double tolerance;

    private final long maxRequests;

    /**
     * Create a warm-up.
     * @param workers the load driver's workers
     * @param minimumNanos how long the whole mix runs first
     * @param windowNanos how long each kind runs alone in each window
     * @param capNanos the longest warm-up; the figures are then taken as they are
     * @param tolerance how far (a fraction) two consecutive windows of a kind may differ
     * @param maxRequests the request budget of a phase
     */
    AdaptiveWarmup(
            int workers, long minimumNanos, long windowNanos, long capNanos, double tolerance, long maxRequests) {
        this.workers = workers;
        this.minimumNanos = minimumNanos;
        this.windowNanos = windowNanos;
        this.capNanos = capNanos;
        this.tolerance = tolerance;
        this.maxRequests = maxRequests;
    }

    /**
     * Warm an application up.
     * @param app the application
     * @param probeCost what one reading of its probe costs
     * @param kinds the requests, each a kind
     * @return how the warm-up ended
     */
    Outcome run(AppProcess app, Usage probeCost, byte[]... kinds) throws Exception {
        return run(app, probeCost, kinds.length, kinds);
    }

    /**
     * Warm an application up on the whole mix, and settle only the first kinds of it: those whose
     * figures are compared (in an application without shadowtx, a POST with the marker header is a
     * live POST, the same work as the POST).
     * @param app the application
     * @param probeCost what one reading of its probe costs
     * @param settled how many of the kinds, from the first, must settle
     * @param kinds the requests, each a kind
     * @return how the warm-up ended
     */
    Outcome run(AppProcess app, Usage probeCost, int settled, byte[]... kinds) throws Exception {
        long begin = System.nanoTime();
        new Phase(app.port(), this.workers, this.minimumNanos, this.maxRequests).run(kinds);
        double[] previous = null;
        int windows = 0;
        while (true) {
            double[] current = new double[settled];
            for (int k = 0; k < settled; k++) {
                Usage before = app.usage();
                Phase.Result result =
                        new Phase(app.port(), this.workers, this.windowNanos, this.maxRequests).run(kinds[k]);
                Usage spent = app.usage().minus(before).minus(probeCost);
                current[k] = spent.allocatedBytes() / (double) Math.max(1, result.requests());
            }
            windows++;
            long elapsed = System.nanoTime() - begin;
            double change = (previous != null) ? largestChange(previous, current) : Double.NaN;
            if (change <= this.tolerance || elapsed >= this.capNanos) {
                return new Outcome(change <= this.tolerance, elapsed, windows, change, current);
            }
            previous = current;
        }
    }

    /**
     * Return the largest relative change of a kind's bytes per request between two windows.
     * @param previous the earlier window's figures
     * @param current the later window's figures
     * @return the largest |current − previous| ÷ previous
     */
    static double largestChange(double[] previous, double[] current) {
        double largest = 0;
        for (int k = 0; k < current.length; k++) {
            largest = Math.max(largest, Math.abs(current[k] - previous[k]) / previous[k]);
        }
        return largest;
    }

    /**
     * How a warm-up ended.
     * @param settled whether two consecutive windows agreed within the tolerance
     * @param nanos how long it took
     * @param windows how many windows of every kind ran after the minimum warm-up
     * @param change the largest relative change between the last two windows (NaN after one window)
     * @param bytesPerRequest the last window's bytes per request, per kind
     */
    record Outcome(boolean settled, long nanos, int windows, double change, double[] bytesPerRequest) {

        /**
         * Describe the outcome in one line.
         * @return the line
         */
        String describe() {
            StringBuilder kinds = new StringBuilder();
            for (double bytes : this.bytesPerRequest) {
                kinds.append((kinds.length() == 0) ? "" : " / ").append(String.format(Locale.ROOT, "%.0f", bytes));
            }
            return String.format(
                    Locale.ROOT,
                    "%s after %d s (%d windows; last two %.2f %% apart; B/request per kind %s)",
                    this.settled ? "settled" : "NOT settled, cap reached,",
                    Duration.ofNanos(this.nanos).toSeconds(),
                    this.windows,
                    this.change * 100,
                    kinds);
        }
    }
}
