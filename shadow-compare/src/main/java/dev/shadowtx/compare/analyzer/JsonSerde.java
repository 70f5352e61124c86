package dev.shadowtx.compare.analyzer;

import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;
import tools.jackson.databind.json.JsonMapper;

/** JSON serde for the analyzer's own state store values (tallies and pending groups). */
final class JsonSerde {

    private JsonSerde() {}

    static <T> Serde<T> of(JsonMapper mapper, Class<T> type) {
        Serializer<T> serializer = (topic, value) -> value == null ? null : mapper.writeValueAsBytes(value);
        Deserializer<T> deserializer = (topic, bytes) -> bytes == null ? null : mapper.readValue(bytes, type);
        return Serdes.serdeFrom(serializer, deserializer);
    }
}
