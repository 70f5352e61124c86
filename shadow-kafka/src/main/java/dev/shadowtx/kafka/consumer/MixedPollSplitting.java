package dev.shadowtx.kafka.consumer;

/**
 * Implemented by consumers created through {@link ShadowConsumerPostProcessor}: when enabled, a
 * poll never returns live and shadow records together. Enabled by {@link ShadowBatchInterceptor}
 * before each poll of a batch listener, so record listeners (which bind per record) keep whole
 * polls.
 */
public interface MixedPollSplitting {

    /**
     * Enable or disable splitting of mixed polls.
     * @param enabled whether the next polls are cut to their first homogeneous run
     */
    void splitMixedPolls(boolean enabled);
}
