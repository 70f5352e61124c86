package dev.shadowtx.compare.analyzer;

import java.time.Duration;

/**
 * Everything the topology needs to know, bound from {@code shadow.compare.analyzer.*}.
 *
 * @param topic topic of exchange records
 * @param window how far apart (record time) the records of one request may be and still be compared
 * @param grace how much longer the analyzer waits for late copies before it judges a group
 * @param rules what is compared and how
 * @param thresholds when a difference is a regression
 * @param examples example groups kept per flagged path
 * @param inMemoryStores whether state stores live in memory (restored from their changelog topics on
 *     restart) rather than in RocksDB on local disk
 */
public record AnalyzerSettings(
        String topic,
        Duration window,
        Duration grace,
        ComparisonRules rules,
        Thresholds thresholds,
        int examples,
        boolean inMemoryStores) {

    public AnalyzerSettings {
        if (window.isNegative() || window.isZero()) {
            throw new IllegalArgumentException("shadow.compare.analyzer.window must be positive, was " + window);
        }
        if (grace.isNegative()) {
            throw new IllegalArgumentException("shadow.compare.analyzer.grace must not be negative, was " + grace);
        }
        if (examples < 0) {
            throw new IllegalArgumentException(
                    "shadow.compare.analyzer.examples must not be negative, was " + examples);
        }
    }

    /** How often the analyzer looks for groups whose window closed: a tenth of the window, 50 ms to 1 s. */
    Duration closeCheckInterval() {
        long millis = Math.max(50, Math.min(1000, this.window.toMillis() / 10));
        return Duration.ofMillis(millis);
    }
}
