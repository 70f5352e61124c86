package dev.shadowtx.core;

import dev.shadowtx.core.context.MarkerSource;
import dev.shadowtx.core.context.ShadowContext;
import dev.shadowtx.core.context.ShadowContextHolder;
import dev.shadowtx.core.context.ShadowContextSnapshots;
import dev.shadowtx.core.context.ShadowMode;
import io.micrometer.context.ContextExecutorService;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Static entry point for code that must ask whether it runs as shadow traffic, or that hands work
 * to a thread shadowtx does not manage ({@code new Thread()}, {@code ForkJoinPool.commonPool()},
 * an executor that is not a bean). The injectable equivalent of the questions is
 * {@link ShadowStatus}.
 * <pre class="code">
 * if (ShadowTraffic.isShadow()) { ... }
 * new Thread(ShadowTraffic.wrap(() -&gt; repository.save(order))).start();
 * CompletableFuture.runAsync(task, ShadowTraffic.wrap(ForkJoinPool.commonPool()));
 * </pre>
 */
public final class ShadowTraffic {

    private ShadowTraffic() {}

    /**
     * Whether the current unit of work is shadow or synthetic, that is, isolated.
     * @return {@code true} when a shadow context is bound to the current thread
     */
    public static boolean isShadow() {
        return ShadowContextHolder.isShadow();
    }

    /**
     * Whether the current unit of work is live.
     * @return {@code true} when no shadow context is bound to the current thread
     */
    public static boolean isLive() {
        return !ShadowContextHolder.isShadow();
    }

    /**
     * Return the mode of the current unit of work.
     * @return {@code SHADOW} or {@code SYNTHETIC}, empty when live
     */
    public static Optional<ShadowMode> currentMode() {
        return ShadowContextHolder.currentMode();
    }

    /**
     * Return the context of the current unit of work.
     * @return the context, empty when live
     */
    public static Optional<ShadowContext> currentContext() {
        return Optional.ofNullable(ShadowContextHolder.current());
    }

    /**
     * Return the status backed by the current thread, for APIs that take a {@link ShadowStatus}.
     * @return the thread-bound status
     */
    public static ShadowStatus status() {
        return ShadowStatus.THREAD_BOUND;
    }

    /**
     * Run work as an isolated unit of work, for example a synthetic check started by a job.
     * Nothing it does commits; the previous state of the thread is restored afterwards.
     * <p>
     * It refuses to start inside a live transaction of the current thread: the work would join
     * that transaction (and its connection) and commit with it. Call it outside the transaction,
     * or from a method that suspends it ({@code Propagation.NOT_SUPPORTED}); inside a shadow unit
     * of work it runs, since that transaction never commits.
     * @param mode {@code SHADOW} or {@code SYNTHETIC}
     * @param work the work
     * @throws IllegalStateException when called inside a live transaction; the work has not run
     */
    public static void runIsolated(ShadowMode mode, Runnable work) {
        if (ShadowContextHolder.current() == null && TransactionSynchronizationManager.isActualTransactionActive()) {
            throw new IllegalStateException("ShadowTraffic.runIsolated was called inside a live transaction ("
                    + TransactionSynchronizationManager.getCurrentTransactionName() + "): the isolated work would "
                    + "join it and commit with it, so it was not run. Call it outside the transaction, or from a "
                    + "method with Propagation.NOT_SUPPORTED");
        }
        ShadowContext context = ShadowContext.of(mode, MarkerSource.PROGRAMMATIC);
        try (ShadowContextHolder.Scope scope = ShadowContextHolder.bind(context)) {
            work.run();
        }
    }

    /**
     * Wrap work so that it runs, on whatever thread, with the shadow context of the current
     * thread (or explicitly live when the current thread is live), and leaves that thread as it
     * found it.
     * @param work the work
     * @return the wrapped work; capture happens now, not when it runs
     */
    public static Runnable wrap(Runnable work) {
        return ShadowContextSnapshots.capture().wrap(work);
    }

    /**
     * Wrap work so that it runs with the shadow context captured now.
     * @param <T> the result type
     * @param work the work
     * @return the wrapped work
     * @see #wrap(Runnable)
     */
    public static <T> Callable<T> wrap(Callable<T> work) {
        return ShadowContextSnapshots.capture().wrap(work);
    }

    /**
     * Wrap an executor that shadowtx does not manage so that each task runs with the shadow
     * context of the thread that submitted it.
     * @param executor the executor, for example {@code ForkJoinPool.commonPool()}
     * @return an executor capturing the context at each {@code execute}
     */
    public static Executor wrap(Executor executor) {
        return (task) -> executor.execute(wrap(task));
    }

    /**
     * Wrap an executor service that shadowtx does not manage so that each task runs with the
     * shadow context of the thread that submitted it.
     * @param executorService the executor service
     * @return an executor service capturing the context at each submission
     */
    public static ExecutorService wrap(ExecutorService executorService) {
        return ContextExecutorService.wrap(executorService, ShadowContextSnapshots.factory());
    }
}
