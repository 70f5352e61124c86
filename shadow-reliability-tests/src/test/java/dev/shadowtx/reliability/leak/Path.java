package dev.shadowtx.reliability.leak;

import org.jspecify.annotations.Nullable;

/**
 * The thread a side effect runs on. Virtual threads need Java 21+ and are covered by the
 * starter's {@code virtual-threads} profile, not here. A consumer path names the
 * {@link CommandConsumer} component of {@link LeakApplication} that runs its command records; the
 * others are reached over HTTP.
 */
enum Path {
    REQUEST_THREAD,
    ASYNC,
    COMPLETABLE_FUTURE,
    REACTOR,
    KAFKA_LISTENER(LeakApplication.CommandListener.class),
    /**
     * A processor of a {@code KafkaStreams} the application built itself and declared as a bean.
     */
    KAFKA_STREAMS_BUILT_BY_HAND(LeakApplication.CommandStreams.class),
    /**
     * The application's own poll loop over a consumer factory of its own that is no
     * {@code DefaultKafkaConsumerFactory}: a marked record never reaches it, a live one runs live.
     */
    KAFKA_POLL_LOOP_OWN_CONSUMER_FACTORY(LeakApplication.CommandPollLoop.class),
    /**
     * A processor of a topology declared the way Spring users do: {@code @EnableKafkaStreams} and a
     * {@code KStream} bean on Boot's {@code StreamsBuilderFactoryBean}.
     */
    KAFKA_STREAMS_SPRING_FACTORY_BEAN(StreamsFactoryBeanCommands.class),
    /**
     * The application's own poll loop over a {@code KafkaConsumer} declared as a bean: a marked
     * record never reaches it, a live one runs live.
     */
    KAFKA_CONSUMER_BEAN(ConsumerBeanCommands.class),
    /**
     * A functional {@code Consumer} bean bound by Spring Cloud Stream's Kafka binder, in a context
     * of its own ({@link StreamBinderLeakMatrixTests}).
     */
    KAFKA_STREAM_BINDER(StreamBinderCommands.class),
    /**
     * A flow fed by spring-integration-kafka's message-driven channel adapter over a container
     * made by Boot's container factory.
     */
    SPRING_INTEGRATION_KAFKA(IntegrationCommands.class);

    private final @Nullable Class<? extends CommandConsumer> consumer;

    Path() {
        this(null);
    }

    Path(@Nullable Class<? extends CommandConsumer> consumer) {
        this.consumer = consumer;
    }

    /**
     * Return the component that consumes this path's command records, {@code null} for a path
     * reached over HTTP.
     */
    @Nullable
    Class<? extends CommandConsumer> consumer() {
        return this.consumer;
    }
}
