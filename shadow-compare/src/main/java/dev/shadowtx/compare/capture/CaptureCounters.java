package dev.shadowtx.compare.capture;

import java.util.concurrent.atomic.LongAdder;

/**
 * What happened to captured exchanges, counted without allocation on the request thread; the
 * auto-configuration exposes the counts as {@code shadow.compare.capture.*} meters.
 */
public final class CaptureCounters {

    private final LongAdder captured = new LongAdder();

    private final LongAdder published = new LongAdder();

    private final LongAdder droppedQueueFull = new LongAdder();

    private final LongAdder droppedSendFailed = new LongAdder();

    private final LongAdder skippedStreaming = new LongAdder();

    void captured() {
        this.captured.increment();
    }

    /**
     * Count a record the broker acknowledged.
     */
    public void published() {
        this.published.increment();
    }

    void droppedQueueFull() {
        this.droppedQueueFull.increment();
    }

    /**
     * Count a record the producer failed to deliver.
     */
    public void droppedSendFailed() {
        this.droppedSendFailed.increment();
    }

    void skippedStreaming() {
        this.skippedStreaming.increment();
    }

    /**
     * Exchanges captured and handed to the publisher.
     * @return the count
     */
    public long capturedCount() {
        return this.captured.sum();
    }

    /**
     * Records acknowledged by the broker.
     * @return the count
     */
    public long publishedCount() {
        return this.published.sum();
    }

    /**
     * Records dropped because the publication queue was full.
     * @return the count
     */
    public long droppedQueueFullCount() {
        return this.droppedQueueFull.sum();
    }

    /**
     * Records dropped because the producer could not deliver them.
     * @return the count
     */
    public long droppedSendFailedCount() {
        return this.droppedSendFailed.sum();
    }

    /**
     * Sampled exchanges not captured because their response was a stream.
     * @return the count
     */
    public long skippedStreamingCount() {
        return this.skippedStreaming.sum();
    }
}
