package dev.shadowtx.compare.analyzer;

/**
 * What the analyzer tells the outside world as it works, one call per group judged; the meters
 * implement it. Calls come from Kafka Streams threads and must not block.
 */
public interface AnalyzerEvents {

    /** Events that nobody listens to. */
    AnalyzerEvents NONE = new AnalyzerEvents() {};

    /** A primary was compared with at least one copy. */
    default void compared(String service, String endpoint) {}

    /** A record found no partner: a primary without copies, or a copy without a primary. */
    default void unmatched(String service, String endpoint, boolean primary) {}

    /** A record was not a readable exchange record and was skipped. */
    default void invalid(String reason) {}
}
