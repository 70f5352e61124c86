package dev.shadowtx.core.context;

import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Holds the {@link ShadowContext} of the unit of work running on the current thread.
 * <p>
 * Binding returns a {@link Scope} that restores whatever was bound before when it closes, so
 * scopes nest and a pooled thread always goes back to the state it had. Binding {@code null}
 * opens an explicitly live scope. The MDC key {@value #MDC_KEY} follows the holder when SLF4J is
 * on the classpath.
 */
public final class ShadowContextHolder {

    /**
     * MDC key that carries the mode ({@code shadow} or {@code synthetic}) while a shadow context is bound.
     */
    public static final String MDC_KEY = "shadow";

    private static final ThreadLocal<@Nullable ShadowContext> CURRENT = new ThreadLocal<>();

    private static final boolean MDC_PRESENT = isPresent("org.slf4j.MDC");

    private ShadowContextHolder() {}

    /**
     * Return the context bound to the current thread.
     * @return the context, or {@code null} when the current unit of work is live
     */
    public static @Nullable ShadowContext current() {
        return CURRENT.get();
    }

    /**
     * Whether the current unit of work is shadow (or synthetic).
     * @return {@code true} when a context is bound
     */
    public static boolean isShadow() {
        return CURRENT.get() != null;
    }

    /**
     * Return the mode of the current unit of work.
     * @return the mode, empty when live
     */
    public static Optional<ShadowMode> currentMode() {
        ShadowContext context = CURRENT.get();
        return (context != null) ? Optional.of(context.mode()) : Optional.empty();
    }

    /**
     * Bind a context for the duration of a scope.
     * @param context the context to bind, or {@code null} for an explicitly live scope
     * @return a scope to close (try-with-resources) when the unit of work ends
     */
    public static Scope bind(@Nullable ShadowContext context) {
        ShadowContext previous = CURRENT.get();
        set(context);
        return new Scope(previous);
    }

    /**
     * Set the context of the current thread without a scope. Prefer {@link #bind}; this exists
     * for integrations whose bind and clear happen in separate callbacks.
     * @param context the context, or {@code null} to clear
     */
    public static void set(@Nullable ShadowContext context) {
        // null is set rather than removed: the thread's entry stays, so binding again allocates none
        CURRENT.set(context);
        if (MDC_PRESENT) {
            Mdc.apply(context);
        }
    }

    /**
     * Clear the context of the current thread.
     */
    public static void clear() {
        set(null);
    }

    private static boolean isPresent(String className) {
        try {
            Class.forName(className, false, ShadowContextHolder.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException | LinkageError ex) {
            return false;
        }
    }

    /**
     * Restores the previously bound context when closed. Closing twice has no further effect.
     */
    public static final class Scope implements AutoCloseable {

        private final @Nullable ShadowContext previous;

        private boolean closed;

        private Scope(@Nullable ShadowContext previous) {
            this.previous = previous;
        }

        @Override
        public void close() {
            if (!this.closed) {
                this.closed = true;
                set(this.previous);
            }
        }
    }

    /**
     * Keeps the SLF4J dependency in a class that is loaded only when SLF4J is present.
     */
    private static final class Mdc {

        static void apply(@Nullable ShadowContext context) {
            if (context == null) {
                org.slf4j.MDC.remove(MDC_KEY);
            } else {
                org.slf4j.MDC.put(MDC_KEY, context.mode().markerValue());
            }
        }
    }
}
