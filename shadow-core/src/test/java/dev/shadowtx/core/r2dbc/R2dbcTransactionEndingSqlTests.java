package dev.shadowtx.core.r2dbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import dev.shadowtx.core.ShadowBlockedException;
import dev.shadowtx.core.context.MarkerSource;
import dev.shadowtx.core.context.ShadowContext;
import dev.shadowtx.core.context.ShadowContextHolder;
import dev.shadowtx.core.context.ShadowMode;
import dev.shadowtx.core.testsupport.Databases;
import io.r2dbc.spi.Connection;
import io.r2dbc.spi.ConnectionFactory;
import io.r2dbc.spi.Result;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.reactivestreams.Publisher;
import org.springframework.r2dbc.core.DatabaseClient;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * SQL text that ends the transaction by itself, sent through a shadow R2DBC connection on H2 and
 * a real PostgreSQL server: refused by {@code createStatement} and {@code Batch#add} before it
 * reaches the database; the same text on a live connection commits. What was committed is read
 * back through a separate JDBC connection.
 */
class R2dbcTransactionEndingSqlTests {

    private static final ShadowContext SHADOW = ShadowContext.of(ShadowMode.SHADOW, MarkerSource.HEADER);

    private final CountingRecorder recorder = new CountingRecorder();

    private R2dbcStore store;

    private ConnectionFactory guarded;

    @AfterEach
    void close() {
        ShadowContextHolder.clear();
        if (this.store != null) {
            this.store.awaitReleased();
            this.store.close();
        }
    }

    static Stream<Arguments> statementsThatCommit() {
        return Stream.of(
                Arguments.of(Databases.H2, "COMMIT", "COMMIT"),
                Arguments.of(Databases.H2, "SET AUTOCOMMIT TRUE", "SET AUTOCOMMIT"),
                Arguments.of(Databases.H2, "create table made_here (id int)", "DDL CREATE"),
                Arguments.of(Databases.POSTGRESQL, "COMMIT", "COMMIT"),
                Arguments.of(Databases.POSTGRESQL, "END", "END"));
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("statementsThatCommit")
    void statementThatCommitsIsRefusedInShadowAndTheWorkBeforeItIsNotCommitted(
            Databases database, String sql, String kind) {
        open(database);
        try (ShadowContextHolder.Scope scope = ShadowContextHolder.bind(SHADOW)) {
            assertThatExceptionOfType(ShadowBlockedException.class)
                    .isThrownBy(() -> onOneConnection((connection) ->
                                    run(connection, this.store.insert("shadow")).then(run(connection, sql)))
                            .block())
                    .withMessageContaining("SQL " + kind + " statement")
                    .satisfies((ex) -> assertThat(ex.getChannel()).isEqualTo("r2dbc"));
        }
        assertThat(this.store.committedItems()).isEmpty();
        assertThat(this.recorder.blocked).containsExactly("r2dbc block SQL " + kind + " statement");
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("statementsThatCommit")
    void liveTwinCommitsTheWorkBeforeIt(Databases database, String sql, String kind) {
        open(database);
        onOneConnection((connection) -> Mono.from(connection.beginTransaction())
                        .then(run(connection, this.store.insert("live")))
                        .then(run(connection, sql))
                        .then(Mono.from(connection.rollbackTransaction())))
                .block();
        assertThat(this.store.committedItems()).containsExactly("live");
        assertThat(this.recorder.blocked).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(Databases.class)
    void batchIsRefusedWhenOneOfItsStatementsCommits(Databases database) {
        open(database);
        try (ShadowContextHolder.Scope scope = ShadowContextHolder.bind(SHADOW)) {
            assertThatExceptionOfType(ShadowBlockedException.class)
                    .isThrownBy(() -> onOneConnection((connection) -> Flux.from(connection
                                            .createBatch()
                                            .add(this.store.insert("first"))
                                            .add("commit")
                                            .execute())
                                    .then())
                            .block());
            onOneConnection((connection) -> Flux.from(connection
                                    .createBatch()
                                    .add(this.store.insert("batched"))
                                    .add(this.store.insert("batched too"))
                                    .execute())
                            .flatMap(Result::getRowsUpdated)
                            .then())
                    .block();
        }
        assertThat(this.store.committedItems()).isEmpty();
        assertThat(this.recorder.blocked).containsExactly("r2dbc block SQL COMMIT statement");
    }

    @ParameterizedTest
    @EnumSource(Databases.class)
    void databaseClientMultiStatementStringIsRefusedInShadowAndCommitsLive(Databases database) {
        open(database);
        DatabaseClient client = DatabaseClient.create(this.guarded);
        String sql = this.store.insert("first") + "; commit";
        try (ShadowContextHolder.Scope scope = ShadowContextHolder.bind(SHADOW)) {
            assertThatExceptionOfType(ShadowBlockedException.class)
                    .isThrownBy(() -> client.sql(sql).then().block());
        }
        assertThat(this.store.committedItems()).isEmpty();
        client.sql(sql).then().block();
        assertThat(this.store.committedItems()).containsExactly("first");
    }

    @Test
    void dataDefinitionOnPostgresqlRunsInShadowAndIsRolledBack() {
        open(Databases.POSTGRESQL);
        try (ShadowContextHolder.Scope scope = ShadowContextHolder.bind(SHADOW)) {
            onOneConnection((connection) -> run(connection, this.store.insert("shadow"))
                            .then(run(connection, "create table made_in_shadow_r2dbc (id int)")))
                    .block();
        }
        assertThat(this.store.committedItems()).isEmpty();
        assertThat(this.store.tableExists("made_in_shadow_r2dbc")).isFalse();
        assertThat(this.recorder.blocked).isEmpty();
    }

    private void open(Databases database) {
        this.store = R2dbcStore.on(database, 2);
        this.guarded = ShadowConnectionFactoryGuard.guard(this.store.pool(), () -> this.recorder);
    }

    private Mono<Void> onOneConnection(Function<Connection, Publisher<?>> work) {
        return Mono.usingWhen(
                this.guarded.create(),
                (connection) -> Mono.from(work.apply(connection)).then(),
                Connection::close,
                (connection, error) -> connection.close(),
                Connection::close);
    }

    private static Mono<Long> run(Connection connection, String sql) {
        return Mono.defer(() -> Flux.from(connection.createStatement(sql).execute())
                .flatMap(Result::getRowsUpdated)
                .reduce(0L, Long::sum));
    }
}
