package dev.shadowtx.core.r2dbc;

import dev.shadowtx.core.metrics.ShadowRecorder;
import dev.shadowtx.core.tx.ShadowTransactionManagerPostProcessor;
import io.r2dbc.spi.ConnectionFactory;
import org.springframework.r2dbc.connection.R2dbcTransactionManager;
import org.springframework.transaction.ReactiveTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.reactive.TransactionContextManager;
import reactor.core.publisher.Mono;

/**
 * Reactive transaction plumbing shared by the R2DBC guard tests.
 */
final class ReactiveWrites {

    private ReactiveWrites() {}

    /**
     * An {@link R2dbcTransactionManager} with the transaction guard on it, as the application
     * context's post-processor leaves it.
     */
    static ReactiveTransactionManager guardedManager(ConnectionFactory factory, ShadowRecorder recorder) {
        R2dbcTransactionManager manager = new R2dbcTransactionManager(factory);
        return (ReactiveTransactionManager)
                new ShadowTransactionManagerPostProcessor(() -> recorder).postProcessAfterInitialization(manager, "tm");
    }

    /**
     * Run a write in a transaction begun and committed by hand, with no operator or aspect.
     */
    static Mono<Void> directCommit(ReactiveTransactionManager manager, Mono<Void> write) {
        return manager.getReactiveTransaction(TransactionDefinition.withDefaults())
                .flatMap((transaction) -> write.then(manager.commit(transaction)))
                .contextWrite(TransactionContextManager.getOrCreateContext())
                .contextWrite(TransactionContextManager.getOrCreateContextHolder());
    }
}
