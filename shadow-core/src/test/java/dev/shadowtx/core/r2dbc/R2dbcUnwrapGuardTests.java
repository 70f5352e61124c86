package dev.shadowtx.core.r2dbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import dev.shadowtx.core.ShadowBlockedException;
import dev.shadowtx.core.context.MarkerSource;
import dev.shadowtx.core.context.ShadowContext;
import dev.shadowtx.core.context.ShadowContextHolder;
import dev.shadowtx.core.context.ShadowMode;
import dev.shadowtx.core.testsupport.Databases;
import io.r2dbc.h2.H2Connection;
import io.r2dbc.pool.ConnectionPool;
import io.r2dbc.pool.ConnectionPoolConfiguration;
import io.r2dbc.postgresql.api.PostgresqlConnection;
import io.r2dbc.spi.Connection;
import io.r2dbc.spi.ConnectionFactory;
import io.r2dbc.spi.Wrapped;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.r2dbc.connection.ConnectionFactoryUtils;
import org.springframework.r2dbc.connection.DelegatingConnectionFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * {@code unwrap} on the R2DBC guard's connections and on the guarded factory, against H2 and a
 * real PostgreSQL server through r2dbc-pool: in shadow, what unwrapping answers never commits
 * (or the unwrap is refused); live, the same code reaches the pool's and the driver's objects and
 * commits. What was really committed is read back through a separate JDBC connection.
 */
class R2dbcUnwrapGuardTests {

    private static final ShadowContext SHADOW = ShadowContext.of(ShadowMode.SHADOW, MarkerSource.HEADER);

    private final CountingRecorder recorder = new CountingRecorder();

    private R2dbcStore store;

    private ConnectionPool decoratedPool;

    @AfterEach
    void close() {
        ShadowContextHolder.clear();
        if (this.decoratedPool != null) {
            this.decoratedPool.disposeLater().block();
        }
        if (this.store != null) {
            this.store.awaitReleased();
            this.store.close();
        }
    }

    /**
     * How the code that reached an unwrapped connection commits through it.
     */
    enum Commit {
        COMMIT_TRANSACTION,
        AUTO_COMMIT_ON
    }

    /**
     * How the connection is unwrapped.
     */
    enum Unwrap {
        /**
         * {@code unwrap()} until the answer is no longer {@link Wrapped}: the driver's connection,
         * live.
         */
        UNTIL_NOT_WRAPPED,
        /**
         * Spring's {@code ConnectionFactoryUtils#getTargetConnection}, the loop Spring R2DBC runs
         * when it releases a connection.
         */
        SPRING_TARGET_CONNECTION
    }

    static Stream<Arguments> connectionCells() {
        List<Arguments> cells = new ArrayList<>();
        for (Databases database : Databases.values()) {
            for (Commit commit : Commit.values()) {
                cells.add(Arguments.of(database, Unwrap.UNTIL_NOT_WRAPPED, commit));
            }
        }
        // live on PostgreSQL, Spring's loop ends on the driver's null unwrap(): shadow only there
        for (Commit commit : Commit.values()) {
            cells.add(Arguments.of(Databases.H2, Unwrap.SPRING_TARGET_CONNECTION, commit));
        }
        return cells.stream();
    }

    static Stream<Arguments> factoryCells() {
        List<Arguments> cells = new ArrayList<>();
        for (Databases database : Databases.values()) {
            for (Commit commit : Commit.values()) {
                cells.add(Arguments.of(database, commit));
            }
        }
        return cells.stream();
    }

    @ParameterizedTest
    @MethodSource("connectionCells")
    void unwrappedConnectionCommitsNothingInShadowAndCommitsLive(Databases database, Unwrap unwrap, Commit commit) {
        this.store = R2dbcStore.on(database, 1);
        ConnectionFactory factory = ShadowConnectionFactoryGuard.guard(this.store.pool(), () -> this.recorder);
        Function<Connection, Connection> unwrapping = (unwrap == Unwrap.UNTIL_NOT_WRAPPED)
                ? R2dbcUnwrapGuardTests::untilNotWrapped
                : ConnectionFactoryUtils::getTargetConnection;
        Connection shadowUnwrapped;
        try (ShadowContextHolder.Scope scope = ShadowContextHolder.bind(SHADOW)) {
            Connection connection = create(factory);
            shadowUnwrapped = unwrapping.apply(connection);
            commitThrough(shadowUnwrapped, "shadow", commit);
            run(connection.close());
        }
        Connection connection = create(factory);
        Connection unwrapped = unwrapping.apply(connection);
        commitThrough(unwrapped, "live", commit);
        run(connection.close());
        assertThat(this.store.committedItems()).containsExactly("live");
        assertThat(this.recorder.commitsPrevented).hasValue(1);
        assertThat(this.recorder.blocked).isEmpty();
        assertThat(shadowUnwrapped).isNotInstanceOf(Wrapped.class);
        assertThat(unwrapped.getClass().getName()).doesNotStartWith("io.r2dbc.pool");
    }

    @ParameterizedTest
    @EnumSource(Databases.class)
    void springsTargetConnectionOfAShadowConnectionIsAGuardedView(Databases database) {
        this.store = R2dbcStore.on(database, 1);
        ConnectionFactory factory = ShadowConnectionFactoryGuard.guard(this.store.pool(), () -> this.recorder);
        try (ShadowContextHolder.Scope scope = ShadowContextHolder.bind(SHADOW)) {
            Connection connection = create(factory);
            Connection target = ConnectionFactoryUtils.getTargetConnection(connection);
            assertThat(target)
                    .isNotNull()
                    .isNotInstanceOf(Wrapped.class)
                    .isSameAs(((Wrapped<?>) connection).unwrap())
                    .isEqualTo(target)
                    .isNotEqualTo(connection)
                    .hasSameHashCodeAs(target)
                    .hasToString(connection.toString());
            commitThrough(target, "shadow", Commit.COMMIT_TRANSACTION);
            assertThat(target.isAutoCommit()).isFalse();
            run(connection.close());
        }
        assertThat(this.store.committedItems()).isEmpty();
    }

    @Test
    void typedUnwrapToThePostgresDriverConnectionIsRefusedInShadowAndCommitsLive() {
        this.store = R2dbcStore.on(Databases.POSTGRESQL, 1);
        ConnectionFactory factory = ShadowConnectionFactoryGuard.guard(this.store.pool(), () -> this.recorder);
        try (ShadowContextHolder.Scope scope = ShadowContextHolder.bind(SHADOW)) {
            Connection connection = create(factory);
            assertThat(((Wrapped<?>) connection).unwrap(Connection.class)).isSameAs(connection);
            assertThatExceptionOfType(ShadowBlockedException.class)
                    .isThrownBy(() -> ((Wrapped<?>) connection).unwrap(PostgresqlConnection.class))
                    .withMessageContaining("Blocked in shadow (r2dbc)")
                    .withMessageContaining(
                            "unwrap of the shadow Connection to " + PostgresqlConnection.class.getName());
            insert(connection, "shadow");
            run(connection.close());
        }
        Connection connection = create(factory);
        PostgresqlConnection driver = ((Wrapped<?>) connection).unwrap(PostgresqlConnection.class);
        commitThrough(driver, "live", Commit.COMMIT_TRANSACTION);
        run(connection.close());
        assertThat(this.store.committedItems()).containsExactly("live");
        assertThat(this.recorder.blocked)
                .containsExactly("r2dbc block unwrap of the shadow Connection to "
                        + PostgresqlConnection.class.getName()
                        + " (driver objects are not guarded: call driver-specific code from a @LiveOnly method)");
    }

    @Test
    void typedUnwrapToAnObjectThePoolDoesNotHaveAnswersNullAsLive() {
        this.store = R2dbcStore.on(Databases.H2, 1);
        ConnectionFactory factory = ShadowConnectionFactoryGuard.guard(this.store.pool(), () -> this.recorder);
        try (ShadowContextHolder.Scope scope = ShadowContextHolder.bind(SHADOW)) {
            Connection connection = create(factory);
            assertThat(((Wrapped<?>) connection).unwrap(H2Connection.class)).isNull();
            run(connection.close());
        }
        Connection connection = create(factory);
        assertThat(((Wrapped<?>) connection).unwrap(H2Connection.class)).isNull();
        run(connection.close());
        assertThat(this.recorder.blocked).isEmpty();
    }

    @ParameterizedTest
    @MethodSource("factoryCells")
    void unwrappedFactoryCommitsNothingInShadowAndCommitsLive(Databases database, Commit commit) {
        this.store = R2dbcStore.on(database, 1);
        ConnectionFactory factory = ShadowConnectionFactoryGuard.guard(this.store.pool(), () -> this.recorder);
        ConnectionFactory shadowUnwrapped;
        try (ShadowContextHolder.Scope scope = ShadowContextHolder.bind(SHADOW)) {
            shadowUnwrapped = untilNotWrapped(factory);
            Connection connection = create(shadowUnwrapped);
            commitThrough(untilNotWrapped(connection), "shadow", commit);
            run(connection.close());
        }
        ConnectionFactory unwrapped = untilNotWrapped(factory);
        Connection connection = create(unwrapped);
        commitThrough(connection, "live", commit);
        run(connection.close());
        assertThat(this.store.committedItems()).containsExactly("live");
        assertThat(this.recorder.commitsPrevented).hasValue(1);
        assertThat(unwrapped).isSameAs(this.store.pool().unwrap());
        assertThat(shadowUnwrapped).isNotInstanceOf(Wrapped.class).hasToString("Shadow-guarded " + factory);
        assertThat(shadowUnwrapped.getMetadata().getName())
                .isEqualTo(factory.getMetadata().getName());
    }

    @ParameterizedTest
    @EnumSource(Databases.class)
    void typedUnwrapOfTheFactoryAnswersTheGuardedPoolAndRefusesWhatIsBehindItInShadow(Databases database) {
        this.store = R2dbcStore.on(database, 1);
        ConnectionFactory driver = this.store.pool().unwrap();
        // a factory decorated under the pool, as observation or Spring's own proxies are
        this.decoratedPool =
                new ConnectionPool(ConnectionPoolConfiguration.builder(new DelegatingConnectionFactory(driver))
                        .initialSize(0)
                        .maxSize(1)
                        .build());
        ConnectionFactory factory = ShadowConnectionFactoryGuard.guard(this.decoratedPool, () -> this.recorder);
        String refused = "unwrap of the shadow ConnectionFactory to " + DelegatingConnectionFactory.class.getName()
                + " (driver objects are not guarded: call driver-specific code from a @LiveOnly method)";
        try (ShadowContextHolder.Scope scope = ShadowContextHolder.bind(SHADOW)) {
            assertThat(((Wrapped<?>) factory).unwrap(ConnectionPool.class)).isSameAs(factory);
            assertThat(((Wrapped<?>) factory).unwrap(PostgresqlConnection.class))
                    .isNull();
            assertThatExceptionOfType(ShadowBlockedException.class)
                    .isThrownBy(() -> ((Wrapped<?>) factory).unwrap(DelegatingConnectionFactory.class))
                    .withMessageContaining(refused);
        }
        assertThat(((Wrapped<?>) factory).unwrap(ConnectionPool.class)).isSameAs(factory);
        DelegatingConnectionFactory behind = ((Wrapped<?>) factory).unwrap(DelegatingConnectionFactory.class);
        Connection connection = create(behind);
        commitThrough(connection, "live", Commit.COMMIT_TRANSACTION);
        run(connection.close());
        assertThat(this.store.committedItems()).containsExactly("live");
        assertThat(this.recorder.blocked).containsExactly("r2dbc block " + refused);
    }

    private void commitThrough(Connection connection, String item, Commit commit) {
        Mono<Void> insert = Mono.defer(() -> Flux.from(
                        connection.createStatement(this.store.insert(item)).execute())
                .flatMap((result) -> result.getRowsUpdated())
                .then());
        Mono<Void> written = switch (commit) {
            case COMMIT_TRANSACTION ->
                Mono.from(connection.beginTransaction()).then(insert).then(Mono.from(connection.commitTransaction()));
            // H2 commits what is pending at the first statement run in auto-commit
            case AUTO_COMMIT_ON ->
                Mono.from(connection.setAutoCommit(false))
                        .then(insert)
                        .then(Mono.from(connection.setAutoCommit(true)))
                        .then(Mono.defer(() -> Flux.from(connection
                                        .createStatement(this.store.count())
                                        .execute())
                                .flatMap((result) -> result.map((row) -> row.get(0)))
                                .then()));
        };
        written.block();
    }

    private void insert(Connection connection, String item) {
        Flux.from(connection.createStatement(this.store.insert(item)).execute())
                .flatMap((result) -> result.getRowsUpdated())
                .blockLast();
    }

    private static Connection create(ConnectionFactory factory) {
        return Mono.from(factory.create()).block();
    }

    @SuppressWarnings("unchecked")
    private static <T> T untilNotWrapped(T object) {
        T current = object;
        while (current instanceof Wrapped<?> wrapped && wrapped.unwrap() != null) {
            current = (T) wrapped.unwrap();
        }
        return current;
    }

    private static void run(org.reactivestreams.Publisher<Void> publisher) {
        Mono.from(publisher).block();
    }
}
