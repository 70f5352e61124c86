package dev.shadowtx.compare.capture;

import dev.shadowtx.core.ShadowExempt;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Sends exchange records with a {@link KafkaProducer} of its own: not a bean, not made by the
 * application's producer factory, so no producer post-processor, interceptor or shadow reroute
 * applies to it, and nothing the application does with its own producers affects it.
 * <p>
 * It is {@link ShadowExempt}: shadow-kafka's guards leave it as it is, and the leak audit lists it
 * as shadowtx's own channel.
 * <p>
 * The producer never joins a transaction and waits at most {@code max.block.ms} (1 s unless
 * overridden) for metadata; it runs on the publisher thread only.
 */
public final class KafkaExchangeSink implements ExchangeSink, ShadowExempt {

    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(2);

    private final String topic;

    private final KafkaProducer<String, byte[]> producer;

    /**
     * Create the producer (no connection is made before the first record).
     * @param topic where records go
     * @param configuration producer configuration (spring.kafka.* and the capture overrides)
     */
    public KafkaExchangeSink(String topic, Map<String, Object> configuration) {
        this.topic = topic;
        this.producer = new KafkaProducer<>(
                producerConfiguration(configuration), new StringSerializer(), new ByteArraySerializer());
    }

    /**
     * The configuration the producer runs with: the given one without transactions or
     * interceptors, with a short metadata wait and its own client id unless set.
     * @param configuration producer configuration (spring.kafka.* and the capture overrides)
     * @return the effective configuration
     */
    static Map<String, Object> producerConfiguration(Map<String, Object> configuration) {
        Map<String, Object> effective = new HashMap<>();
        effective.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 1000);
        effective.put(ProducerConfig.CLIENT_ID_CONFIG, "shadow-compare-capture");
        effective.put(ProducerConfig.LINGER_MS_CONFIG, 20);
        effective.putAll(configuration);
        effective.remove(ProducerConfig.TRANSACTIONAL_ID_CONFIG);
        effective.remove(ProducerConfig.INTERCEPTOR_CLASSES_CONFIG);
        effective.remove(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG);
        effective.remove(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG);
        return effective;
    }

    @Override
    public void send(String id, byte[] record, CaptureCounters counters) {
        this.producer.send(new ProducerRecord<>(this.topic, id, record), (metadata, exception) -> {
            if (exception == null) {
                counters.published();
            } else {
                counters.droppedSendFailed();
            }
        });
    }

    @Override
    public void close() {
        this.producer.close(CLOSE_TIMEOUT);
    }
}
