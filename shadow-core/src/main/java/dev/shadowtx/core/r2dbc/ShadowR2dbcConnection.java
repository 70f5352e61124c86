package dev.shadowtx.core.r2dbc;

import dev.shadowtx.core.context.ShadowMode;
import dev.shadowtx.core.metrics.ShadowRecorder;
import io.r2dbc.spi.Batch;
import io.r2dbc.spi.Connection;
import io.r2dbc.spi.ConnectionMetadata;
import io.r2dbc.spi.IsolationLevel;
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
 * Everything else is passed to the physical connection unchanged.
 */
final class ShadowR2dbcConnection implements Connection, Wrapped<Connection> {

    private final Connection target;

    private final ShadowMode mode;

    private final Supplier<ShadowRecorder> recorder;

    private final AtomicBoolean closed = new AtomicBoolean();

    private volatile boolean reportedAutoCommit;

    /**
     * Whether statements were created since the physical transaction last began: only then does
     * {@code setAutoCommit(true)} imply a commit worth reporting.
     */
    private volatile boolean statementsPending;

    private ShadowR2dbcConnection(Connection target, ShadowMode mode, Supplier<ShadowRecorder> recorder) {
        this.target = target;
        this.mode = mode;
        this.recorder = recorder;
        this.reportedAutoCommit = target.isAutoCommit();
    }

    /**
     * Begin a transaction on a connection created in shadow and wrap it. When the transaction
     * cannot be begun, the connection is closed and the caller gets the error, never an
     * unguarded connection.
     * @param target the connection the factory created
     * @param mode the mode of the unit of work
     * @param recorder where to report prevented commits
     * @return the guarded connection
     */
    static Mono<Connection> guard(Connection target, ShadowMode mode, Supplier<ShadowRecorder> recorder) {
        ShadowR2dbcConnection connection = new ShadowR2dbcConnection(target, mode, recorder);
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
        return this.target.createBatch();
    }

    @Override
    public Publisher<Void> createSavepoint(String name) {
        return this.target.createSavepoint(name);
    }

    @Override
    public Statement createStatement(String sql) {
        this.statementsPending = true;
        return this.target.createStatement(sql);
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
