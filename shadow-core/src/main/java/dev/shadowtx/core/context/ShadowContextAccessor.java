package dev.shadowtx.core.context;

import io.micrometer.context.ThreadLocalAccessor;
import org.jspecify.annotations.Nullable;

/**
 * Lets Micrometer context-propagation carry the shadow context across threads: task decorators,
 * Reactor's automatic context propagation and {@code ContextSnapshot}s all use it. Registered
 * through {@code META-INF/services/io.micrometer.context.ThreadLocalAccessor}.
 */
public final class ShadowContextAccessor implements ThreadLocalAccessor<ShadowContext> {

    /**
     * Key under which the context is captured in a context snapshot or a Reactor context.
     */
    public static final String KEY = "dev.shadowtx.context";

    @Override
    public Object key() {
        return KEY;
    }

    @Override
    public @Nullable ShadowContext getValue() {
        return ShadowContextHolder.current();
    }

    @Override
    public void setValue(ShadowContext value) {
        ShadowContextHolder.set(value);
    }

    @Override
    public void setValue() {
        ShadowContextHolder.clear();
    }

    @Override
    public void restore(ShadowContext previousValue) {
        ShadowContextHolder.set(previousValue);
    }

    @Override
    public void restore() {
        ShadowContextHolder.clear();
    }
}
