package dev.shadowtx.compare.analyzer;

/**
 * Turns a field's two difference rates into a verdict. With {@code c} the share of comparisons in
 * which the candidate differs from the primary and {@code n} the share in which the secondary does,
 * the field is a {@link Verdict#REGRESSION} when {@code c > n}, {@code c − n > absolute} and
 * {@code (c − n) / (c + n) > relative}; otherwise it is {@link Verdict#NOISE}. Without a secondary
 * there is no noise reference and every difference is a regression.
 *
 * @param relative minimum relative gap {@code (c − n) / (c + n)}, 0 to 1
 * @param absolute minimum absolute gap {@code c − n}, 0 to 1
 */
public record Thresholds(double relative, double absolute) {

    public Thresholds {
        if (relative < 0 || relative > 1) {
            throw new IllegalArgumentException("relative threshold must be within 0..1, was " + relative);
        }
        if (absolute < 0 || absolute > 1) {
            throw new IllegalArgumentException("absolute threshold must be within 0..1, was " + absolute);
        }
    }

    /** The analyzer's defaults: 20 % relative gap, 1 percentage point absolute gap. */
    public static Thresholds defaults() {
        return new Thresholds(0.2, 0.01);
    }

    Verdict judge(double candidateRate, double noiseRate, boolean noiseReference) {
        if (!noiseReference) {
            return candidateRate > 0 ? Verdict.REGRESSION : Verdict.NOISE;
        }
        double gap = candidateRate - noiseRate;
        if (gap > 0 && gap > this.absolute && gap / (candidateRate + noiseRate) > this.relative) {
            return Verdict.REGRESSION;
        }
        return Verdict.NOISE;
    }
}
