package dev.shadowtx.compare.analyzer;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * What the analyzer compares and how: which response headers count, which paths and headers are
 * ignored, which arrays are compared without regard to order and which numbers may differ by a
 * tolerance. Decisions per path are cached, since the same paths recur in every answer.
 */
public final class ComparisonRules {

    private final Set<String> headers;

    private final List<PathPattern> ignoredPaths;

    private final List<PathPattern> unorderedArrays;

    private final Map<PathPattern, Double> tolerances;

    private final Map<String, Boolean> ignoredCache = new ConcurrentHashMap<>();

    private final Map<String, Boolean> unorderedCache = new ConcurrentHashMap<>();

    private final Map<String, Double> toleranceCache = new ConcurrentHashMap<>();

    /**
     * @param headers response headers compared, as {@code header.<name>}
     * @param ignoredHeaders headers never compared, even when listed in {@code headers}
     * @param ignoredPaths path patterns never compared, with everything below them
     * @param unorderedArrays path patterns of arrays whose element order does not matter
     * @param tolerances numeric tolerance per path pattern: numbers closer than this are equal
     */
    public ComparisonRules(
            Collection<String> headers,
            Collection<String> ignoredHeaders,
            Collection<String> ignoredPaths,
            Collection<String> unorderedArrays,
            Map<String, Double> tolerances) {
        Set<String> ignored =
                ignoredHeaders.stream().map(ComparisonRules::lower).collect(Collectors.toSet());
        this.headers = headers.stream()
                .map(ComparisonRules::lower)
                .filter(name -> !ignored.contains(name))
                .collect(Collectors.toCollection(java.util.LinkedHashSet::new));
        this.ignoredPaths = patterns(ignoredPaths);
        this.unorderedArrays = patterns(unorderedArrays);
        this.tolerances = new LinkedHashMap<>();
        tolerances.forEach((pattern, tolerance) -> {
            if (tolerance < 0) {
                throw new IllegalArgumentException("numeric tolerance for " + pattern + " is negative: " + tolerance);
            }
            this.tolerances.put(PathPattern.of(pattern), tolerance);
        });
    }

    /** Rules that compare status and body only, with nothing ignored. */
    public static ComparisonRules defaults() {
        return new ComparisonRules(List.of("content-type"), List.of(), List.of(), List.of(), Map.of());
    }

    Set<String> headers() {
        return this.headers;
    }

    boolean ignored(String path) {
        return this.ignoredCache.computeIfAbsent(path, p -> anyMatch(this.ignoredPaths, p));
    }

    boolean unordered(String arrayPath) {
        return this.unorderedCache.computeIfAbsent(arrayPath, p -> anyMatch(this.unorderedArrays, p));
    }

    double tolerance(String path) {
        return this.toleranceCache.computeIfAbsent(path, p -> {
            for (Map.Entry<PathPattern, Double> entry : this.tolerances.entrySet()) {
                if (entry.getKey().matches(p)) {
                    return entry.getValue();
                }
            }
            return 0.0;
        });
    }

    private static boolean anyMatch(List<PathPattern> patterns, String path) {
        for (PathPattern pattern : patterns) {
            if (pattern.matches(path)) {
                return true;
            }
        }
        return false;
    }

    private static List<PathPattern> patterns(Collection<String> sources) {
        List<PathPattern> patterns = new ArrayList<>();
        for (String source : sources) {
            patterns.add(PathPattern.of(source));
        }
        return patterns;
    }

    private static String lower(String name) {
        return name.trim().toLowerCase(Locale.ROOT);
    }
}
