package dev.shadowtx.core.tx;

import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionExecution;

/**
 * Lets an integration allow a transaction begun in shadow to commit, when it can prove that the
 * commit touches no live state: for example a Kafka transaction whose records all went through the
 * Kafka producer guard. Without a policy that says yes, the transaction guard rolls back every
 * transaction begun in shadow; the core knows nothing about the resources a manager commits.
 * <p>
 * Consulted by {@link ShadowTransactionListener} right after a new transaction has begun in a
 * shadow unit of work (transaction synchronization is already active). A policy that permits the
 * commit takes over the guard's duty for that transaction: as soon as anything it cannot prove
 * shadow-safe joins the transaction, it must mark it rollback-only (or fail its commit). A policy
 * that throws is treated as a refusal.
 */
@FunctionalInterface
public interface ShadowCommitPolicy {

    /**
     * Decide whether a transaction just begun in shadow may commit.
     * @param manager the manager that began it
     * @param transaction the new transaction
     * @return {@code true} to let it commit; {@code false} (the guard's default) to roll it back
     */
    boolean permitsCommit(PlatformTransactionManager manager, TransactionExecution transaction);
}
