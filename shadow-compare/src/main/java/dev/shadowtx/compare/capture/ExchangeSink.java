package dev.shadowtx.compare.capture;

import java.util.Arrays;

/**
 * Where serialized exchange records go. Called on the publisher thread only.
 */
public interface ExchangeSink extends AutoCloseable {

    /**
     * Send one record without waiting for the broker; report its fate to the counters.
     * @param id the correlation id, the record's key
     * @param record the record, UTF-8 JSON
     * @param counters where a failed send is counted as dropped
     */
    void send(String id, byte[] record, CaptureCounters counters);

    /**
     * Send one record that the publisher wrote into a buffer it reuses: the record is the
     * buffer's first {@code length} bytes, and only until this method returns. This default copies
     * them for {@link #send(String, byte[], CaptureCounters)}; a sink done with the bytes when it
     * returns reads them in place and spares the copy.
     * @param id the correlation id, the record's key
     * @param buffer holds the record, UTF-8 JSON
     * @param length the record's length in bytes
     * @param counters where a failed send is counted as dropped
     */
    default void send(String id, byte[] buffer, int length, CaptureCounters counters) {
        send(id, Arrays.copyOf(buffer, length), counters);
    }

    /**
     * Release the connection to the broker, waiting a bounded time for records in flight.
     */
    @Override
    void close();
}
