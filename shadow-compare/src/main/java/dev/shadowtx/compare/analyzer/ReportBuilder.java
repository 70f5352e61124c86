package dev.shadowtx.compare.analyzer;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/** Reads the tallies out of the analyzer's stores and turns them into a {@link ComparisonReport}. */
final class ReportBuilder {

    private ReportBuilder() {}

    /** Builds the report from the endpoint and field stores (one task's, or all local tasks'). */
    static ComparisonReport build(
            String state,
            Thresholds thresholds,
            int maxExamples,
            ReadOnlyKeyValueStore<String, Tallies.EndpointTally> endpointStore,
            ReadOnlyKeyValueStore<String, Tallies.FieldTally> fieldStore) {
        // each stream task keeps its own tallies: the same key can come from several local stores
        Map<String, Map<String, Tallies.FieldTally>> fieldsByEndpoint = new HashMap<>();
        try (KeyValueIterator<String, Tallies.FieldTally> it = fieldStore.all()) {
            while (it.hasNext()) {
                KeyValue<String, Tallies.FieldTally> entry = it.next();
                int cut = entry.key.lastIndexOf(Tallies.SEPARATOR);
                fieldsByEndpoint
                        .computeIfAbsent(entry.key.substring(0, cut), k -> new LinkedHashMap<>())
                        .merge(entry.key.substring(cut + 1), entry.value, Tallies.FieldTally::plus);
            }
        }
        Map<String, Tallies.EndpointTally> tallies = new LinkedHashMap<>();
        try (KeyValueIterator<String, Tallies.EndpointTally> it = endpointStore.all()) {
            while (it.hasNext()) {
                KeyValue<String, Tallies.EndpointTally> entry = it.next();
                tallies.merge(entry.key, entry.value, Tallies.EndpointTally::plus);
            }
        }
        List<ComparisonReport.EndpointReport> endpoints = new ArrayList<>();
        long unmatchedPrimaries = 0;
        long unmatchedCopies = 0;
        for (Map.Entry<String, Tallies.EndpointTally> entry : tallies.entrySet()) {
            Tallies.EndpointTally tally = entry.getValue();
            unmatchedPrimaries += tally.unmatchedPrimaries();
            unmatchedCopies += tally.unmatchedCopies();
            endpoints.add(endpoint(
                    entry.getKey(),
                    tally,
                    fieldsByEndpoint.getOrDefault(entry.getKey(), Map.of()),
                    maxExamples,
                    thresholds));
        }
        endpoints.sort(Comparator.comparingInt(ComparisonReport.EndpointReport::regressions)
                .reversed()
                .thenComparing(ComparisonReport.EndpointReport::service)
                .thenComparing(ComparisonReport.EndpointReport::endpoint));
        return new ComparisonReport(
                state, thresholds.relative(), thresholds.absolute(), unmatchedPrimaries, unmatchedCopies, endpoints);
    }

    private static ComparisonReport.EndpointReport endpoint(
            String key,
            Tallies.EndpointTally tally,
            Map<String, Tallies.FieldTally> fieldTallies,
            int maxExamples,
            Thresholds thresholds) {
        int cut = key.indexOf(Tallies.SEPARATOR);
        boolean noiseReference = tally.secondaryComparisons() > 0;
        List<ComparisonReport.FieldReport> fields = new ArrayList<>();
        for (Map.Entry<String, Tallies.FieldTally> entry : fieldTallies.entrySet()) {
            Tallies.FieldTally field = entry.getValue();
            double candidateRate = rate(field.candidateDifferences(), tally.candidateComparisons());
            double noiseRate = rate(field.secondaryDifferences(), tally.secondaryComparisons());
            fields.add(new ComparisonReport.FieldReport(
                    entry.getKey(),
                    candidateRate,
                    noiseRate,
                    thresholds.judge(candidateRate, noiseRate, noiseReference),
                    field.candidateDifferences(),
                    field.secondaryDifferences(),
                    examples(field.examples(), maxExamples)));
        }
        fields.sort(Comparator.comparing(ComparisonReport.FieldReport::verdict)
                .thenComparing(Comparator.comparingDouble(ComparisonReport.FieldReport::candidateRate)
                        .reversed())
                .thenComparing(ComparisonReport.FieldReport::path));
        int regressions = (int) fields.stream()
                .filter(field -> field.verdict() == Verdict.REGRESSION)
                .count();
        String note = null;
        if (!noiseReference && tally.comparisons() > 0) {
            note = "no secondary seen: without a noise reference every difference counts as a regression";
        } else if (tally.candidateComparisons() == 0 && tally.comparisons() > 0) {
            note = "no candidate seen: the fields show the noise between two instances of the same release";
        }
        return new ComparisonReport.EndpointReport(
                key.substring(0, cut),
                key.substring(cut + 1),
                tally.comparisons(),
                tally.candidateComparisons(),
                tally.secondaryComparisons(),
                noiseReference,
                note,
                tally.unmatchedPrimaries(),
                tally.unmatchedCopies(),
                regressions,
                fields);
    }

    private static List<FieldExample> examples(List<FieldExample> examples, int max) {
        if (examples.size() <= max) {
            return examples;
        }
        List<FieldExample> chosen = new ArrayList<>(max);
        examples.stream().filter(FieldExample::candidateDiffers).limit(max).forEach(chosen::add);
        examples.stream()
                .filter(example -> !example.candidateDiffers())
                .limit(max - chosen.size())
                .forEach(chosen::add);
        return chosen;
    }

    private static double rate(long count, long total) {
        return total == 0 ? 0.0 : (double) count / total;
    }
}
