package dev.shadowtx.core.r2dbc;

import dev.shadowtx.core.ShadowBlockedException;
import dev.shadowtx.core.context.ShadowMode;
import dev.shadowtx.core.metrics.ShadowRecorder;
import dev.shadowtx.core.sql.TransactionEndingStatements;
import io.r2dbc.spi.Batch;
import io.r2dbc.spi.Connection;
import io.r2dbc.spi.ConnectionMetadata;
import io.r2dbc.spi.IsolationLevel;
import io.r2dbc.spi.Result;
import io.r2dbc.spi.Statement;
import io.r2dbc.spi.TransactionDefinition;
import io.r2dbc.spi.ValidationDepth;
import io.r2dbc.spi.Wrapped;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Mono;

/**
 * A connection created in a shadow unit of work. The physical connection is kept inside a
 * transaction for as long as it is used, whatever the caller asks, so that nothing done through
 * it is ever committed:
 * <ul>
 * <li>a transaction is begun when the connection is created, so statements run by auto-commit
 * code ({@code DatabaseClient} outside a transaction) stay uncommitted;</li>
 * <li>{@code commitTransaction()} rolls back, and {@code setAutoCommit(true)}, which would commit
 * pending work, rolls back and only <em>reports</em> auto-commit from then on;</li>
 * <li>{@code beginTransaction} and {@code rollbackTransaction} end the current transaction with
 * a rollback and begin the next one at once;</li>
 * <li>{@code close()} rolls back before it closes, so a pool hands its next (live) borrower a
 * connection with no shadow work pending.</li>
 * </ul>
 * SQL text that would end the transaction by itself ({@code COMMIT}, data definition where it
 * commits, see {@link TransactionEndingStatements}) is refused with {@link ShadowBlockedException}
 * by {@code createStatement} and by {@code Batch#add}, before anything is sent.
 * Everything else is passed to the physical connection unchanged.
 */
final class ShadowR2dbcConnection implements Connection, Wrapped<Connection> {

    /**
     * The channel a refused statement is reported and raised for.
     */
    static final String CHANNEL = "r2dbc";

    private final Connection target;

    private final ShadowMode mode;

    private final Supplier<ShadowRecorder> recorder;

    private final TransactionEndingStatements endingStatements;

    private final AtomicBoolean closed = new AtomicBoolean();

    private volatile boolean reportedAutoCommit;

    /**
     * Whether statements were created since the physical transaction last began: only then does
     * {@code setAutoCommit(true)} imply a commit worth reporting.
     */
    private volatile boolean statementsPending;

    private ShadowR2dbcConnection(
            Connection target,
            ShadowMode mode,
            Supplier<ShadowRecorder> recorder,
            TransactionEndingStatements endingStatements) {
        this.target = target;
        this.mode = mode;
        this.recorder = recorder;
        this.endingStatements = endingStatements;
        this.reportedAutoCommit = target.isAutoCommit();
    }

    /**
     * Begin a transaction on a connection created in shadow and wrap it. When the transaction
     * cannot be begun, the connection is closed and the caller gets the error, never an
     * unguarded connection.
     * @param target the connection the factory created
     * @param mode the mode of the unit of work
     * @param recorder where to report prevented commits
     * @param endingStatements the statements of this database that end the transaction by themselves
     * @return the guarded connection
     */
    static Mono<Connection> guard(
            Connection target,
            ShadowMode mode,
            Supplier<ShadowRecorder> recorder,
            TransactionEndingStatements endingStatements) {
        ShadowR2dbcConnection connection = new ShadowR2dbcConnection(target, mode, recorder, endingStatements);
        return Mono.from(target.beginTransaction())
                .onErrorResume((ex) -> closeAfter(target, ex))
                .thenReturn(connection);
    }

    private static Mono<Void> closeAfter(Connection target, Throwable failure) {
        return Mono.defer(() -> Mono.from(target.close()))
                .onErrorResume((closeFailure) -> {
                    failure.addSuppressed(closeFailure);
                    return Mono.empty();
                })
                .then(Mono.error(failure));
    }

    @Override
    public Publisher<Void> beginTransaction() {
        return rollbackThen(this.target::beginTransaction).doOnSuccess((ignored) -> this.reportedAutoCommit = false);
    }

    @Override
    public Publisher<Void> beginTransaction(TransactionDefinition definition) {
        return rollbackThen(() -> this.target.beginTransaction(definition))
                .doOnSuccess((ignored) -> this.reportedAutoCommit = false);
    }

    @Override
    public Publisher<Void> commitTransaction() {
        return preventCommit();
    }

    @Override
    public Publisher<Void> rollbackTransaction() {
        return restart();
    }

    @Override
    public Publisher<Void> setAutoCommit(boolean autoCommit) {
        return Mono.defer(() -> {
            if (autoCommit && !this.reportedAutoCommit) {
                Mono<Void> rollback = this.statementsPending ? preventCommit() : restart();
                return rollback.doOnSuccess((ignored) -> this.reportedAutoCommit = true);
            }
            this.reportedAutoCommit = autoCommit;
            return Mono.empty();
        });
    }

    @Override
    public boolean isAutoCommit() {
        return this.reportedAutoCommit;
    }

    @Override
    public Publisher<Void> close() {
        return Mono.defer(() -> {
            if (!this.closed.compareAndSet(false, true)) {
                return Mono.empty();
            }
            return Mono.from(this.target.rollbackTransaction())
                    .onErrorResume((ex) -> closeAfter(this.target, ex))
                    .then(Mono.defer(() -> Mono.from(this.target.close())));
        });
    }

    private Mono<Void> preventCommit() {
        return restart().doOnSuccess((ignored) -> this.recorder.get().r2dbcCommitPrevented(this.mode));
    }

    /**
     * End the current transaction with a rollback and begin the next, so that the connection is
     * never left in auto-commit.
     */
    private Mono<Void> restart() {
        return rollbackThen(this.target::beginTransaction);
    }

    /**
     * Roll back the physical transaction, then do what must follow (always beginning the next one).
     */
    private Mono<Void> rollbackThen(Supplier<Publisher<Void>> next) {
        return Mono.from(this.target.rollbackTransaction())
                .then(Mono.defer(() -> Mono.from(next.get())))
                .doOnSuccess((ignored) -> this.statementsPending = false);
    }

    @Override
    public Batch createBatch() {
        this.statementsPending = true;
        Batch batch = this.target.createBatch();
        return new Batch() {
            @Override
            public Batch add(String sql) {
                refuseEndingStatement(sql);
                batch.add(sql);
                return this;
            }

            @Override
            public Publisher<? extends Result> execute() {
                return batch.execute();
            }
        };
    }

    @Override
    public Publisher<Void> createSavepoint(String name) {
        return this.target.createSavepoint(name);
    }

    @Override
    public Statement createStatement(String sql) {
        refuseEndingStatement(sql);
        this.statementsPending = true;
        return this.target.createStatement(sql);
    }

    /**
     * Refuse SQL text that would end the transaction by itself, before anything is sent.
     * @throws ShadowBlockedException when the text holds such a statement; the refusal is
     * reported as a blocked {@code r2dbc} effect
     */
    private void refuseEndingStatement(String sql) {
        String kind = this.endingStatements.find(sql);
        if (kind != null) {
            String statement = "SQL " + kind + " statement";
            this.recorder.get().outboundDecision(CHANNEL, "block", statement);
            throw new ShadowBlockedException(CHANNEL, statement);
        }
    }

    @Override
    public ConnectionMetadata getMetadata() {
        return this.target.getMetadata();
    }

    @Override
    public IsolationLevel getTransactionIsolationLevel() {
        return this.target.getTransactionIsolationLevel();
    }

    @Override
    public Publisher<Void> releaseSavepoint(String name) {
        return this.target.releaseSavepoint(name);
    }

    @Override
    public Publisher<Void> rollbackTransactionToSavepoint(String name) {
        return this.target.rollbackTransactionToSavepoint(name);
    }

    @Override
    public Publisher<Void> setLockWaitTimeout(Duration timeout) {
        return outsideTransaction(() -> this.target.setLockWaitTimeout(timeout));
    }

    @Override
    public Publisher<Void> setStatementTimeout(Duration timeout) {
        return outsideTransaction(() -> this.target.setStatementTimeout(timeout));
    }

    @Override
    public Publisher<Void> setTransactionIsolationLevel(IsolationLevel isolationLevel) {
        return outsideTransaction(() -> this.target.setTransactionIsolationLevel(isolationLevel));
    }

    /**
     * Run a session setting between a rollback and a new transaction: some drivers run settings
     * as statements that commit the open transaction (H2's {@code SET} commands do).
     */
    private Mono<Void> outsideTransaction(Supplier<Publisher<Void>> setting) {
        return rollbackThen(() -> Mono.from(setting.get()).then(Mono.from(this.target.beginTransaction())));
    }

    @Override
    public Publisher<Boolean> validate(ValidationDepth depth) {
        return this.target.validate(depth);
    }

    @Override
    public Connection unwrap() {
        return this.target;
    }

    @Override
    public String toString() {
        return "Shadow-guarded " + this.target;
    }
}
