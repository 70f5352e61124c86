package dev.shadowtx.async.autoconfigure;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Configuration properties of the shadow context's propagation across threads. Both are on by
 * default: switching one off lets work that a shadow request hands to another thread run live.
 */
@ConfigurationProperties("shadow.async")
public class ShadowAsyncProperties {

    /**
     * Whether executor and scheduler beans carry the shadow context from the submitting thread to
     * the thread that runs the task.
     */
    private boolean executors = true;

    /**
     * Whether to turn on Reactor's automatic context propagation, so that Reactor operators on
     * any scheduler see the shadow context of the subscriber.
     */
    private boolean reactor = true;

    public boolean isExecutors() {
        return this.executors;
    }

    public void setExecutors(boolean executors) {
        this.executors = executors;
    }

    public boolean isReactor() {
        return this.reactor;
    }

    public void setReactor(boolean reactor) {
        this.reactor = reactor;
    }
}
