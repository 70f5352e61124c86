package dev.shadowtx.compare.analyzer;

import java.util.List;
import java.util.function.Supplier;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.jspecify.annotations.Nullable;

/**
 * Reads the report out of the running analyzer's local stores (all tasks of this instance) and
 * forwards reset requests to the stream tasks. While Kafka Streams is not running, the report is
 * empty and says which state it is in.
 */
public final class AnalyzerReports {

    private final Supplier<@Nullable KafkaStreams> streams;

    private final Thresholds thresholds;

    private final int maxExamples;

    private final AnalyzerControl control;

    public AnalyzerReports(
            Supplier<@Nullable KafkaStreams> streams, AnalyzerSettings settings, AnalyzerControl control) {
        this.streams = streams;
        this.thresholds = settings.thresholds();
        this.maxExamples = settings.examples();
        this.control = control;
    }

    /** The report as of now. */
    public ComparisonReport report() {
        KafkaStreams streams = this.streams.get();
        if (streams == null) {
            return empty("NOT_STARTED");
        }
        KafkaStreams.State state = streams.state();
        if (state != KafkaStreams.State.RUNNING) {
            return empty(state.name());
        }
        try {
            ReadOnlyKeyValueStore<String, Tallies.EndpointTally> endpoints =
                    streams.store(StoreQueryParameters.fromNameAndType(
                            AnalyzerTopology.ENDPOINT_STORE,
                            QueryableStoreTypes.<String, Tallies.EndpointTally>keyValueStore()));
            ReadOnlyKeyValueStore<String, Tallies.FieldTally> fields =
                    streams.store(StoreQueryParameters.fromNameAndType(
                            AnalyzerTopology.FIELD_STORE,
                            QueryableStoreTypes.<String, Tallies.FieldTally>keyValueStore()));
            return ReportBuilder.build(state.name(), this.thresholds, this.maxExamples, endpoints, fields);
        } catch (InvalidStateStoreException ex) {
            return empty("REBALANCING");
        }
    }

    /**
     * Asks every stream task of this instance to clear its tallies; they do so within one close
     * check interval. Open groups are kept.
     */
    public long reset() {
        return this.control.requestReset();
    }

    private ComparisonReport empty(String state) {
        return new ComparisonReport(state, this.thresholds.relative(), this.thresholds.absolute(), 0, 0, List.of());
    }
}
