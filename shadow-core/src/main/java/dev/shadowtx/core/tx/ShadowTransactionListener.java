package dev.shadowtx.core.tx;

import dev.shadowtx.core.context.ShadowContext;
import dev.shadowtx.core.context.ShadowContextHolder;
import dev.shadowtx.core.context.ShadowMode;
import dev.shadowtx.core.metrics.ShadowRecorder;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.WeakHashMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionExecution;
import org.springframework.transaction.TransactionExecutionListener;
import org.springframework.transaction.TransactionStatus;

/**
 * Marks every new transaction begun in a shadow unit of work as rollback-only, so that its
 * commit, wherever it comes from ({@code @Transactional}, {@code TransactionTemplate},
 * {@code TransactionalOperator}, a direct {@code commit} call), rolls back silently: the caller
 * sees the same success as a live commit. Transactions that merely join an outer one are left
 * alone; the outer one rolls back.
 * <p>
 * The decision is taken when the transaction is about to begin ({@code beforeBegin}) and again
 * once it has begun ({@code afterBegin}); either seeing a shadow context is enough. Imperative
 * managers call both on the caller's thread, so for them {@code afterBegin} alone decides and
 * nothing is kept in between. A reactive manager calls {@code beforeBegin} while
 * the begin is subscribed, on the subscriber's side where the shadow context is bound (Reactor's
 * automatic context propagation restores it on schedulers), but {@code afterBegin} only when the
 * driver has begun the transaction, possibly on a driver thread that has no context.
 * <p>
 * The one exception is a transaction that a {@link ShadowCommitPolicy} proves shadow-safe (for
 * example a Kafka transaction that only wrote to shadow topics): it is left to commit, and its
 * commit is counted.
 * <p>
 * Registered on every {@link org.springframework.transaction.ConfigurableTransactionManager}
 * (imperative and reactive) by {@link ShadowTransactionManagerPostProcessor}.
 */
public final class ShadowTransactionListener implements TransactionExecutionListener {

    private static final Log logger = LogFactory.getLog(ShadowTransactionListener.class);

    private final Supplier<ShadowRecorder> recorder;

    private final @Nullable PlatformTransactionManager manager;

    private final String managerName;

    private final Supplier<List<ShadowCommitPolicy>> commitPolicies;

    private final Map<TransactionExecution, ShadowMode> permitted = new ConcurrentHashMap<>();

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
     * Create a listener that rolls back every transaction begun in shadow.
     * @param recorder where to report guarded transactions
     */
    public ShadowTransactionListener(Supplier<ShadowRecorder> recorder) {
        this(recorder, null, "-", List::of);
    }

    /**
     * Create a listener for one manager, whose shadow transactions may commit when a policy
     * permits it.
     * @param recorder where to report guarded transactions
     * @param manager the manager this listener is registered on
     * @param managerName its bean name, for the decision log
     * @param commitPolicies the policies to consult; resolved on each new shadow transaction
     */
    public ShadowTransactionListener(
            Supplier<ShadowRecorder> recorder,
            @Nullable PlatformTransactionManager manager,
            String managerName,
            Supplier<List<ShadowCommitPolicy>> commitPolicies) {
        this.recorder = recorder;
        this.manager = manager;
        this.managerName = managerName;
        this.commitPolicies = commitPolicies;
    }

    @Override
    public void beforeBegin(TransactionExecution transaction) {
        if (transaction instanceof TransactionStatus) {
            // imperative: afterBegin follows on this thread, where the context is still bound
            return;
        }
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
            if (permitsCommit(transaction)) {
                this.permitted.put(transaction, mode);
                return;
            }
            transaction.setRollbackOnly();
            this.recorder.get().transactionRolledBack(mode);
        }
    }

    @Override
    public void afterCommit(TransactionExecution transaction, @Nullable Throwable commitFailure) {
        ShadowMode mode = this.permitted.remove(transaction);
        if (mode != null && commitFailure == null) {
            this.recorder.get().transactionCommitted(mode, this.managerName);
        }
    }

    @Override
    public void afterRollback(TransactionExecution transaction, @Nullable Throwable rollbackFailure) {
        this.permitted.remove(transaction);
    }

    private boolean permitsCommit(TransactionExecution transaction) {
        PlatformTransactionManager target = this.manager;
        if (target == null) {
            return false;
        }
        List<ShadowCommitPolicy> policies = this.commitPolicies.get();
        for (int i = 0; i < policies.size(); i++) {
            ShadowCommitPolicy policy = policies.get(i);
            try {
                if (policy.permitsCommit(target, transaction)) {
                    return true;
                }
            } catch (RuntimeException ex) {
                logger.warn(
                        "Shadow commit policy " + policy + " failed on transaction manager '" + this.managerName
                                + "'; the shadow transaction rolls back",
                        ex);
            }
        }
        return false;
    }
}
