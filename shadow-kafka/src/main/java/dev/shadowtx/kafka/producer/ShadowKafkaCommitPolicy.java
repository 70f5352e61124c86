package dev.shadowtx.kafka.producer;

import dev.shadowtx.core.ShadowBlockedException;
import dev.shadowtx.core.tx.ShadowCommitPolicy;
import java.util.Map;
import java.util.Set;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaResourceHolder;
import org.springframework.kafka.transaction.KafkaTransactionManager;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionExecution;
import org.springframework.transaction.support.DefaultTransactionStatus;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Lets a {@link KafkaTransactionManager} transaction begun in shadow commit, because every record
 * it can contain went through the producer guard: rerouted to a shadow topic, dropped, or sent to
 * a topic explicitly configured {@code PROPAGATE}. Without it the transaction guard aborts those
 * records, so a {@code read_committed} shadow consumer never sees them and a transactional
 * container never commits the offsets of shadow records.
 * <p>
 * The commit is permitted only when all of this holds, and otherwise the transaction rolls back as
 * before:
 * <ul>
 * <li>the manager is a {@code KafkaTransactionManager} whose producer factory is a
 * {@code DefaultKafkaProducerFactory} with the {@link ShadowProducerPostProcessor};</li>
 * <li>the producer the manager just began its transaction on is guarded, and began it in shadow
 * (a transaction begun live and joined in shadow is not new, so never reaches a policy);</li>
 * <li>no send outside the shadow context joins the producer transaction later: such a send marks
 * the transaction rollback-only at once;</li>
 * <li>nothing else commits with it. A {@code KafkaTransactionManager} never activates transaction
 * synchronization by default, so no other resource can join its transaction (inside an outer
 * transaction, other resources join the outer one, which the transaction guard rolls back). When
 * the manager was configured to synchronize, the resources bound to the transaction are checked
 * before the commit: anything but producers of guarded factories (and JDBC connections, which a
 * non-JDBC transaction never commits) fails the commit with {@link ShadowBlockedException}, and
 * everything rolls back.</li>
 * </ul>
 */
public final class ShadowKafkaCommitPolicy implements ShadowCommitPolicy {

    private static final Set<String> NEVER_COMMITTED_BY_SYNCHRONIZATION =
            Set.of("org.springframework.jdbc.datasource.ConnectionHolder");

    @Override
    public boolean permitsCommit(PlatformTransactionManager manager, TransactionExecution transaction) {
        if (!(manager instanceof KafkaTransactionManager<?, ?> kafka)
                || !isGuarded(kafka.getProducerFactory())
                || !ShadowProducerPostProcessor.watchTransactionBegunHere(transaction)) {
            return false;
        }
        if (transaction instanceof DefaultTransactionStatus status && status.isNewSynchronization()) {
            TransactionSynchronizationManager.registerSynchronization(new OnlyGuardedResources());
        }
        return true;
    }

    private static boolean isGuarded(Object producerFactory) {
        return producerFactory instanceof DefaultKafkaProducerFactory<?, ?> factory
                && factory.getPostProcessors().stream().anyMatch(ShadowProducerPostProcessor.class::isInstance);
    }

    @Override
    public String toString() {
        return "ShadowKafkaCommitPolicy";
    }

    /**
     * Refuses the commit when a resource that could commit live state joined the transaction.
     */
    private static final class OnlyGuardedResources implements TransactionSynchronization {

        @Override
        public void beforeCommit(boolean readOnly) {
            for (Map.Entry<Object, Object> resource :
                    TransactionSynchronizationManager.getResourceMap().entrySet()) {
                if (!isShadowSafe(resource.getKey(), resource.getValue())) {
                    throw new ShadowBlockedException(
                            "kafka",
                            "commit of a shadow Kafka transaction joined by "
                                    + resource.getValue().getClass().getName()
                                    + " (the transaction was rolled back)");
                }
            }
        }

        private static boolean isShadowSafe(Object key, Object value) {
            if (value instanceof KafkaResourceHolder<?, ?>) {
                return isGuarded(key);
            }
            return NEVER_COMMITTED_BY_SYNCHRONIZATION.contains(value.getClass().getName());
        }
    }
}
