package dev.shadowtx.core.tx;

import dev.shadowtx.core.context.ShadowContext;
import dev.shadowtx.core.context.ShadowContextHolder;
import dev.shadowtx.core.context.ShadowMode;
import dev.shadowtx.core.metrics.ShadowRecorder;
import java.util.Collections;
import java.util.Map;
import java.util.WeakHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.springframework.transaction.TransactionExecution;
import org.springframework.transaction.TransactionExecutionListener;

/**
 * Marks every new transaction begun in a shadow unit of work as rollback-only, so that its
 * commit, wherever it comes from ({@code @Transactional}, {@code TransactionTemplate},
 * {@code TransactionalOperator}, a direct {@code commit} call), rolls back silently: the caller
 * sees the same success as a live commit. Transactions that merely join an outer one are left
 * alone; the outer one rolls back.
 * <p>
 * The decision is taken when the transaction is about to begin ({@code beforeBegin}) and again
 * once it has begun ({@code afterBegin}); either seeing a shadow context is enough. Imperative
 * managers call both on the caller's thread. A reactive manager calls {@code beforeBegin} while
 * the begin is subscribed, on the subscriber's side where the shadow context is bound (Reactor's
 * automatic context propagation restores it on schedulers), but {@code afterBegin} only when the
 * driver has begun the transaction, possibly on a driver thread that has no context.
 * <p>
 * Registered on every {@link org.springframework.transaction.ConfigurableTransactionManager}
 * (imperative and reactive) by {@link ShadowTransactionManagerPostProcessor}.
 */
public final class ShadowTransactionListener implements TransactionExecutionListener {

    private final Supplier<ShadowRecorder> recorder;

    /**
     * Transactions found shadow before they began, until {@code afterBegin}; weak, so that a
     * begin cancelled between the two callbacks leaves nothing behind.
     */
    private final Map<TransactionExecution, ShadowMode> shadowBeforeBegin =
            Collections.synchronizedMap(new WeakHashMap<>());

    /**
     * How many entries {@link #shadowBeforeBegin} may hold (an over-estimate once the garbage
     * collector dropped one), so that live transactions, which never put one, skip its lock.
     */
    private final AtomicInteger pending = new AtomicInteger();

    /**
     * Create a listener.
     * @param recorder where to report guarded transactions
     */
    public ShadowTransactionListener(Supplier<ShadowRecorder> recorder) {
        this.recorder = recorder;
    }

    @Override
    public void beforeBegin(TransactionExecution transaction) {
        ShadowContext context = ShadowContextHolder.current();
        if (context != null && transaction.isNewTransaction()) {
            this.pending.incrementAndGet();
            this.shadowBeforeBegin.put(transaction, context.mode());
        }
    }

    @Override
    public void afterBegin(TransactionExecution transaction, @Nullable Throwable beginFailure) {
        ShadowMode before = null;
        if (this.pending.get() > 0) {
            before = this.shadowBeforeBegin.remove(transaction);
            if (before != null) {
                this.pending.decrementAndGet();
            }
        }
        ShadowContext context = ShadowContextHolder.current();
        ShadowMode mode = (context != null) ? context.mode() : before;
        if (mode != null && beginFailure == null && transaction.isNewTransaction()) {
            transaction.setRollbackOnly();
            this.recorder.get().transactionRolledBack(mode);
        }
    }
}
