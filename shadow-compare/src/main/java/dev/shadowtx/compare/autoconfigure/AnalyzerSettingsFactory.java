package dev.shadowtx.compare.autoconfigure;

import dev.shadowtx.compare.analyzer.AnalyzerSettings;
import dev.shadowtx.compare.analyzer.ComparisonRules;
import dev.shadowtx.compare.analyzer.Thresholds;

/** Turns the bound properties into the analyzer's settings, naming the property when one is wrong. */
final class AnalyzerSettingsFactory {

    private AnalyzerSettingsFactory() {}

    static AnalyzerSettings settings(ShadowCompareProperties shared, AnalyzerProperties analyzer) {
        Thresholds thresholds;
        try {
            thresholds = new Thresholds(
                    analyzer.getThresholds().getRelative(),
                    analyzer.getThresholds().getAbsolute());
        } catch (IllegalArgumentException ex) {
            throw new IllegalArgumentException("shadow.compare.analyzer.thresholds: " + ex.getMessage());
        }
        ComparisonRules rules;
        try {
            rules = new ComparisonRules(
                    analyzer.getHeaders(),
                    analyzer.getIgnore().getHeaders(),
                    analyzer.getIgnore().getPaths(),
                    analyzer.getUnorderedArrays(),
                    analyzer.getNumericTolerance());
        } catch (IllegalArgumentException ex) {
            throw new IllegalArgumentException(
                    "shadow.compare.analyzer (ignore.paths, unordered-arrays or numeric-tolerance): " + ex.getMessage(),
                    ex);
        }
        if (shared.getTopic().isBlank()) {
            throw new IllegalArgumentException("shadow.compare.topic must not be empty");
        }
        return new AnalyzerSettings(
                shared.getTopic(),
                analyzer.getWindow(),
                analyzer.getGrace(),
                rules,
                thresholds,
                analyzer.getExamples(),
                analyzer.isInMemoryStores());
    }

    static String dashboardPath(AnalyzerProperties analyzer) {
        String path = analyzer.getDashboard().getPath();
        if (!path.startsWith("/") || path.length() < 2 || path.endsWith("/")) {
            throw new IllegalArgumentException(
                    "shadow.compare.analyzer.dashboard.path must start with '/' and not end with one, was '" + path
                            + "'");
        }
        return path;
    }
}
