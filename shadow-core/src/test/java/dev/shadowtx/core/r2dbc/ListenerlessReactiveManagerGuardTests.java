package dev.shadowtx.core.r2dbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import dev.shadowtx.core.context.MarkerSource;
import dev.shadowtx.core.context.ShadowContext;
import dev.shadowtx.core.context.ShadowContextAccessor;
import dev.shadowtx.core.context.ShadowMode;
import dev.shadowtx.core.testsupport.Databases;
import dev.shadowtx.core.tx.ShadowTransactionManagerPostProcessor;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.springframework.r2dbc.connection.R2dbcTransactionManager;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.transaction.ConfigurableTransactionManager;
import org.springframework.transaction.ReactiveTransaction;
import org.springframework.transaction.ReactiveTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.reactive.TransactionContextManager;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Mono;

/**
 * A reactive transaction manager of the application's own that is not built on
 * {@code AbstractReactiveTransactionManager} takes no listener: the transaction guard wraps it, so
 * that a new transaction committed in shadow (the shadow context in the subscriber's Reactor
 * context, where the WebFlux filter puts it) is rolled back on the real database, while its live
 * twin commits. The connection factory is deliberately left unguarded.
 */
class ListenerlessReactiveManagerGuardTests {

    private static final ShadowContext SHADOW = ShadowContext.of(ShadowMode.SHADOW, MarkerSource.HEADER);

    private final CountingRecorder recorder = new CountingRecorder();

    private @Nullable R2dbcStore store;

    @AfterEach
    void close() {
        if (this.store != null) {
            this.store.close();
        }
    }

    @ParameterizedTest
    @EnumSource(Databases.class)
    void shadowCommitFromTheReactorContextRollsBackAndTheLiveTwinCommits(Databases database) {
        R2dbcStore store = open(database);
        TransactionalOperator operator = TransactionalOperator.create(guarded(store));

        shadowThenLive(
                store,
                (item) -> operator.transactional(insert(store, item)),
                (write) -> write.contextWrite((reactor) -> reactor.put(ShadowContextAccessor.KEY, SHADOW)));
    }

    @ParameterizedTest
    @EnumSource(Databases.class)
    void directShadowCommitRollsBackAndTheLiveTwinCommits(Databases database) {
        R2dbcStore store = open(database);
        ReactiveTransactionManager manager = guarded(store);

        shadowThenLive(
                store,
                (item) -> ReactiveWrites.directCommit(manager, insert(store, item)),
                (write) -> write.contextWrite((reactor) -> reactor.put(ShadowContextAccessor.KEY, SHADOW)));
    }

    @ParameterizedTest
    @EnumSource(Databases.class)
    void transactionBegunLiveButCommittedInShadowRollsBack(Databases database) {
        R2dbcStore store = open(database);
        ReactiveTransactionManager manager = guarded(store);

        manager.getReactiveTransaction(TransactionDefinition.withDefaults())
                .flatMap((transaction) -> insert(store, "shadow")
                        .then(manager.commit(transaction)
                                .contextWrite((reactor) -> reactor.put(ShadowContextAccessor.KEY, SHADOW))))
                .contextWrite(TransactionContextManager.getOrCreateContext())
                .contextWrite(TransactionContextManager.getOrCreateContextHolder())
                .block();

        assertThat(store.committedItems()).isEmpty();
        assertThat(this.recorder.rolledBack).hasValue(1);
    }

    @ParameterizedTest
    @EnumSource(Databases.class)
    void failedShadowTransactionRollsBackAndALaterLiveOneCommits(Databases database) {
        R2dbcStore store = open(database);
        TransactionalOperator operator = TransactionalOperator.create(guarded(store));

        Mono<Void> failing = operator.transactional(
                        insert(store, "shadow").then(Mono.<Void>error(new IllegalStateException("refused"))))
                .contextWrite((reactor) -> reactor.put(ShadowContextAccessor.KEY, SHADOW));
        assertThatExceptionOfType(IllegalStateException.class).isThrownBy(failing::block);
        operator.transactional(insert(store, "live")).block();

        assertThat(store.committedItems()).containsExactly("live");
        assertThat(this.recorder.rolledBack).hasValue(0);
    }

    private R2dbcStore open(Databases database) {
        R2dbcStore store = R2dbcStore.on(database, 2);
        this.store = store;
        return store;
    }

    private ReactiveTransactionManager guarded(R2dbcStore store) {
        ReactiveTransactionManager manager = new OwnReactiveManager(new R2dbcTransactionManager(store.pool()));
        Object processed = new ShadowTransactionManagerPostProcessor(() -> this.recorder)
                .postProcessAfterInitialization(manager, "ownManager");
        assertThat(processed).isNotSameAs(manager).isInstanceOf(OwnReactiveManager.class);
        return (ReactiveTransactionManager) processed;
    }

    private static Mono<Void> insert(R2dbcStore store, String item) {
        return DatabaseClient.create(store.pool()).sql(store.insert(item)).then();
    }

    private void shadowThenLive(
            R2dbcStore store, Function<String, Mono<Void>> write, Function<Mono<Void>, Mono<Void>> inShadow) {
        inShadow.apply(write.apply("shadow")).block();
        write.apply("live").block();

        assertThat(store.committedItems()).containsExactly("live");
        assertThat(this.recorder.rolledBack).hasValue(1);
    }

    /**
     * A manager of the application's own: it delegates, and is no
     * {@link ConfigurableTransactionManager}.
     */
    static class OwnReactiveManager implements ReactiveTransactionManager {

        private final ReactiveTransactionManager delegate;

        OwnReactiveManager(ReactiveTransactionManager delegate) {
            this.delegate = delegate;
        }

        @Override
        public Mono<ReactiveTransaction> getReactiveTransaction(@Nullable TransactionDefinition definition) {
            return this.delegate.getReactiveTransaction(definition);
        }

        @Override
        public Mono<Void> commit(ReactiveTransaction transaction) {
            return this.delegate.commit(transaction);
        }

        @Override
        public Mono<Void> rollback(ReactiveTransaction transaction) {
            return this.delegate.rollback(transaction);
        }
    }
}
