package dev.shadowtx.benchmarks.load;

import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * The distribution-free confidence interval of a median: the order statistics {@code k} and
 * {@code n + 1 − k} of {@code n} sorted values, with the largest {@code k} whose coverage,
 * {@code 1 − 2 P(Binomial(n, ½) < k)}, is at least the confidence asked for. It assumes only that
 * the values are independent draws of one distribution; nothing about its shape.
 *
 * @param median the median of the values
 * @param lower the interval's lower bound
 * @param upper the interval's upper bound
 * @param coverage the probability that the interval holds the distribution's median
 * @param count how many values it was taken from
 */
record MedianInterval(double median, double lower, double upper, double coverage, int count) {

    /**
     * Return the interval of the median of the values with at least the given coverage, or
     * {@code null} when there are too few values for it (fewer than 6 values for 95 %, 5 for 90 %).
     * @param values the values
     * @param confidence the coverage asked for, such as 0.95
     * @return the interval, or {@code null}
     */
    static @Nullable MedianInterval of(List<Double> values, double confidence) {
        double[] sorted =
                values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        int n = sorted.length;
        if (n == 0) {
            return null;
        }
        int k = 0;
        double coverage = 0;
        // P(Binomial(n, ½) < candidate), summed one term at a time in logarithms
        double below = 0;
        double logTerm = n * Math.log(0.5);
        for (int candidate = 1; candidate <= n / 2; candidate++) {
            below += Math.exp(logTerm);
            logTerm += Math.log((double) (n - candidate + 1) / candidate);
            double candidateCoverage = 1 - 2 * below;
            if (candidateCoverage < confidence) {
                break;
            }
            k = candidate;
            coverage = candidateCoverage;
        }
        if (k == 0) {
            return null;
        }
        return new MedianInterval(LoadComparison.median(values), sorted[k - 1], sorted[n - k], coverage, n);
    }

    /**
     * Return {@code P(Binomial(n, ½) < k)}, summed in logarithms so that thousands of values do
     * not underflow.
     * @param n the trials
     * @param k the bound
     * @return the probability
     */
    static double binomialBelow(int n, int k) {
        double logHalfPowN = n * Math.log(0.5);
        double logTerm = logHalfPowN;
        double sum = 0;
        for (int i = 0; i < k; i++) {
            sum += Math.exp(logTerm);
            logTerm += Math.log((double) (n - i) / (i + 1));
        }
        return sum;
    }

    /**
     * Whether the interval lies wholly on one side of the limit.
     * @param limit the largest value that meets a target
     * @return {@code true} when the interval decides the target
     */
    boolean decides(double limit) {
        return this.upper <= limit || this.lower > limit;
    }

    /**
     * Return {@code median [lower, upper] (coverage %)}.
     * @return the interval as printed
     */
    String describe() {
        return String.format(
                Locale.ROOT, "%.4f [%.4f, %.4f] (%.1f %%)", this.median, this.lower, this.upper, this.coverage * 100);
    }
}
