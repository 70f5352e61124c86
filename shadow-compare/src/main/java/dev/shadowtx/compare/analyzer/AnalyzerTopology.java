package dev.shadowtx.compare.analyzer;

import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.state.KeyValueBytesStoreSupplier;
import org.apache.kafka.streams.state.Stores;
import tools.jackson.databind.json.JsonMapper;

/**
 * The analyzer as a Kafka Streams topology: exchange records (keyed by correlation id, so the
 * records of one request share a partition) go through {@link PairingProcessor}, which keeps open
 * groups and the tallies in changelogged state stores. It scales by the topic's partitions; every
 * instance holds the tallies of its own tasks.
 */
public final class AnalyzerTopology {

    /** Store of groups waiting for their window to close, keyed by correlation id and service. */
    public static final String PENDING_STORE = "shadow-compare-pending";

    /** Store of deadlines, ordered by time, so closing a window never scans the open groups. */
    public static final String DEADLINE_STORE = "shadow-compare-deadlines";

    /** Store of per-endpoint comparison counts. */
    public static final String ENDPOINT_STORE = "shadow-compare-endpoints";

    /** Store of per-path difference counts and examples. */
    public static final String FIELD_STORE = "shadow-compare-fields";

    private AnalyzerTopology() {}

    /** Adds the analyzer's stores and processor to a builder. */
    public static void define(
            StreamsBuilder builder, AnalyzerSettings settings, AnalyzerEvents events, AnalyzerControl control) {
        JsonMapper mapper = JsonMapper.builder().build();
        builder.addStateStore(Stores.keyValueStoreBuilder(
                store(PENDING_STORE, settings), Serdes.String(), JsonSerde.of(mapper, PendingGroup.class)));
        builder.addStateStore(
                Stores.keyValueStoreBuilder(store(DEADLINE_STORE, settings), Serdes.Bytes(), Serdes.ByteArray()));
        builder.addStateStore(Stores.keyValueStoreBuilder(
                        store(ENDPOINT_STORE, settings),
                        Serdes.String(),
                        JsonSerde.of(mapper, Tallies.EndpointTally.class))
                .withCachingEnabled());
        builder.addStateStore(Stores.keyValueStoreBuilder(
                        store(FIELD_STORE, settings), Serdes.String(), JsonSerde.of(mapper, Tallies.FieldTally.class))
                .withCachingEnabled());
        builder.stream(settings.topic(), Consumed.with(Serdes.String(), Serdes.String()))
                .process(
                        () -> new PairingProcessor(settings, events, control, mapper),
                        PENDING_STORE,
                        DEADLINE_STORE,
                        ENDPOINT_STORE,
                        FIELD_STORE);
    }

    private static KeyValueBytesStoreSupplier store(String name, AnalyzerSettings settings) {
        return settings.inMemoryStores() ? Stores.inMemoryKeyValueStore(name) : Stores.persistentKeyValueStore(name);
    }

    static Bytes deadlineKey(long deadline, String groupKey) {
        byte[] id = groupKey.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        java.nio.ByteBuffer buffer = java.nio.ByteBuffer.allocate(Long.BYTES + id.length);
        buffer.putLong(Math.max(0, deadline)).put(id);
        return Bytes.wrap(buffer.array());
    }
}
