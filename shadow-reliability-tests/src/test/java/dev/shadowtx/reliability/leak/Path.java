package dev.shadowtx.reliability.leak;

/**
 * The thread a side effect runs on. Virtual threads need Java 21+ and are covered by the
 * starter's {@code virtual-threads} profile, not here.
 */
enum Path {
    REQUEST_THREAD,
    ASYNC,
    COMPLETABLE_FUTURE,
    REACTOR,
    KAFKA_LISTENER,
    /**
     * A processor of a {@code KafkaStreams} the application built itself and declared as a bean.
     */
    KAFKA_STREAMS_BUILT_BY_HAND,
    /**
     * The application's own poll loop over a consumer factory of its own that is no
     * {@code DefaultKafkaConsumerFactory}: a marked record never reaches it, a live one runs live.
     */
    KAFKA_POLL_LOOP_OWN_CONSUMER_FACTORY
}
