package dev.shadowtx.compare.analyzer;

import java.time.Duration;
import java.time.Instant;
import java.util.Properties;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TopologyTestDriver;

/**
 * The analyzer topology in Kafka Streams' {@link TopologyTestDriver}: records go in with their
 * timestamps, the mocked wall clock closes windows, and the report is read from the real stores.
 */
final class AnalyzerDriver implements AutoCloseable {

    static final String TOPIC = "shadow.exchanges";

    private final TopologyTestDriver driver;

    private final TestInputTopic<String, String> input;

    private final AnalyzerSettings settings;

    final AnalyzerControl control = new AnalyzerControl();

    AnalyzerDriver(AnalyzerSettings settings, AnalyzerEvents events) {
        this.settings = settings;
        StreamsBuilder builder = new StreamsBuilder();
        AnalyzerTopology.define(builder, settings, events, this.control);
        Properties config = new Properties();
        config.put(StreamsConfig.APPLICATION_ID_CONFIG, "analyzer-test");
        config.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        this.driver = new TopologyTestDriver(builder.build(), config, Instant.parse("2026-12-01T10:00:00Z"));
        this.input = this.driver.createInputTopic(
                TOPIC, Serdes.String().serializer(), Serdes.String().serializer());
    }

    static AnalyzerSettings settings(ComparisonRules rules) {
        return new AnalyzerSettings(
                TOPIC, Duration.ofSeconds(10), Duration.ofSeconds(5), rules, Thresholds.defaults(), 3, true);
    }

    void send(String key, String json, long timestamp) {
        this.input.pipeInput(key, json, timestamp);
    }

    /** Lets the wall clock pass beyond window and grace, so every open group is judged. */
    void closeWindows() {
        this.driver.advanceWallClockTime(
                this.settings.window().plus(this.settings.grace()).plusSeconds(1));
        // then quiet for the grace period: a group waits while its task is still receiving
        this.driver.advanceWallClockTime(this.settings.grace().plus(this.settings.closeCheckInterval()));
    }

    void advance(Duration duration) {
        this.driver.advanceWallClockTime(duration);
    }

    ComparisonReport report() {
        return ReportBuilder.build(
                "RUNNING",
                this.settings.thresholds(),
                this.settings.examples(),
                this.driver.<String, Tallies.EndpointTally>getKeyValueStore(AnalyzerTopology.ENDPOINT_STORE),
                this.driver.<String, Tallies.FieldTally>getKeyValueStore(AnalyzerTopology.FIELD_STORE));
    }

    int pendingGroups() {
        int count = 0;
        try (var it =
                this.driver.getKeyValueStore(AnalyzerTopology.PENDING_STORE).all()) {
            while (it.hasNext()) {
                it.next();
                count++;
            }
        }
        return count;
    }

    @Override
    public void close() {
        this.driver.close();
    }
}
