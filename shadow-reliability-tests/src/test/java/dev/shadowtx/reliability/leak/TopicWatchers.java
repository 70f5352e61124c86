package dev.shadowtx.reliability.leak;

import dev.shadowtx.test.kafka.LiveTopics;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Supplier;

/**
 * One {@link LiveTopics} per thread: the matrix runs its cells concurrently, and a
 * {@code LiveTopics} keeps one consumer, which is not thread-safe. A mark holds only end offsets,
 * so every watcher of the same topics reads it alike.
 */
final class TopicWatchers implements AutoCloseable {

    private final Queue<LiveTopics> opened = new ConcurrentLinkedQueue<>();

    private final ThreadLocal<LiveTopics> current;

    TopicWatchers(Supplier<LiveTopics> watcher) {
        this.current = ThreadLocal.withInitial(() -> {
            LiveTopics topics = watcher.get();
            this.opened.add(topics);
            return topics;
        });
    }

    /**
     * Return the watcher of the calling thread, opened on first use.
     */
    LiveTopics get() {
        return this.current.get();
    }

    /**
     * Return how many watchers were opened: one per thread that ran a cell.
     */
    int opened() {
        return this.opened.size();
    }

    @Override
    public void close() {
        this.opened.forEach(LiveTopics::close);
    }
}
