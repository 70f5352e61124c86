package dev.shadowtx.kafka.streams;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shadowtx.kafka.testsupport.TopicRecords;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * A marked record and its live twin sent to a topology's input, and where each of them ends up.
 */
final class StreamsSinks {

    private StreamsSinks() {}

    /**
     * Send a marked record, then its live twin, to a topic of one partition.
     * @param topic the input topic
     * @param prefix what the keys start with
     * @param marker the marker header's name and value
     * @return the keys sent
     */
    static Sent markedAndLive(String topic, String prefix, String... marker) {
        Sent sent = new Sent(TopicRecords.key(prefix + "-shadow"), TopicRecords.key(prefix + "-live"));
        TopicRecords.send(topic, sent.shadowKey(), marker);
        TopicRecords.send(topic, sent.liveKey());
        return sent;
    }

    /**
     * Wait for the live twin on the live sink, and check the marked record is not there.
     * @param sink the live sink topic
     * @param sent the keys sent
     * @return the live twin's output
     */
    static ConsumerRecord<String, String> liveTwinOnlyOnTheLiveSink(String sink, Sent sent) {
        List<ConsumerRecord<String, String>> live = TopicRecords.awaitWithKey(sink, sent.liveKey());
        assertThat(live).extracting(ConsumerRecord::key).containsExactly(sent.liveKey());
        assertThat(TopicRecords.withKeys(sink, false, sent.shadowKey())).isEmpty();
        return live.get(0);
    }

    /**
     * Wait for the marked record on the shadow sink, still marked.
     * @param sink the live sink topic, whose shadow topic is checked
     * @param sent the keys sent
     * @param mode the marker value expected on the output
     */
    static void markedOnTheShadowSink(String sink, Sent sent, String mode) {
        assertThat(TopicRecords.awaitWithKey(sink + ".shadow", sent.shadowKey()))
                .singleElement()
                .satisfies((record) ->
                        assertThat(TopicRecords.header(record, "X-Shadow")).isEqualTo(mode));
    }

    /**
     * The keys of a marked record and of its live twin.
     */
    record Sent(String shadowKey, String liveKey) {}
}
