package dev.shadowtx.core.r2dbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shadowtx.core.context.MarkerSource;
import dev.shadowtx.core.context.ShadowContext;
import dev.shadowtx.core.context.ShadowContextHolder;
import dev.shadowtx.core.context.ShadowMode;
import dev.shadowtx.core.testsupport.Databases;
import io.r2dbc.spi.ConnectionFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.r2dbc.connection.R2dbcTransactionManager;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.transaction.ReactiveTransactionManager;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Hooks;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * The R2DBC guard and the transaction guard on reactive transaction managers, each on its own,
 * against H2 and a real PostgreSQL server through r2dbc-pool. Every shadow write is followed by
 * its live twin, and what was really committed is read back through a separate JDBC connection.
 */
class R2dbcGuardTests {

    private static final ShadowContext SHADOW = ShadowContext.of(ShadowMode.SHADOW, MarkerSource.HEADER);

    private final CountingRecorder recorder = new CountingRecorder();

    private R2dbcStore store;

    @BeforeAll
    static void propagateContext() {
        // what the starter does: block() captures the shadow context, schedulers restore it
        Hooks.enableAutomaticContextPropagation();
    }

    @AfterAll
    static void stopPropagatingContext() {
        Hooks.disableAutomaticContextPropagation();
    }

    @AfterEach
    void close() {
        ShadowContextHolder.clear();
        if (this.store != null) {
            this.store.awaitReleased();
            this.store.close();
        }
    }

    /**
     * Where the pipeline runs when it reaches the database.
     */
    enum Hop {
        REQUEST_THREAD,
        BOUNDED_ELASTIC,
        AFTER_DRIVER_SIGNAL
    }

    /**
     * How the row is written.
     */
    enum Write {
        AUTO_COMMIT,
        TRANSACTIONAL_OPERATOR,
        DIRECT_COMMIT
    }

    static Stream<Arguments> everyCell() {
        List<Arguments> cells = new ArrayList<>();
        for (Databases database : Databases.values()) {
            for (Hop hop : Hop.values()) {
                for (Write write : Write.values()) {
                    cells.add(Arguments.of(database, hop, write));
                }
            }
        }
        return cells.stream();
    }

    static Stream<Arguments> transactionalCells() {
        return everyCell().filter((cell) -> cell.get()[2] != Write.AUTO_COMMIT);
    }

    @ParameterizedTest
    @MethodSource("everyCell")
    void connectionGuardAloneLeavesNoShadowRow(Databases database, Hop hop, Write write) {
        this.store = R2dbcStore.on(database, 2);
        ConnectionFactory factory = ShadowConnectionFactoryGuard.guard(this.store.pool(), () -> this.recorder);
        ReactiveTransactionManager manager = new R2dbcTransactionManager(factory);
        runShadowThenLive(factory, manager, hop, write);
        assertThat(this.store.committedItems()).containsExactly("live");
        assertThat(this.recorder.rolledBack).hasValue(0);
    }

    @ParameterizedTest
    @MethodSource("transactionalCells")
    void transactionGuardAloneLeavesNoShadowRow(Databases database, Hop hop, Write write) {
        this.store = R2dbcStore.on(database, 2);
        ConnectionFactory factory = this.store.pool();
        ReactiveTransactionManager manager = ReactiveWrites.guardedManager(factory, this.recorder);
        runShadowThenLive(factory, manager, hop, write);
        assertThat(this.store.committedItems()).containsExactly("live");
        assertThat(this.recorder.rolledBack).hasValue(1);
        assertThat(this.recorder.commitsPrevented).hasValue(0);
    }

    @ParameterizedTest
    @MethodSource("everyCell")
    void bothGuardsLeaveNoShadowRow(Databases database, Hop hop, Write write) {
        this.store = R2dbcStore.on(database, 2);
        ConnectionFactory factory = ShadowConnectionFactoryGuard.guard(this.store.pool(), () -> this.recorder);
        ReactiveTransactionManager manager = ReactiveWrites.guardedManager(factory, this.recorder);
        runShadowThenLive(factory, manager, hop, write);
        assertThat(this.store.committedItems()).containsExactly("live");
        assertThat(this.recorder.rolledBack).hasValue((write == Write.AUTO_COMMIT) ? 0 : 1);
    }

    @ParameterizedTest
    @EnumSource(Databases.class)
    void joinedTransactionIsLeftToTheOuterOne(Databases database) {
        this.store = R2dbcStore.on(database, 2);
        ConnectionFactory factory = this.store.pool();
        TransactionalOperator operator =
                TransactionalOperator.create(ReactiveWrites.guardedManager(factory, this.recorder));
        DatabaseClient client = DatabaseClient.create(factory);
        Mono<Void> inner =
                operator.transactional(client.sql(this.store.insert("inner")).then());
        Mono<Void> outer = operator.transactional(
                client.sql(this.store.insert("outer")).then().then(inner));
        try (ShadowContextHolder.Scope scope = ShadowContextHolder.bind(SHADOW)) {
            outer.block();
        }
        assertThat(this.store.committedItems()).isEmpty();
        assertThat(this.recorder.rolledBack).hasValue(1);
    }

    @ParameterizedTest
    @EnumSource(Databases.class)
    void poolOfOneHandsTheNextLiveBorrowerACleanConnection(Databases database) {
        this.store = R2dbcStore.on(database, 1);
        ConnectionFactory factory = ShadowConnectionFactoryGuard.guard(this.store.pool(), () -> this.recorder);
        DatabaseClient client = DatabaseClient.create(factory);
        try (ShadowContextHolder.Scope scope = ShadowContextHolder.bind(SHADOW)) {
            client.sql(this.store.insert("shadow")).then().block();
        }
        client.sql(this.store.insert("live")).then().block();
        assertThat(count(client)).isEqualTo(1);
        assertThat(this.store.committedItems()).containsExactly("live");
    }

    private long count(DatabaseClient client) {
        Long count = client.sql(this.store.count())
                .map((row) -> row.get(0, Long.class))
                .one()
                .block();
        return (count != null) ? count : -1;
    }

    private void runShadowThenLive(
            ConnectionFactory factory, ReactiveTransactionManager manager, Hop hop, Write write) {
        try (ShadowContextHolder.Scope scope = ShadowContextHolder.bind(SHADOW)) {
            pipeline(factory, manager, hop, write, "shadow").block();
        }
        pipeline(factory, manager, hop, write, "live").block();
    }

    private Mono<Void> pipeline(
            ConnectionFactory factory, ReactiveTransactionManager manager, Hop hop, Write write, String item) {
        DatabaseClient client = DatabaseClient.create(factory);
        Mono<Void> insert = client.sql(this.store.insert(item)).then();
        Mono<Void> written = switch (write) {
            case AUTO_COMMIT -> insert;
            case TRANSACTIONAL_OPERATOR -> TransactionalOperator.create(manager).transactional(insert);
            case DIRECT_COMMIT -> ReactiveWrites.directCommit(manager, insert);
        };
        return switch (hop) {
            case REQUEST_THREAD -> written;
            case BOUNDED_ELASTIC -> written.subscribeOn(Schedulers.boundedElastic());
            case AFTER_DRIVER_SIGNAL ->
                client.sql(this.store.count()).fetch().first().then(written);
        };
    }
}
