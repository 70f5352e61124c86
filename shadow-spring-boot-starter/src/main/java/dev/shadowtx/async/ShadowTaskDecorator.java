package dev.shadowtx.async;

import dev.shadowtx.core.context.ShadowContextSnapshots;
import org.springframework.core.task.support.ContextPropagatingTaskDecorator;

/**
 * Spring's {@link ContextPropagatingTaskDecorator} limited to the shadow context: a task runs
 * with the shadow context of the thread that submitted it, or explicitly live when that thread
 * was live, and its thread gets its previous state back when the task ends. It touches no other
 * thread-local state, so it composes with any other decorator, including a
 * {@code ContextPropagatingTaskDecorator} over all registered accessors.
 *
 * @see ShadowContextSnapshots
 */
public class ShadowTaskDecorator extends ContextPropagatingTaskDecorator {

    /**
     * Create a decorator.
     */
    public ShadowTaskDecorator() {
        super(ShadowContextSnapshots.factory());
    }
}
