package dev.shadowtx.core.tx;

import dev.shadowtx.core.ShadowBlockedException;
import dev.shadowtx.core.context.ShadowMode;
import dev.shadowtx.core.metrics.ShadowRecorder;
import dev.shadowtx.core.sql.TransactionEndingStatements;
import java.sql.Array;
import java.sql.Blob;
import java.sql.CallableStatement;
import java.sql.Clob;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.NClob;
import java.sql.PreparedStatement;
import java.sql.SQLClientInfoException;
import java.sql.SQLException;
import java.sql.SQLWarning;
import java.sql.SQLXML;
import java.sql.Savepoint;
import java.sql.ShardingKey;
import java.sql.Statement;
import java.sql.Struct;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Executor;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * A connection handed out in a shadow unit of work. The physical connection is switched to
 * manual commit for as long as it is borrowed, whatever the caller asks:
 * <ul>
 * <li>{@code commit()} rolls back;</li>
 * <li>{@code setAutoCommit(true)}, which would commit pending work, rolls back and only
 * <em>reports</em> auto-commit from then on;</li>
 * <li>{@code close()} rolls back and restores the physical connection's original auto-commit
 * before returning it, so a pool hands the next (live) borrower a clean connection.</li>
 * </ul>
 * The decision is taken once, when the connection is borrowed: it stays guarded for its whole life.
 * Statements, result sets and database metadata obtained from it lead back to this guarded
 * connection, never to the physical one ({@link GuardedStatement}, {@link GuardedPreparedStatement},
 * {@link GuardedJdbcObject}).
 * <p>
 * SQL text that would end the transaction by itself ({@code COMMIT}, {@code SET AUTOCOMMIT TRUE},
 * data definition where it commits, see {@link TransactionEndingStatements}) is refused with
 * {@link ShadowBlockedException} before it reaches the driver, when a statement is prepared or
 * run or added to a batch ({@link #sqlSent}).
 * <p>
 * {@code unwrap} answers with the guard itself for a type the guard implements, and refuses
 * every other type with {@link ShadowBlockedException}: the driver's (or pool's) own object would
 * commit where this guard cannot see it. {@code isWrapperFor} answers as the driver does, as it does
 * live, so code that asks first takes the same path in shadow and meets the refusal
 * ({@link GuardedJdbcObject#refuseUnwrap}).
 * <p>
 * A rollback with nothing to undo is not sent again: once the physical connection was rolled
 * back, the rollbacks of {@code commit()}, {@code setAutoCommit(true)} and {@code close()} are
 * skipped until something else is asked of the connection or of an object reached from it.
 * <p>
 * Written out rather than a JDK proxy: a shadow request then pays for no argument array and no
 * reflective call per JDBC call, so it allocates what the same live request allocates. Every call
 * not named above goes to the driver's connection unchanged.
 */
final class ShadowConnection implements Connection {

    /**
     * The channel a refused statement is reported and raised for.
     */
    static final String CHANNEL = "jdbc";

    private final Connection target;

    private final ShadowMode mode;

    private final Supplier<ShadowRecorder> recorder;

    private final boolean originalAutoCommit;

    private final ShadowSessionLimits limits;

    private final boolean limitsApplied;

    private final EndingStatements endingStatements;

    private boolean reportedAutoCommit;

    private boolean closed;

    /**
     * Whether the physical connection was rolled back and nothing was asked of it, or of an
     * object reached from it, since: another rollback would have nothing to undo.
     */
    private volatile boolean clean;

    private ShadowConnection(
            Connection target,
            ShadowMode mode,
            Supplier<ShadowRecorder> recorder,
            ShadowSessionLimits limits,
            EndingStatements endingStatements)
            throws SQLException {
        this.target = target;
        this.mode = mode;
        this.recorder = recorder;
        this.limits = limits;
        this.endingStatements = endingStatements;
        this.limitsApplied = limits.apply(target);
        this.originalAutoCommit = target.getAutoCommit();
        this.reportedAutoCommit = this.originalAutoCommit;
        if (this.originalAutoCommit) {
            target.setAutoCommit(false);
        }
    }

    /**
     * Wrap a connection borrowed in shadow.
     * @param target the physical (or pooled) connection
     * @param mode the mode of the unit of work
     * @param recorder where to report prevented commits
     * @param limits lock and statement timeouts to apply while the connection is borrowed
     * @param endingStatements the statements of this database that end the transaction by
     * themselves, asked when SQL text is first sent
     * @return the guarded connection
     * @throws SQLException when the connection cannot be switched to manual commit; it is then
     * closed, and the caller gets no connection rather than an unguarded one
     */
    static Connection wrap(
            Connection target,
            ShadowMode mode,
            Supplier<ShadowRecorder> recorder,
            ShadowSessionLimits limits,
            EndingStatements endingStatements)
            throws SQLException {
        try {
            return new ShadowConnection(target, mode, recorder, limits, endingStatements);
        } catch (SQLException | RuntimeException ex) {
            closeAfterFailure(target, ex);
            throw ex;
        }
    }

    /**
     * Note that a call is about to reach the driver, on this connection or on an object reached
     * from it: there may be work to roll back from now on.
     */
    void touched() {
        this.clean = false;
    }

    /**
     * Note that SQL text is about to reach the driver, on this connection or on a statement made by
     * it: refuse it when it would end the transaction by itself, before anything is sent.
     * @param sql the SQL text
     * @throws ShadowBlockedException when the text holds such a statement; the refusal is
     * reported as a blocked {@code jdbc} effect
     * @throws SQLException when the database cannot be asked which statements those are; nothing
     * is sent then either
     */
    void sqlSent(String sql) throws SQLException {
        String kind = this.endingStatements.of(this.target).find(sql);
        if (kind != null) {
            String target = "SQL " + kind + " statement";
            this.recorder.get().outboundDecision(CHANNEL, "block", target);
            throw new ShadowBlockedException(CHANNEL, target);
        }
        touched();
    }

    /**
     * Refuse {@code unwrap} to a type the guard does not implement, on this connection or on an
     * object reached from it: report it as a blocked {@code jdbc} effect.
     * @param guard the guarded object asked
     * @param requested the argument of {@code unwrap}
     * @return the exception to raise
     */
    ShadowBlockedException refuseUnwrap(Object guard, @Nullable Object requested) {
        return GuardedJdbcObject.refuseUnwrap(this.recorder.get(), guard, requested);
    }

    @Override
    public void commit() throws SQLException {
        preventCommit(true);
    }

    @Override
    public void setAutoCommit(boolean autoCommit) throws SQLException {
        checkOpen();
        if (autoCommit && !this.reportedAutoCommit) {
            preventCommit(false);
        }
        this.reportedAutoCommit = autoCommit;
    }

    @Override
    public boolean getAutoCommit() throws SQLException {
        checkOpen();
        return this.reportedAutoCommit;
    }

    @Override
    public void rollback() throws SQLException {
        checkOpen();
        this.clean = false;
        this.target.rollback();
        this.clean = true;
    }

    @Override
    public boolean isClosed() throws SQLException {
        return this.closed || this.target.isClosed();
    }

    @Override
    public void close() throws SQLException {
        if (this.closed) {
            return;
        }
        this.closed = true;
        try {
            if (!this.target.isClosed()) {
                boolean pending = !this.clean;
                rollbackTarget();
                if (this.reportedAutoCommit && pending) {
                    // the caller believes every statement was committed as it ran
                    this.recorder.get().jdbcCommitPrevented(this.mode);
                }
                if (this.originalAutoCommit) {
                    this.target.setAutoCommit(true);
                }
                if (this.limitsApplied) {
                    this.limits.reset(this.target);
                }
            }
        } catch (SQLException | RuntimeException ex) {
            closeAfterFailure(this.target, ex);
            throw ex;
        }
        this.target.close();
    }

    @Override
    public <T> T unwrap(Class<T> iface) throws SQLException {
        if (GuardedJdbcObject.isOwnType(this, iface)) {
            return iface.cast(this);
        }
        throw refuseUnwrap(this, iface);
    }

    @Override
    public boolean isWrapperFor(Class<?> iface) throws SQLException {
        if (GuardedJdbcObject.isOwnType(this, iface)) {
            return true;
        }
        touched();
        return this.target.isWrapperFor(iface);
    }

    @Override
    public String toString() {
        return GuardedJdbcObject.describe(this.target);
    }

    /**
     * Roll back instead of committing, and count the prevented commit: always for an explicit
     * {@code commit()}, and for one implied by {@code setAutoCommit(true)} or {@code close()} only
     * when there is work it would have committed. A Spring transaction rolled back by the
     * transaction guard is thereby counted once, as a rolled-back transaction, and not again
     * when the transaction manager restores auto-commit and closes the connection.
     * @param explicit whether the caller called {@code commit()}
     */
    private void preventCommit(boolean explicit) throws SQLException {
        checkOpen();
        boolean pending = !this.clean;
        rollbackTarget();
        if (explicit || pending) {
            this.recorder.get().jdbcCommitPrevented(this.mode);
        }
    }

    private void rollbackTarget() throws SQLException {
        if (this.clean) {
            return;
        }
        this.target.rollback();
        this.clean = true;
    }

    private void checkOpen() throws SQLException {
        if (this.closed) {
            throw new SQLException("Connection is closed");
        }
    }

    /**
     * Where a shadow connection learns which statements end the transaction on its database.
     */
    @FunctionalInterface
    interface EndingStatements {

        /**
         * Return the statements that end the transaction on a connection's database.
         * @param target the driver's (or pool's) connection
         * @return the statements to refuse
         * @throws SQLException when the database cannot be asked
         */
        TransactionEndingStatements of(Connection target) throws SQLException;
    }

    private static void closeAfterFailure(Connection target, Exception failure) {
        try {
            target.close();
        } catch (SQLException | RuntimeException closeFailure) {
            failure.addSuppressed(closeFailure);
        }
    }

    // every other call: to the driver's connection, the statements it makes guarded in turn; reads
    // of the connection's state and its warnings are no work to roll back, and leave a connection
    // that was rolled back clean (a transaction manager reads and clears the warnings before it
    // closes the connection)

    @Override
    public Statement createStatement() throws SQLException {
        touched();
        return new GuardedStatement(this.target.createStatement(), this);
    }

    @Override
    public PreparedStatement prepareStatement(String sql) throws SQLException {
        sqlSent(sql);
        return new GuardedPreparedStatement(this.target.prepareStatement(sql), this);
    }

    @Override
    public CallableStatement prepareCall(String sql) throws SQLException {
        sqlSent(sql);
        return GuardedJdbcObject.callable(this.target.prepareCall(sql), this);
    }

    @Override
    public String nativeSQL(String sql) throws SQLException {
        touched();
        return this.target.nativeSQL(sql);
    }

    @Override
    public DatabaseMetaData getMetaData() throws SQLException {
        touched();
        return GuardedJdbcObject.metaData(this.target.getMetaData(), this);
    }

    @Override
    public void setReadOnly(boolean readOnly) throws SQLException {
        touched();
        this.target.setReadOnly(readOnly);
    }

    @Override
    public boolean isReadOnly() throws SQLException {
        return this.target.isReadOnly();
    }

    @Override
    public void setCatalog(String catalog) throws SQLException {
        touched();
        this.target.setCatalog(catalog);
    }

    @Override
    public String getCatalog() throws SQLException {
        return this.target.getCatalog();
    }

    @Override
    public void setTransactionIsolation(int level) throws SQLException {
        touched();
        this.target.setTransactionIsolation(level);
    }

    @Override
    public int getTransactionIsolation() throws SQLException {
        return this.target.getTransactionIsolation();
    }

    @Override
    public SQLWarning getWarnings() throws SQLException {
        return this.target.getWarnings();
    }

    @Override
    public void clearWarnings() throws SQLException {
        this.target.clearWarnings();
    }

    @Override
    public Statement createStatement(int resultSetType, int resultSetConcurrency) throws SQLException {
        touched();
        return new GuardedStatement(this.target.createStatement(resultSetType, resultSetConcurrency), this);
    }

    @Override
    public PreparedStatement prepareStatement(String sql, int resultSetType, int resultSetConcurrency)
            throws SQLException {
        sqlSent(sql);
        return new GuardedPreparedStatement(
                this.target.prepareStatement(sql, resultSetType, resultSetConcurrency), this);
    }

    @Override
    public CallableStatement prepareCall(String sql, int resultSetType, int resultSetConcurrency) throws SQLException {
        sqlSent(sql);
        return GuardedJdbcObject.callable(this.target.prepareCall(sql, resultSetType, resultSetConcurrency), this);
    }

    @Override
    public Map<String, Class<?>> getTypeMap() throws SQLException {
        return this.target.getTypeMap();
    }

    @Override
    public void setTypeMap(Map<String, Class<?>> map) throws SQLException {
        touched();
        this.target.setTypeMap(map);
    }

    @Override
    public void setHoldability(int holdability) throws SQLException {
        touched();
        this.target.setHoldability(holdability);
    }

    @Override
    public int getHoldability() throws SQLException {
        return this.target.getHoldability();
    }

    @Override
    public Savepoint setSavepoint() throws SQLException {
        touched();
        return this.target.setSavepoint();
    }

    @Override
    public Savepoint setSavepoint(String name) throws SQLException {
        touched();
        return this.target.setSavepoint(name);
    }

    @Override
    public void rollback(Savepoint savepoint) throws SQLException {
        touched();
        this.target.rollback(savepoint);
    }

    @Override
    public void releaseSavepoint(Savepoint savepoint) throws SQLException {
        touched();
        this.target.releaseSavepoint(savepoint);
    }

    @Override
    public Statement createStatement(int resultSetType, int resultSetConcurrency, int resultSetHoldability)
            throws SQLException {
        touched();
        return new GuardedStatement(
                this.target.createStatement(resultSetType, resultSetConcurrency, resultSetHoldability), this);
    }

    @Override
    public PreparedStatement prepareStatement(
            String sql, int resultSetType, int resultSetConcurrency, int resultSetHoldability) throws SQLException {
        sqlSent(sql);
        return new GuardedPreparedStatement(
                this.target.prepareStatement(sql, resultSetType, resultSetConcurrency, resultSetHoldability), this);
    }

    @Override
    public CallableStatement prepareCall(
            String sql, int resultSetType, int resultSetConcurrency, int resultSetHoldability) throws SQLException {
        sqlSent(sql);
        return GuardedJdbcObject.callable(
                this.target.prepareCall(sql, resultSetType, resultSetConcurrency, resultSetHoldability), this);
    }

    @Override
    public PreparedStatement prepareStatement(String sql, int autoGeneratedKeys) throws SQLException {
        sqlSent(sql);
        return new GuardedPreparedStatement(this.target.prepareStatement(sql, autoGeneratedKeys), this);
    }

    @Override
    public PreparedStatement prepareStatement(String sql, int[] columnIndexes) throws SQLException {
        sqlSent(sql);
        return new GuardedPreparedStatement(this.target.prepareStatement(sql, columnIndexes), this);
    }

    @Override
    public PreparedStatement prepareStatement(String sql, String[] columnNames) throws SQLException {
        sqlSent(sql);
        return new GuardedPreparedStatement(this.target.prepareStatement(sql, columnNames), this);
    }

    @Override
    public Clob createClob() throws SQLException {
        touched();
        return this.target.createClob();
    }

    @Override
    public Blob createBlob() throws SQLException {
        touched();
        return this.target.createBlob();
    }

    @Override
    public NClob createNClob() throws SQLException {
        touched();
        return this.target.createNClob();
    }

    @Override
    public SQLXML createSQLXML() throws SQLException {
        touched();
        return this.target.createSQLXML();
    }

    @Override
    public boolean isValid(int timeout) throws SQLException {
        return this.target.isValid(timeout);
    }

    @Override
    public void setClientInfo(String name, String value) throws SQLClientInfoException {
        touched();
        this.target.setClientInfo(name, value);
    }

    @Override
    public void setClientInfo(Properties properties) throws SQLClientInfoException {
        touched();
        this.target.setClientInfo(properties);
    }

    @Override
    public String getClientInfo(String name) throws SQLException {
        return this.target.getClientInfo(name);
    }

    @Override
    public Properties getClientInfo() throws SQLException {
        return this.target.getClientInfo();
    }

    @Override
    public Array createArrayOf(String typeName, Object[] elements) throws SQLException {
        touched();
        return this.target.createArrayOf(typeName, elements);
    }

    @Override
    public Struct createStruct(String typeName, Object[] attributes) throws SQLException {
        touched();
        return this.target.createStruct(typeName, attributes);
    }

    @Override
    public void setSchema(String schema) throws SQLException {
        touched();
        this.target.setSchema(schema);
    }

    @Override
    public String getSchema() throws SQLException {
        return this.target.getSchema();
    }

    @Override
    public void abort(Executor executor) throws SQLException {
        touched();
        this.target.abort(executor);
    }

    @Override
    public void setNetworkTimeout(Executor executor, int milliseconds) throws SQLException {
        touched();
        this.target.setNetworkTimeout(executor, milliseconds);
    }

    @Override
    public int getNetworkTimeout() throws SQLException {
        return this.target.getNetworkTimeout();
    }

    @Override
    public void beginRequest() throws SQLException {
        touched();
        this.target.beginRequest();
    }

    @Override
    public void endRequest() throws SQLException {
        touched();
        this.target.endRequest();
    }

    @Override
    public boolean setShardingKeyIfValid(ShardingKey shardingKey, ShardingKey superShardingKey, int timeout)
            throws SQLException {
        touched();
        return this.target.setShardingKeyIfValid(shardingKey, superShardingKey, timeout);
    }

    @Override
    public boolean setShardingKeyIfValid(ShardingKey shardingKey, int timeout) throws SQLException {
        touched();
        return this.target.setShardingKeyIfValid(shardingKey, timeout);
    }

    @Override
    public void setShardingKey(ShardingKey shardingKey, ShardingKey superShardingKey) throws SQLException {
        touched();
        this.target.setShardingKey(shardingKey, superShardingKey);
    }

    @Override
    public void setShardingKey(ShardingKey shardingKey) throws SQLException {
        touched();
        this.target.setShardingKey(shardingKey);
    }
}
