package dev.shadowtx.kafka.consumer;

/**
 * Implemented by consumers created through {@link ShadowConsumerPostProcessor}: when enabled, a
 * poll never returns live and shadow records together. Enabled by {@link ShadowBatchInterceptor}
 * before each poll of a batch listener, so record listeners (which bind per record) keep whole
 * polls.
 * <p>
 * A consumer that no shadow interceptor ever prepared for a poll is used outside a listener
 * container (a poll loop of the application's own), where no record's context can be bound: its
 * polls leave out marked records unless it is shadow-aware.
 */
public interface MixedPollSplitting {

    /**
     * Enable or disable splitting of mixed polls.
     * @param enabled whether the next polls are cut to their first homogeneous run
     */
    void splitMixedPolls(boolean enabled);

    /**
     * Tell the consumer that a listener container with the shadow interceptors polls it, so
     * marked records reach the interceptors, which bind or skip them.
     */
    void boundByListenerContainer();
}
