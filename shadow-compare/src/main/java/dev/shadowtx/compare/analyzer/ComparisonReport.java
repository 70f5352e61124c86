package dev.shadowtx.compare.analyzer;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * What the analyzer found, as the {@code shadowcompare} actuator endpoint and the dashboard show
 * it: per endpoint, the paths on which copies differed from the primary, each with its two rates
 * and a verdict. Paths that never differed are not listed.
 *
 * @param state state of the Kafka Streams application ({@code RUNNING} when the figures are whole)
 * @param relativeThreshold relative threshold of the verdicts
 * @param absoluteThreshold absolute threshold of the verdicts
 * @param unmatchedPrimaries primaries that no copy joined, over all endpoints
 * @param unmatchedCopies copies that found no primary, over all endpoints
 * @param endpoints endpoints, those with regressions first
 */
public record ComparisonReport(
        String state,
        double relativeThreshold,
        double absoluteThreshold,
        long unmatchedPrimaries,
        long unmatchedCopies,
        List<EndpointReport> endpoints) {

    /** The endpoint of that service and name, if it was seen. */
    public @Nullable EndpointReport endpoint(String service, String endpoint) {
        for (EndpointReport report : this.endpoints) {
            if (report.service().equals(service) && report.endpoint().equals(endpoint)) {
                return report;
            }
        }
        return null;
    }

    /**
     * One endpoint of one service.
     *
     * @param service service that answered
     * @param endpoint method and route, e.g. {@code POST /orders}
     * @param comparisons primaries compared with at least one copy
     * @param candidateComparisons comparisons that had a candidate
     * @param secondaryComparisons comparisons that had a secondary
     * @param noiseReference whether a secondary was seen; without one every difference is a
     *     regression
     * @param note what a reader should know about the figures, or {@code null}
     * @param unmatchedPrimaries primaries that no copy joined
     * @param unmatchedCopies copies that found no primary
     * @param regressions fields judged {@code REGRESSION}
     * @param fields fields that differed at least once, regressions first
     */
    public record EndpointReport(
            String service,
            String endpoint,
            long comparisons,
            long candidateComparisons,
            long secondaryComparisons,
            boolean noiseReference,
            @Nullable String note,
            long unmatchedPrimaries,
            long unmatchedCopies,
            int regressions,
            List<FieldReport> fields) {

        /** The field at that path, if it differed. */
        public @Nullable FieldReport field(String path) {
            for (FieldReport field : this.fields) {
                if (field.path().equals(path)) {
                    return field;
                }
            }
            return null;
        }
    }

    /**
     * One path of one endpoint.
     *
     * @param path {@code status}, {@code header.<name>} or {@code body.<dotted.path>}
     * @param candidateRate share of candidate comparisons in which the candidate differed
     * @param noiseRate share of secondary comparisons in which the secondary differed
     * @param verdict {@code REGRESSION} or {@code NOISE}
     * @param candidateDifferences comparisons in which the candidate differed
     * @param secondaryDifferences comparisons in which the secondary differed
     * @param examples a few groups in which the path differed, values as JSON text
     */
    public record FieldReport(
            String path,
            double candidateRate,
            double noiseRate,
            Verdict verdict,
            long candidateDifferences,
            long secondaryDifferences,
            List<FieldExample> examples) {}
}
