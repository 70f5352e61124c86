package dev.shadowtx.kafka.consumer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shadowtx.core.context.ShadowMode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.common.TopicPartition;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

class MixedBatchesTests {

    private static final TopicPartition P0 = new TopicPartition("stock", 0);

    private static final TopicPartition P1 = new TopicPartition("stock", 1);

    private final MockConsumer<String, String> consumer = new MockConsumer<>("earliest");

    MixedBatchesTests() {
        this.consumer.assign(List.of(P0, P1));
        this.consumer.updateBeginningOffsets(Map.of(P0, 0L, P1, 0L));
        this.consumer.seek(P0, 10);
        this.consumer.seek(P1, 20);
    }

    @Test
    void homogeneousPollIsLeftAlone() {
        ConsumerRecords<String, String> records = records(Map.of(P0, List.of(live(P0, 0), live(P0, 1))));
        assertThat(MixedBatches.firstRun(records, this.consumer, MixedBatchesTests::kind))
                .isSameAs(records);
        assertThat(this.consumer.position(P0)).isEqualTo(10);
    }

    @Test
    void mixedPollIsCutToItsFirstRunOnEveryPartitionAndTheRestIsSoughtBack() {
        LinkedHashMap<TopicPartition, List<ConsumerRecord<String, String>>> both = new LinkedHashMap<>();
        both.put(P0, List.of(live(P0, 0), live(P0, 1), shadow(P0, 2), live(P0, 3)));
        both.put(P1, List.of(shadow(P1, 7), live(P1, 8)));

        ConsumerRecords<String, String> run =
                MixedBatches.firstRun(new ConsumerRecords<>(both, Map.of()), this.consumer, MixedBatchesTests::kind);

        assertThat(run.partitions()).containsExactly(P0);
        assertThat(run.records(P0)).extracting(ConsumerRecord::offset).containsExactly(0L, 1L);
        assertThat(this.consumer.position(P0)).isEqualTo(2);
        assertThat(this.consumer.position(P1)).isEqualTo(7);
        assertThat(run.nextOffsets().get(P0).offset()).isEqualTo(2);
    }

    private static @Nullable ShadowMode kind(ConsumerRecord<String, String> record) {
        return "shadow".equals(record.value()) ? ShadowMode.SHADOW : null;
    }

    private static ConsumerRecords<String, String> records(
            Map<TopicPartition, List<ConsumerRecord<String, String>>> map) {
        return new ConsumerRecords<>(map, Map.of());
    }

    private static ConsumerRecord<String, String> live(TopicPartition partition, long offset) {
        return new ConsumerRecord<>(partition.topic(), partition.partition(), offset, "k" + offset, "live");
    }

    private static ConsumerRecord<String, String> shadow(TopicPartition partition, long offset) {
        return new ConsumerRecord<>(partition.topic(), partition.partition(), offset, "k" + offset, "shadow");
    }
}
