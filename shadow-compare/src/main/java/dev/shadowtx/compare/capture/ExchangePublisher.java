package dev.shadowtx.compare.capture;

import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * Publishes captured exchanges off the request thread: the request thread only offers the capture
 * to a bounded queue (a full queue drops it and counts it), and one daemon thread writes the
 * records and hands them to the {@link ExchangeSink}. A slow or absent broker therefore costs a
 * request nothing: it fills the queue, and records are dropped.
 * <p>
 * The thread runs with no shadow context: the records are the library's own channel and are
 * never rerouted, whatever the mode of the exchange they describe.
 */
public final class ExchangePublisher implements AutoCloseable {

    private static final Log logger = LogFactory.getLog(ExchangePublisher.class);

    private static final Duration DRAIN_TIMEOUT = Duration.ofSeconds(2);

    private final ArrayBlockingQueue<CapturedExchange> queue;

    private final ExchangeRecordWriter writer;

    private final ExchangeSink sink;

    private final CaptureCounters counters;

    private final Thread thread;

    private volatile boolean running = true;

    /**
     * Create a publisher and start its thread.
     * @param capacity records waiting at most
     * @param identity who writes the records
     * @param requestHeaders request headers the records carry
     * @param responseHeaders response headers the records carry
     * @param redaction what is hashed before a record leaves
     * @param sink where records go
     * @param counters what happened to records
     */
    public ExchangePublisher(
            int capacity,
            ServiceIdentity identity,
            java.util.List<String> requestHeaders,
            java.util.List<String> responseHeaders,
            Redaction redaction,
            ExchangeSink sink,
            CaptureCounters counters) {
        if (capacity < 1) {
            throw new IllegalArgumentException(
                    "shadow.compare.capture.queue-capacity must be at least 1, was " + capacity);
        }
        this.queue = new ArrayBlockingQueue<>(capacity);
        this.writer = new ExchangeRecordWriter(identity, requestHeaders, responseHeaders, redaction);
        this.sink = sink;
        this.counters = counters;
        this.thread = new Thread(this::run, "shadow-compare-capture");
        this.thread.setDaemon(true);
        this.thread.start();
    }

    /**
     * Queue a finished exchange for publication, or drop it at once when the queue is full.
     * @param exchange the exchange
     */
    public void offer(CapturedExchange exchange) {
        if (this.queue.offer(exchange)) {
            this.counters.captured();
        } else {
            this.counters.droppedQueueFull();
            exchange.release();
        }
    }

    /**
     * Count a sampled exchange that is not published because its response was a stream.
     * @param exchange the exchange
     */
    public void skipStreaming(CapturedExchange exchange) {
        this.counters.skippedStreaming();
        exchange.release();
    }

    private void run() {
        while (this.running || !this.queue.isEmpty()) {
            CapturedExchange exchange;
            try {
                exchange = this.running ? this.queue.take() : this.queue.poll();
            } catch (InterruptedException ex) {
                // close() interrupts the wait: publish what is left, then stop
                continue;
            }
            if (exchange == null) {
                return;
            }
            publish(exchange);
        }
    }

    private void publish(CapturedExchange exchange) {
        try {
            JsonBytes record = this.writer.write(exchange);
            this.sink.send(exchange.id(), record.buffer(), record.length(), this.counters);
        } catch (RuntimeException ex) {
            this.counters.droppedSendFailed();
            logger.debug("Exchange record " + exchange.id() + " dropped", ex);
        } finally {
            exchange.release();
        }
    }

    /**
     * Publish what is queued (waiting a bounded time) and stop the thread; the sink is closed by its owner.
     */
    @Override
    public void close() {
        this.running = false;
        this.thread.interrupt();
        try {
            this.thread.join(DRAIN_TIMEOUT.toMillis());
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
        if (!this.queue.isEmpty()) {
            logger.debug(this.queue.size() + " exchange records not published at shutdown");
        }
    }

    int queued() {
        return this.queue.size();
    }
}
