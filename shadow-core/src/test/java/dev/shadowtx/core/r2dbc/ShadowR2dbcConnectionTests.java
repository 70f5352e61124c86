package dev.shadowtx.core.r2dbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import dev.shadowtx.core.context.MarkerSource;
import dev.shadowtx.core.context.ShadowContext;
import dev.shadowtx.core.context.ShadowContextAccessor;
import dev.shadowtx.core.context.ShadowContextHolder;
import dev.shadowtx.core.context.ShadowMode;
import dev.shadowtx.core.testsupport.Databases;
import io.r2dbc.pool.ConnectionPool;
import io.r2dbc.spi.Connection;
import io.r2dbc.spi.ConnectionFactory;
import io.r2dbc.spi.ConnectionFactoryMetadata;
import io.r2dbc.spi.IsolationLevel;
import io.r2dbc.spi.R2dbcException;
import io.r2dbc.spi.ValidationDepth;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The shadow connection's handling of each {@link Connection} method, on H2: what commits or
 * implies a commit rolls back, everything else reaches the physical connection.
 */
class ShadowR2dbcConnectionTests {

    private static final ShadowContext SYNTHETIC = ShadowContext.of(ShadowMode.SYNTHETIC, MarkerSource.HEADER);

    private final CountingRecorder recorder = new CountingRecorder();

    private R2dbcStore store;

    private ConnectionFactory guarded;

    @BeforeEach
    void open() {
        this.store = R2dbcStore.on(Databases.H2, 1);
        this.guarded = ShadowConnectionFactoryGuard.guard(this.store.pool(), () -> this.recorder);
    }

    @AfterEach
    void close() {
        ShadowContextHolder.clear();
        this.store.close();
    }

    @Test
    void liveConnectionIsTheTargetsOwn() {
        Connection connection = Mono.from(this.guarded.create()).block();
        assertThat(connection).isNotInstanceOf(ShadowR2dbcConnection.class);
        Mono.from(connection.close()).block();
    }

    @Test
    void shadowContextInTheReactorContextIsEnoughWithoutThreadLocal() {
        Connection connection = Mono.from(this.guarded.create())
                .contextWrite((context) -> context.put(ShadowContextAccessor.KEY, SYNTHETIC))
                .block();
        assertThat(connection).isInstanceOf(ShadowR2dbcConnection.class);
        Mono.from(connection.close()).block();
    }

    @Test
    void manualCommitThenAutoCommitRollsBackAndIsCounted() {
        Connection connection = shadowConnection();
        assertThat(connection.isAutoCommit()).isTrue();
        run(connection.setAutoCommit(false));
        assertThat(connection.isAutoCommit()).isFalse();
        insert(connection, "shadow");
        run(connection.setAutoCommit(true));
        assertThat(connection.isAutoCommit()).isTrue();
        insert(connection, "after");
        run(connection.close());
        assertThat(this.store.committedItems()).isEmpty();
        assertThat(this.recorder.commitsPrevented).hasValue(1);
    }

    @Test
    void autoCommitWithNothingPendingIsNotCounted() {
        Connection connection = shadowConnection();
        run(connection.setAutoCommit(false));
        run(connection.setAutoCommit(true));
        run(connection.setAutoCommit(true));
        run(connection.close());
        assertThat(this.recorder.commitsPrevented).hasValue(0);
    }

    @Test
    void explicitTransactionsNeverCommit() {
        Connection connection = shadowConnection();
        run(connection.beginTransaction());
        insert(connection, "first");
        run(connection.commitTransaction());
        run(connection.beginTransaction(IsolationLevel.READ_COMMITTED));
        insert(connection, "second");
        run(connection.rollbackTransaction());
        Flux.from(connection.createBatch().add(this.store.insert("batched")).execute())
                .flatMap((result) -> result.getRowsUpdated())
                .blockLast();
        run(connection.commitTransaction());
        run(connection.close());
        run(connection.close());
        assertThat(this.store.committedItems()).isEmpty();
        assertThat(this.recorder.commitsPrevented).hasValue(2);
    }

    @Test
    void everythingElseReachesThePhysicalConnection() {
        Connection connection = shadowConnection();
        assertThat(connection.getMetadata().getDatabaseProductName()).isEqualTo("H2");
        assertThat(connection.getTransactionIsolationLevel()).isEqualTo(IsolationLevel.READ_COMMITTED);
        insert(connection, "rolled back by the settings, which H2 runs as committing statements");
        run(connection.setLockWaitTimeout(Duration.ofSeconds(5)));
        run(connection.setStatementTimeout(Duration.ofSeconds(5)));
        run(connection.setTransactionIsolationLevel(IsolationLevel.READ_COMMITTED));
        insert(connection, "kept");
        run(connection.createSavepoint("s1"));
        insert(connection, "undone");
        run(connection.rollbackTransactionToSavepoint("s1"));
        run(connection.releaseSavepoint("s1"));
        assertThat(Mono.from(connection.validate(ValidationDepth.LOCAL)).block())
                .isTrue();
        assertThat(connection.toString()).startsWith("Shadow-guarded PooledConnection[io.r2dbc.h2.H2Connection@");
        assertThat(Flux.from(connection.createStatement(this.store.count()).execute())
                        .flatMap((result) -> result.map((row) -> row.get(0, Long.class)))
                        .blockFirst())
                .isEqualTo(1L);
        run(connection.close());
        assertThat(this.store.committedItems()).isEmpty();
    }

    @Test
    void connectionWhoseTransactionCannotBeginIsClosedAndNeverHandedOut() {
        AtomicBoolean closed = new AtomicBoolean();
        ConnectionFactory factory =
                ShadowConnectionFactoryGuard.guard(failing(Set.of("beginTransaction"), closed), () -> this.recorder);
        try (ShadowContextHolder.Scope scope = ShadowContextHolder.bind(SYNTHETIC)) {
            assertThatExceptionOfType(R2dbcException.class)
                    .isThrownBy(() -> Mono.from(factory.create()).block())
                    .withMessage("beginTransaction refused");
        }
        assertThat(closed).isTrue();
    }

    @Test
    void connectionWhoseRollbackFailsIsClosedAndTheFailureReported() {
        AtomicBoolean closed = new AtomicBoolean();
        ConnectionFactory factory = ShadowConnectionFactoryGuard.guard(
                failing(Set.of("rollbackTransaction", "close"), closed), () -> this.recorder);
        Connection connection;
        try (ShadowContextHolder.Scope scope = ShadowContextHolder.bind(SYNTHETIC)) {
            connection = Mono.from(factory.create()).block();
        }
        assertThatExceptionOfType(R2dbcException.class)
                .isThrownBy(() -> run(connection.close()))
                .withMessage("rollbackTransaction refused")
                .satisfies((ex) -> assertThat(ex.getSuppressed())
                        .extracting(Throwable::getMessage)
                        .contains("close refused"));
        assertThat(closed).isTrue();
    }

    @Test
    void guardingTwiceKeepsOneGuardAndThePoolsType() {
        assertThat(this.guarded).isInstanceOf(ConnectionPool.class);
        assertThat(ShadowConnectionFactoryGuard.isGuarded(this.guarded)).isTrue();
        assertThat(ShadowConnectionFactoryGuard.guard(this.guarded, () -> this.recorder))
                .isSameAs(this.guarded);
        ShadowConnectionFactoryPostProcessor postProcessor =
                new ShadowConnectionFactoryPostProcessor(() -> this.recorder);
        assertThat(postProcessor.postProcessAfterInitialization(this.guarded, "connectionFactory"))
                .isSameAs(this.guarded);
        Object other = new Object();
        assertThat(postProcessor.postProcessAfterInitialization(other, "other")).isSameAs(other);
        ConnectionFactoryMetadata metadata = this.guarded.getMetadata();
        assertThat(metadata.getName()).isEqualTo(this.store.pool().getMetadata().getName());
    }

    private Connection shadowConnection() {
        try (ShadowContextHolder.Scope scope = ShadowContextHolder.bind(SYNTHETIC)) {
            Connection connection = Mono.from(this.guarded.create()).block();
            assertThat(connection).isInstanceOf(ShadowR2dbcConnection.class);
            return connection;
        }
    }

    private void insert(Connection connection, String item) {
        Flux.from(connection.createStatement(this.store.insert(item)).execute())
                .flatMap((result) -> result.getRowsUpdated())
                .blockLast();
    }

    private static void run(Publisher<Void> publisher) {
        Mono.from(publisher).block();
    }

    /**
     * A connection factory over the H2 pool whose connections refuse the named methods, and
     * report whether the physical connection was closed. A real database cannot be made to
     * refuse a rollback on demand.
     */
    private ConnectionFactory failing(Set<String> refused, AtomicBoolean closed) {
        ConnectionPool pool = this.store.pool();
        return new ConnectionFactory() {
            @Override
            public Publisher<? extends Connection> create() {
                return pool.create().map((connection) -> refusing(connection, refused, closed));
            }

            @Override
            public ConnectionFactoryMetadata getMetadata() {
                return pool.getMetadata();
            }
        };
    }

    private static Connection refusing(Connection target, Set<String> refused, AtomicBoolean closed) {
        return (Connection) Proxy.newProxyInstance(
                ShadowR2dbcConnectionTests.class.getClassLoader(),
                new Class<?>[] {Connection.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("close")) {
                        closed.set(true);
                    }
                    if (refused.contains(method.getName())) {
                        return Mono.error(new R2dbcException(method.getName() + " refused") {});
                    }
                    try {
                        return method.invoke(target, args);
                    } catch (InvocationTargetException ex) {
                        throw ex.getTargetException();
                    }
                });
    }
}
