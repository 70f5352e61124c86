package dev.shadowtx.materialize.source;

import dev.shadowtx.materialize.ChangeEvent;
import dev.shadowtx.materialize.ChangeEventParser;
import dev.shadowtx.materialize.ChangeSource;
import dev.shadowtx.materialize.MaterializeStatus;
import dev.shadowtx.materialize.ShadowStoreApplier;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.jspecify.annotations.Nullable;

/**
 * Reads Debezium change topics from Kafka (Debezium's PostgreSQL connector running on Kafka
 * Connect, the JSON converter with or without schemas): one Connect pipeline can feed any number
 * of shadow stores, each with a consumer group of its own. Offsets are committed to Kafka only
 * after the applier has committed the batch; on a failure the consumer is recreated and resumes
 * from the last committed offset.
 */
public final class KafkaChangeSource implements ChangeSource {

    private static final Log logger = LogFactory.getLog(KafkaChangeSource.class);

    private static final Duration POLL = Duration.ofMillis(500);

    private final Map<String, Object> consumerConfig;

    private final List<String> topics;

    private final ChangeEventParser parser = new ChangeEventParser();

    private volatile boolean running;

    private volatile @Nullable KafkaConsumer<String, String> consumer;

    private volatile @Nullable Thread thread;

    /**
     * Create the source.
     * @param consumerConfig the Kafka consumer's configuration ({@code bootstrap.servers}, {@code group.id}, …)
     * @param topics the change topics, one per table
     */
    public KafkaChangeSource(Map<String, Object> consumerConfig, List<String> topics) {
        Map<String, Object> config = new HashMap<>(consumerConfig);
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.putIfAbsent(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        this.consumerConfig = config;
        this.topics = List.copyOf(topics);
    }

    @Override
    public void start(ShadowStoreApplier applier, MaterializeStatus status) {
        this.running = true;
        Thread poller = new Thread(() -> run(applier, status), "shadowtx-materialize-kafka");
        poller.setDaemon(true);
        this.thread = poller;
        poller.start();
    }

    private void run(ShadowStoreApplier applier, MaterializeStatus status) {
        long backoff = 100;
        while (this.running) {
            try (KafkaConsumer<String, String> kafka =
                    new KafkaConsumer<>(this.consumerConfig, new StringDeserializer(), new StringDeserializer())) {
                this.consumer = kafka;
                kafka.subscribe(this.topics);
                status.running();
                while (this.running) {
                    ConsumerRecords<String, String> records = kafka.poll(POLL);
                    if (records.isEmpty()) {
                        continue;
                    }
                    List<ChangeEvent> events = new ArrayList<>(records.count());
                    for (ConsumerRecord<String, String> record : records) {
                        ChangeEvent event = this.parser.parse(
                                record.value(), record.topic() + "-" + record.partition() + "@" + record.offset());
                        if (event != null) {
                            events.add(event);
                        }
                    }
                    applier.apply(events);
                    kafka.commitSync();
                    backoff = 100;
                }
            } catch (WakeupException ex) {
                // stop() woke the consumer up
            } catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException ex) {
                if (!this.running) {
                    return;
                }
                logger.error(
                        "The change stream from " + description() + " failed; resuming from the last committed offset",
                        ex);
                status.failed(String.valueOf(ex.getMessage()));
                try {
                    Thread.sleep(backoff);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    return;
                }
                backoff = Math.min(backoff * 2, 30_000);
            } finally {
                this.consumer = null;
            }
        }
    }

    @Override
    public void stop() {
        this.running = false;
        KafkaConsumer<String, String> kafka = this.consumer;
        if (kafka != null) {
            kafka.wakeup();
        }
        Thread poller = this.thread;
        if (poller != null) {
            try {
                poller.join(30_000);
            } catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public String description() {
        return "kafka " + this.topics + " (group " + this.consumerConfig.get(ConsumerConfig.GROUP_ID_CONFIG) + ")";
    }
}
