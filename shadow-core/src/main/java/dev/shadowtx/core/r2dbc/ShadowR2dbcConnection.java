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
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
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
 * <p>
 * The physical (pool's, driver's) connection is never handed out: {@code unwrap()} answers a view
 * of this connection that is not itself {@link Wrapped} (so loops that unwrap until they reach a
 * plain connection, as Spring's {@code ConnectionFactoryUtils#getTargetConnection} does, end
 * there), and {@code unwrap(Class)} that would answer an object behind this connection is
 * refused with {@link ShadowBlockedException}.
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

    /**
     * What {@code unwrap()} answers, made on first use.
     */
    private volatile @Nullable Connection unwrapped;

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

    /**
     * Answer a view of this connection, never the physical one: every call on the view is a call
     * on this connection, and the view is not {@link Wrapped}.
     * @return the view
     */
    @Override
    public Connection unwrap() {
        Connection view = this.unwrapped;
        if (view == null) {
            view = (Connection) Proxy.newProxyInstance(
                    Connection.class.getClassLoader(), new Class<?>[] {Connection.class}, new View(this));
            this.unwrapped = view;
        }
        return view;
    }

    /**
     * Answer this connection when it is of the type asked for, and {@code null} where the
     * physical connection answers {@code null} too (no object of that type behind it); refuse to
     * hand out any other object (the pool's or the driver's connection, which would commit where
     * no guard sees it), so code that asks takes the same path as live and meets the refusal.
     * @throws ShadowBlockedException when an object of that type is behind this connection; the
     * refusal is reported as a blocked {@code r2dbc} effect
     */
    @Override
    public <E> @Nullable E unwrap(Class<E> targetClass) {
        if (targetClass.isInstance(this)) {
            return targetClass.cast(this);
        }
        Object behind = (this.target instanceof Wrapped<?> wrapped) ? wrapped.unwrap(targetClass) : null;
        if (behind == null) {
            return null;
        }
        throw refuseUnwrap(this.recorder.get(), "Connection", targetClass);
    }

    /**
     * Refuse, in shadow, to hand out the driver's or the pool's object behind a guarded one.
     * @param recorder where to report the refusal
     * @param guarded what was unwrapped ({@code Connection}, {@code ConnectionFactory})
     * @param requested the type asked for
     * @return the exception to throw
     */
    static ShadowBlockedException refuseUnwrap(ShadowRecorder recorder, String guarded, Class<?> requested) {
        String target = "unwrap of the shadow " + guarded + " to " + requested.getName()
                + " (driver objects are not guarded: call driver-specific code from a @LiveOnly method)";
        recorder.outboundDecision(CHANNEL, "block", target);
        return new ShadowBlockedException(CHANNEL, target);
    }

    @Override
    public String toString() {
        return "Shadow-guarded " + this.target;
    }

    /**
     * The view {@code unwrap()} answers: a plain {@link Connection} whose every method is that of
     * the shadow connection.
     */
    private record View(ShadowR2dbcConnection connection) implements InvocationHandler {

        @Override
        public @Nullable Object invoke(Object proxy, Method method, @Nullable Object[] args) throws Throwable {
            return switch (method.getName()) {
                case "equals" -> proxy == args[0];
                case "hashCode" -> System.identityHashCode(proxy);
                case "toString" -> this.connection.toString();
                default -> {
                    try {
                        yield method.invoke(this.connection, args);
                    } catch (InvocationTargetException ex) {
                        throw ex.getTargetException();
                    }
                }
            };
        }
    }
}
