package dev.shadowtx.kafka.consumer;

import dev.shadowtx.core.context.ShadowMode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.BiConsumer;
import java.util.function.Function;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.jspecify.annotations.Nullable;

/**
 * Cuts a poll result that mixes live and shadow records (or shadow and synthetic ones) down to
 * its first homogeneous run, and seeks the consumer back to the first record left out on every
 * partition, so the rest is fetched again by the next poll. Nothing is lost and the order within
 * each partition is kept; a listener only ever sees records of one kind at a time, so one
 * context (and one transaction) fits the whole batch.
 */
final class MixedBatches {

    private MixedBatches() {}

    /**
     * Return the first homogeneous run of a poll result, seeking the consumer back past it.
     * @param records the poll result
     * @param consumer the consumer that returned it
     * @param kind the mode of one record, {@code null} for live
     * @param <K> the key type
     * @param <V> the value type
     * @return {@code records} itself when it is homogeneous, else the run (never empty)
     */
    static <K, V> ConsumerRecords<K, V> firstRun(
            ConsumerRecords<K, V> records,
            Consumer<?, ?> consumer,
            Function<ConsumerRecord<K, V>, @Nullable ShadowMode> kind) {
        if (records.count() < 2) {
            return records;
        }
        Map<TopicPartition, List<ConsumerRecord<K, V>>> kept = new LinkedHashMap<>();
        Map<TopicPartition, ConsumerRecord<K, V>> cuts = new LinkedHashMap<>();
        boolean started = false;
        ShadowMode runKind = null;
        for (TopicPartition partition : records.partitions()) {
            List<ConsumerRecord<K, V>> list = records.records(partition);
            int end = 0;
            while (end < list.size()) {
                ShadowMode mode = kind.apply(list.get(end));
                if (!started) {
                    runKind = mode;
                    started = true;
                }
                if (!Objects.equals(mode, runKind)) {
                    break;
                }
                end++;
            }
            if (end > 0) {
                kept.put(partition, list.subList(0, end));
            }
            if (end < list.size()) {
                cuts.put(partition, list.get(end));
            }
        }
        if (cuts.isEmpty()) {
            return records;
        }
        Map<TopicPartition, OffsetAndMetadata> next = new HashMap<>(records.nextOffsets());
        cuts.forEach((partition, first) -> {
            OffsetAndMetadata position = new OffsetAndMetadata(first.offset(), first.leaderEpoch(), "");
            consumer.seek(partition, position);
            next.put(partition, position);
        });
        return new ConsumerRecords<>(kept, next);
    }

    /**
     * Return a poll result without its marked records.
     * @param records the poll result
     * @param kind the mode of one record, {@code null} for live
     * @param skipped told of each record left out, with its mode
     * @param <K> the key type
     * @param <V> the value type
     * @return {@code records} itself when it holds no marked record, else the live records (possibly
     * none), with the poll's next offsets so that the records left out count as consumed
     */
    static <K, V> ConsumerRecords<K, V> liveOnly(
            ConsumerRecords<K, V> records,
            Function<ConsumerRecord<K, V>, @Nullable ShadowMode> kind,
            BiConsumer<ConsumerRecord<K, V>, ShadowMode> skipped) {
        Map<TopicPartition, List<ConsumerRecord<K, V>>> live = new LinkedHashMap<>();
        boolean any = false;
        for (TopicPartition partition : records.partitions()) {
            List<ConsumerRecord<K, V>> kept = new ArrayList<>();
            for (ConsumerRecord<K, V> record : records.records(partition)) {
                ShadowMode mode = kind.apply(record);
                if (mode == null) {
                    kept.add(record);
                } else {
                    skipped.accept(record, mode);
                    any = true;
                }
            }
            if (!kept.isEmpty()) {
                live.put(partition, kept);
            }
        }
        return any ? new ConsumerRecords<>(live, records.nextOffsets()) : records;
    }
}
