package dev.shadowtx.kafka.observation;

import dev.shadowtx.kafka.KafkaMarkers;
import io.micrometer.common.KeyValue;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationFilter;
import org.springframework.kafka.support.micrometer.KafkaRecordReceiverContext;

/**
 * Adds the low-cardinality key {@code shadow} ({@code true} or {@code false}) to Kafka listener
 * observations (containers with {@code observationEnabled}), read from the record's marker
 * headers, so consumer dashboards can split shadow records from live ones with one tag, like
 * {@code http.server.requests}.
 */
public class ShadowListenerObservationFilter implements ObservationFilter {

    /**
     * Name of the key.
     */
    public static final String KEY = "shadow";

    private static final KeyValue SHADOW = KeyValue.of(KEY, "true");

    private static final KeyValue LIVE = KeyValue.of(KEY, "false");

    private final KafkaMarkers markers;

    /**
     * Create the filter.
     * @param markers how markers are read from record headers
     */
    public ShadowListenerObservationFilter(KafkaMarkers markers) {
        this.markers = markers;
    }

    @Override
    public Observation.Context map(Observation.Context context) {
        if (context instanceof KafkaRecordReceiverContext receiver) {
            boolean shadow = this.markers.detect(receiver.getRecord().headers()).isMarked();
            receiver.addLowCardinalityKeyValue(shadow ? SHADOW : LIVE);
        }
        return context;
    }
}
