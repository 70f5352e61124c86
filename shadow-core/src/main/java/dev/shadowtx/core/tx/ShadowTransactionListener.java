package dev.shadowtx.core.tx;

import dev.shadowtx.core.context.ShadowContext;
import dev.shadowtx.core.context.ShadowContextHolder;
import dev.shadowtx.core.metrics.ShadowRecorder;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.springframework.transaction.TransactionExecution;
import org.springframework.transaction.TransactionExecutionListener;

/**
 * Marks every new transaction begun in a shadow unit of work as rollback-only, so that its
 * commit, wherever it comes from ({@code @Transactional}, {@code TransactionTemplate}, a direct
 * {@code commit} call), rolls back silently: the caller sees the same success as a live commit.
 * Transactions that merely join an outer one are left alone; the outer one rolls back.
 * <p>
 * Registered on every {@link org.springframework.transaction.ConfigurableTransactionManager}
 * by {@link ShadowTransactionManagerPostProcessor}.
 */
public final class ShadowTransactionListener implements TransactionExecutionListener {

    private final Supplier<ShadowRecorder> recorder;

    /**
     * Create a listener.
     * @param recorder where to report guarded transactions
     */
    public ShadowTransactionListener(Supplier<ShadowRecorder> recorder) {
        this.recorder = recorder;
    }

    @Override
    public void afterBegin(TransactionExecution transaction, @Nullable Throwable beginFailure) {
        ShadowContext context = ShadowContextHolder.current();
        if (context != null && beginFailure == null && transaction.isNewTransaction()) {
            transaction.setRollbackOnly();
            this.recorder.get().transactionRolledBack(context.mode());
        }
    }
}
