package dev.shadowtx.compare.analyzer;

import java.util.ArrayList;
import java.util.List;

/**
 * The counts the analyzer keeps in its state stores: one {@link EndpointTally} per service and
 * endpoint, one {@link FieldTally} per endpoint and differing path. Values are immutable; an update
 * returns a new value that the processor writes back to the store.
 */
final class Tallies {

    /** Separates service, endpoint and path in store keys; never part of a route or path. */
    static final char SEPARATOR = '\u001f';

    private Tallies() {}

    static String endpointKey(String service, String endpoint) {
        return service + SEPARATOR + endpoint;
    }

    static String fieldKey(String endpointKey, String path) {
        return endpointKey + SEPARATOR + path;
    }

    /**
     * Comparisons made for one endpoint, and records that found no partner.
     *
     * @param comparisons groups with a primary and at least one copy
     * @param candidateComparisons of those, groups with a candidate
     * @param secondaryComparisons of those, groups with a secondary
     * @param unmatchedPrimaries primaries no copy joined within the window
     * @param unmatchedCopies copies that found no primary within the window
     */
    record EndpointTally(
            long comparisons,
            long candidateComparisons,
            long secondaryComparisons,
            long unmatchedPrimaries,
            long unmatchedCopies) {

        static final EndpointTally EMPTY = new EndpointTally(0, 0, 0, 0, 0);

        EndpointTally compared(boolean candidate, boolean secondary) {
            return new EndpointTally(
                    this.comparisons + 1,
                    this.candidateComparisons + (candidate ? 1 : 0),
                    this.secondaryComparisons + (secondary ? 1 : 0),
                    this.unmatchedPrimaries,
                    this.unmatchedCopies);
        }

        EndpointTally plus(EndpointTally other) {
            return new EndpointTally(
                    this.comparisons + other.comparisons,
                    this.candidateComparisons + other.candidateComparisons,
                    this.secondaryComparisons + other.secondaryComparisons,
                    this.unmatchedPrimaries + other.unmatchedPrimaries,
                    this.unmatchedCopies + other.unmatchedCopies);
        }

        EndpointTally unmatched(boolean primary) {
            return new EndpointTally(
                    this.comparisons,
                    this.candidateComparisons,
                    this.secondaryComparisons,
                    this.unmatchedPrimaries + (primary ? 1 : 0),
                    this.unmatchedCopies + (primary ? 0 : 1));
        }
    }

    /**
     * How often one path differed from the primary.
     *
     * @param candidateDifferences comparisons in which the candidate differed
     * @param secondaryDifferences comparisons in which the secondary differed
     * @param examples a few groups in which the path differed, candidate differences first
     */
    record FieldTally(long candidateDifferences, long secondaryDifferences, List<FieldExample> examples) {

        static final FieldTally EMPTY = new FieldTally(0, 0, List.of());

        /** Both tallies together (the same path counted by two stream tasks), examples of both. */
        FieldTally plus(FieldTally other) {
            List<FieldExample> examples = new ArrayList<>(this.examples);
            examples.addAll(other.examples);
            return new FieldTally(
                    this.candidateDifferences + other.candidateDifferences,
                    this.secondaryDifferences + other.secondaryDifferences,
                    examples);
        }

        FieldTally add(FieldExample example, int maxExamples) {
            List<FieldExample> kept = this.examples;
            if (kept.size() < maxExamples) {
                kept = new ArrayList<>(kept);
                kept.add(example);
            } else if (example.candidateDiffers()) {
                int replaceable = -1;
                for (int i = 0; i < kept.size(); i++) {
                    if (!kept.get(i).candidateDiffers()) {
                        replaceable = i;
                        break;
                    }
                }
                if (replaceable >= 0) {
                    kept = new ArrayList<>(kept);
                    kept.set(replaceable, example);
                }
            }
            return new FieldTally(
                    this.candidateDifferences + (example.candidateDiffers() ? 1 : 0),
                    this.secondaryDifferences + (example.secondaryDiffers() ? 1 : 0),
                    kept);
        }
    }
}
