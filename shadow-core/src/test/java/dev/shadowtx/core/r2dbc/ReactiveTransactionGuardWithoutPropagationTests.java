package dev.shadowtx.core.r2dbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shadowtx.core.context.MarkerSource;
import dev.shadowtx.core.context.ShadowContext;
import dev.shadowtx.core.context.ShadowContextHolder;
import dev.shadowtx.core.context.ShadowMode;
import dev.shadowtx.core.testsupport.Databases;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.transaction.ReactiveTransactionManager;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Hooks;
import reactor.core.publisher.Mono;

/**
 * The transaction guard on a reactive transaction manager when nothing carries the shadow
 * context into the pipeline (Reactor's automatic context propagation off): only the thread that
 * subscribes knows the work is shadow, and the begin completes elsewhere (on a driver or pool
 * thread). The guard decides at subscription ({@code beforeBegin}), so it still holds. The
 * connection factory is deliberately left unguarded.
 */
class ReactiveTransactionGuardWithoutPropagationTests {

    private static final ShadowContext SHADOW = ShadowContext.of(ShadowMode.SHADOW, MarkerSource.HOST_SUFFIX);

    private final CountingRecorder recorder = new CountingRecorder();

    private R2dbcStore store;

    @BeforeAll
    static void noContextPropagation() {
        Hooks.disableAutomaticContextPropagation();
    }

    @AfterEach
    void close() {
        ShadowContextHolder.clear();
        if (this.store != null) {
            this.store.close();
        }
    }

    @ParameterizedTest
    @EnumSource(Databases.class)
    void transactionalOperatorRollsBackInShadow(Databases database) {
        this.store = R2dbcStore.on(database, 2);
        ReactiveTransactionManager manager = ReactiveWrites.guardedManager(this.store.pool(), this.recorder);
        TransactionalOperator operator = TransactionalOperator.create(manager);
        shadowThenLive((item) -> operator.transactional(insert(item)));
    }

    @ParameterizedTest
    @EnumSource(Databases.class)
    void directCommitRollsBackInShadow(Databases database) {
        this.store = R2dbcStore.on(database, 2);
        ReactiveTransactionManager manager = ReactiveWrites.guardedManager(this.store.pool(), this.recorder);
        shadowThenLive((item) -> ReactiveWrites.directCommit(manager, insert(item)));
    }

    private Mono<Void> insert(String item) {
        return DatabaseClient.create(this.store.pool())
                .sql(this.store.insert(item))
                .then();
    }

    private void shadowThenLive(java.util.function.Function<String, Mono<Void>> write) {
        try (ShadowContextHolder.Scope scope = ShadowContextHolder.bind(SHADOW)) {
            write.apply("shadow").block();
        }
        write.apply("live").block();
        assertThat(this.store.committedItems()).containsExactly("live");
        assertThat(this.recorder.rolledBack).hasValue(1);
    }
}
