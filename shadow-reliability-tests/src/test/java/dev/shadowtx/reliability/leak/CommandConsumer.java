package dev.shadowtx.reliability.leak;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A consumer path of the leak matrix: a component of {@link LeakApplication} that consumes command
 * records (key = the cell's key, value = the channel) from its own topic, performs each through
 * {@link LeakApplication.SideEffects#performCommand} and keeps the outcome per key for the test to
 * read. A new consumer path is one such component and one {@link Path} constant naming it.
 */
abstract class CommandConsumer {

    /**
     * Value of a command that performs nothing and only records that the consumer got that far: a
     * sentinel sent after a command on the same single-partition topic proves the command was
     * polled past.
     */
    static final String SENTINEL = "SENTINEL";

    private final String topic;

    private final boolean skipsMarkedRecords;

    private final Map<String, String> outcomes = new ConcurrentHashMap<>();

    /**
     * Create the path of a topic.
     * @param topic the topic the consumer reads its commands from (one partition)
     * @param skipsMarkedRecords whether shadowtx promises to leave marked records out on this path
     */
    CommandConsumer(String topic, boolean skipsMarkedRecords) {
        this.topic = topic;
        this.skipsMarkedRecords = skipsMarkedRecords;
    }

    /**
     * Return the topic the consumer reads its commands from (one partition).
     */
    final String topic() {
        return this.topic;
    }

    /**
     * Return the outcome per command key, {@code <mode observed>:<outcome>}, written by the
     * consumer's thread.
     */
    final Map<String, String> outcomes() {
        return this.outcomes;
    }

    /**
     * Whether shadowtx promises to leave marked records out on this path rather than bind their
     * context: a marked cell then proves that its command was never delivered (a live sentinel
     * after it was).
     */
    final boolean skipsMarkedRecords() {
        return this.skipsMarkedRecords;
    }
}
