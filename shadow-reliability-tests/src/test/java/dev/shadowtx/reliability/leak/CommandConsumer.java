package dev.shadowtx.reliability.leak;

import java.util.Map;

/**
 * A consumer path of the leak matrix: a component of {@link LeakApplication} that consumes command
 * records (key = the cell's key, value = the channel) from its own topic, performs each through
 * {@link LeakApplication.SideEffects#performCommand} and keeps the outcome per key for the test to
 * read. A new consumer path is one such component and one {@link Path} constant naming it.
 */
interface CommandConsumer {

    /**
     * Value of a command that performs nothing and only records that the consumer got that far: a
     * sentinel sent after a command on the same single-partition topic proves the command was
     * polled past.
     */
    String SENTINEL = "SENTINEL";

    /**
     * Return the topic the consumer reads its commands from (one partition).
     */
    String topic();

    /**
     * Return the outcome per command key, {@code <mode observed>:<outcome>}, written by the
     * consumer's thread.
     */
    Map<String, String> outcomes();

    /**
     * Whether shadowtx promises to leave marked records out on this path rather than bind their
     * context: a marked cell then proves that its command was never delivered (a live sentinel
     * after it was).
     */
    default boolean skipsMarkedRecords() {
        return false;
    }
}
