package dev.shadowtx.compare.capture;

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
     * Release the connection to the broker, waiting a bounded time for records in flight.
     */
    @Override
    void close();
}
