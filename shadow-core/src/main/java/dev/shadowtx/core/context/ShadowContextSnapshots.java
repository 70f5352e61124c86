package dev.shadowtx.core.context;

import io.micrometer.context.ContextRegistry;
import io.micrometer.context.ContextSnapshot;
import io.micrometer.context.ContextSnapshotFactory;

/**
 * Captures the shadow context, and only it, for another thread: every executor decoration and
 * wrapper of shadowtx uses this factory.
 * <p>
 * Two choices make it safe on pooled threads, where the global
 * {@link ContextRegistry#getInstance() registry} would not be:
 * <ul>
 * <li>its registry holds only the {@link ShadowContextAccessor}, so it never touches (or clears)
 * another library's thread-local state such as observations or security contexts;</li>
 * <li>it clears what the snapshot does not hold: work captured on a live thread runs live even on
 * a thread that some faulty code left shadow, and the thread gets its previous state back when
 * the work ends.</li>
 * </ul>
 */
public final class ShadowContextSnapshots {

    private static final ContextSnapshotFactory FACTORY = ContextSnapshotFactory.builder()
            .contextRegistry(new ContextRegistry().registerThreadLocalAccessor(new ShadowContextAccessor()))
            .clearMissing(true)
            .build();

    private ShadowContextSnapshots() {}

    /**
     * Return the factory that captures the shadow context of the current thread.
     * @return a factory limited to {@link ShadowContextAccessor#KEY}, clearing missing values
     */
    public static ContextSnapshotFactory factory() {
        return FACTORY;
    }

    /**
     * Capture the shadow context of the current thread (or its absence).
     * @return a snapshot that, once applied on another thread, makes it shadow exactly when the
     * current thread is
     */
    public static ContextSnapshot capture() {
        return FACTORY.captureAll();
    }
}
