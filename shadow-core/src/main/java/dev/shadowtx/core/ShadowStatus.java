package dev.shadowtx.core;

import dev.shadowtx.core.context.ShadowContext;
import dev.shadowtx.core.context.ShadowContextHolder;
import dev.shadowtx.core.context.ShadowMode;
import java.util.Optional;

/**
 * Answers, for code that must ask, whether the current unit of work is shadow traffic. This is
 * the injectable form of {@link ShadowTraffic}: depend on it where a test should be able to
 * substitute the answer; call {@link ShadowTraffic} where no bean is at hand.
 * <p>
 * Prefer a guard or {@code @LiveOnly} to branching on the answer: code that asks must also get
 * the shadow branch right.
 */
public interface ShadowStatus {

    /**
     * The status read from the thread-bound {@link ShadowContextHolder}.
     */
    ShadowStatus THREAD_BOUND = () -> Optional.ofNullable(ShadowContextHolder.current());

    /**
     * Return the context of the current unit of work.
     * @return the context, empty when live
     */
    Optional<ShadowContext> currentContext();

    /**
     * Whether the current unit of work is shadow or synthetic, that is, isolated.
     * @return {@code true} when a shadow context is bound
     */
    default boolean isShadow() {
        return currentContext().isPresent();
    }

    /**
     * Whether the current unit of work is live.
     * @return {@code true} when no shadow context is bound
     */
    default boolean isLive() {
        return !isShadow();
    }

    /**
     * Return the mode of the current unit of work.
     * @return {@code SHADOW} or {@code SYNTHETIC}, empty when live
     */
    default Optional<ShadowMode> currentMode() {
        return currentContext().map(ShadowContext::mode);
    }
}
