package dev.shadowtx.core.tx;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLWarning;
import java.sql.Statement;
import org.jspecify.annotations.Nullable;

/**
 * A statement made by a shadow connection ({@link ShadowConnection}). The JDBC API hands the
 * connection back through it ({@code getConnection()}, and the result sets' {@code getStatement()});
 * the driver's statement would return the physical connection, on which {@code commit()} commits.
 * This one returns the guarded connection, and guards the result sets it returns in turn. Every
 * other call goes to the driver's statement unchanged, and tells the connection that there may be
 * work to roll back; SQL text is first read by the connection, which refuses a statement that
 * would end the transaction ({@link ShadowConnection#sqlSent}).
 * <p>
 * {@code unwrap(...)} to a type this guard does not implement is refused, as on the connection
 * ({@link GuardedJdbcObject#refuseUnwrap}).
 */
class GuardedStatement implements Statement {

    private final Statement target;

    final ShadowConnection connection;

    GuardedStatement(Statement target, ShadowConnection connection) {
        this.target = target;
        this.connection = connection;
    }

    @Override
    public Connection getConnection() {
        return this.connection;
    }

    @Override
    public <T> T unwrap(Class<T> iface) throws SQLException {
        if (GuardedJdbcObject.isOwnType(this, iface)) {
            return iface.cast(this);
        }
        throw this.connection.refuseUnwrap(this, iface);
    }

    @Override
    public boolean isWrapperFor(Class<?> iface) throws SQLException {
        if (GuardedJdbcObject.isOwnType(this, iface)) {
            return true;
        }
        this.connection.touched();
        return this.target.isWrapperFor(iface);
    }

    @Override
    public String toString() {
        return GuardedJdbcObject.describe(this.target);
    }

    /**
     * Guard a result set this statement returned.
     * @param resultSet the driver's result set, or {@code null}
     * @return the guarded result set, leading back to this statement
     */
    final @Nullable ResultSet resultSet(@Nullable ResultSet resultSet) {
        return GuardedJdbcObject.resultSet(resultSet, this.connection, this);
    }

    // every other call: to the driver's statement

    @Override
    public @Nullable ResultSet executeQuery(String sql) throws SQLException {
        this.connection.sqlSent(sql);
        return resultSet(this.target.executeQuery(sql));
    }

    @Override
    public int executeUpdate(String sql) throws SQLException {
        this.connection.sqlSent(sql);
        return this.target.executeUpdate(sql);
    }

    @Override
    public void close() throws SQLException {
        this.connection.touched();
        this.target.close();
    }

    @Override
    public int getMaxFieldSize() throws SQLException {
        this.connection.touched();
        return this.target.getMaxFieldSize();
    }

    @Override
    public void setMaxFieldSize(int max) throws SQLException {
        this.connection.touched();
        this.target.setMaxFieldSize(max);
    }

    @Override
    public int getMaxRows() throws SQLException {
        this.connection.touched();
        return this.target.getMaxRows();
    }

    @Override
    public void setMaxRows(int max) throws SQLException {
        this.connection.touched();
        this.target.setMaxRows(max);
    }

    @Override
    public void setEscapeProcessing(boolean enable) throws SQLException {
        this.connection.touched();
        this.target.setEscapeProcessing(enable);
    }

    @Override
    public int getQueryTimeout() throws SQLException {
        this.connection.touched();
        return this.target.getQueryTimeout();
    }

    @Override
    public void setQueryTimeout(int seconds) throws SQLException {
        this.connection.touched();
        this.target.setQueryTimeout(seconds);
    }

    @Override
    public void cancel() throws SQLException {
        this.connection.touched();
        this.target.cancel();
    }

    @Override
    public SQLWarning getWarnings() throws SQLException {
        this.connection.touched();
        return this.target.getWarnings();
    }

    @Override
    public void clearWarnings() throws SQLException {
        this.connection.touched();
        this.target.clearWarnings();
    }

    @Override
    public void setCursorName(String name) throws SQLException {
        this.connection.touched();
        this.target.setCursorName(name);
    }

    @Override
    public boolean execute(String sql) throws SQLException {
        this.connection.sqlSent(sql);
        return this.target.execute(sql);
    }

    @Override
    public @Nullable ResultSet getResultSet() throws SQLException {
        this.connection.touched();
        return resultSet(this.target.getResultSet());
    }

    @Override
    public int getUpdateCount() throws SQLException {
        this.connection.touched();
        return this.target.getUpdateCount();
    }

    @Override
    public boolean getMoreResults() throws SQLException {
        this.connection.touched();
        return this.target.getMoreResults();
    }

    @Override
    public void setFetchDirection(int direction) throws SQLException {
        this.connection.touched();
        this.target.setFetchDirection(direction);
    }

    @Override
    public int getFetchDirection() throws SQLException {
        this.connection.touched();
        return this.target.getFetchDirection();
    }

    @Override
    public void setFetchSize(int rows) throws SQLException {
        this.connection.touched();
        this.target.setFetchSize(rows);
    }

    @Override
    public int getFetchSize() throws SQLException {
        this.connection.touched();
        return this.target.getFetchSize();
    }

    @Override
    public int getResultSetConcurrency() throws SQLException {
        this.connection.touched();
        return this.target.getResultSetConcurrency();
    }

    @Override
    public int getResultSetType() throws SQLException {
        this.connection.touched();
        return this.target.getResultSetType();
    }

    @Override
    public void addBatch(String sql) throws SQLException {
        this.connection.sqlSent(sql);
        this.target.addBatch(sql);
    }

    @Override
    public void clearBatch() throws SQLException {
        this.connection.touched();
        this.target.clearBatch();
    }

    @Override
    public int[] executeBatch() throws SQLException {
        this.connection.touched();
        return this.target.executeBatch();
    }

    @Override
    public boolean getMoreResults(int current) throws SQLException {
        this.connection.touched();
        return this.target.getMoreResults(current);
    }

    @Override
    public @Nullable ResultSet getGeneratedKeys() throws SQLException {
        this.connection.touched();
        return resultSet(this.target.getGeneratedKeys());
    }

    @Override
    public int executeUpdate(String sql, int autoGeneratedKeys) throws SQLException {
        this.connection.sqlSent(sql);
        return this.target.executeUpdate(sql, autoGeneratedKeys);
    }

    @Override
    public int executeUpdate(String sql, int[] columnIndexes) throws SQLException {
        this.connection.sqlSent(sql);
        return this.target.executeUpdate(sql, columnIndexes);
    }

    @Override
    public int executeUpdate(String sql, String[] columnNames) throws SQLException {
        this.connection.sqlSent(sql);
        return this.target.executeUpdate(sql, columnNames);
    }

    @Override
    public boolean execute(String sql, int autoGeneratedKeys) throws SQLException {
        this.connection.sqlSent(sql);
        return this.target.execute(sql, autoGeneratedKeys);
    }

    @Override
    public boolean execute(String sql, int[] columnIndexes) throws SQLException {
        this.connection.sqlSent(sql);
        return this.target.execute(sql, columnIndexes);
    }

    @Override
    public boolean execute(String sql, String[] columnNames) throws SQLException {
        this.connection.sqlSent(sql);
        return this.target.execute(sql, columnNames);
    }

    @Override
    public int getResultSetHoldability() throws SQLException {
        this.connection.touched();
        return this.target.getResultSetHoldability();
    }

    @Override
    public boolean isClosed() throws SQLException {
        this.connection.touched();
        return this.target.isClosed();
    }

    @Override
    public void setPoolable(boolean poolable) throws SQLException {
        this.connection.touched();
        this.target.setPoolable(poolable);
    }

    @Override
    public boolean isPoolable() throws SQLException {
        this.connection.touched();
        return this.target.isPoolable();
    }

    @Override
    public void closeOnCompletion() throws SQLException {
        this.connection.touched();
        this.target.closeOnCompletion();
    }

    @Override
    public boolean isCloseOnCompletion() throws SQLException {
        this.connection.touched();
        return this.target.isCloseOnCompletion();
    }

    @Override
    public long getLargeUpdateCount() throws SQLException {
        this.connection.touched();
        return this.target.getLargeUpdateCount();
    }

    @Override
    public void setLargeMaxRows(long max) throws SQLException {
        this.connection.touched();
        this.target.setLargeMaxRows(max);
    }

    @Override
    public long getLargeMaxRows() throws SQLException {
        this.connection.touched();
        return this.target.getLargeMaxRows();
    }

    @Override
    public long[] executeLargeBatch() throws SQLException {
        this.connection.touched();
        return this.target.executeLargeBatch();
    }

    @Override
    public long executeLargeUpdate(String sql) throws SQLException {
        this.connection.sqlSent(sql);
        return this.target.executeLargeUpdate(sql);
    }

    @Override
    public long executeLargeUpdate(String sql, int autoGeneratedKeys) throws SQLException {
        this.connection.sqlSent(sql);
        return this.target.executeLargeUpdate(sql, autoGeneratedKeys);
    }

    @Override
    public long executeLargeUpdate(String sql, int[] columnIndexes) throws SQLException {
        this.connection.sqlSent(sql);
        return this.target.executeLargeUpdate(sql, columnIndexes);
    }

    @Override
    public long executeLargeUpdate(String sql, String[] columnNames) throws SQLException {
        this.connection.sqlSent(sql);
        return this.target.executeLargeUpdate(sql, columnNames);
    }

    @Override
    public String enquoteLiteral(String val) throws SQLException {
        this.connection.touched();
        return this.target.enquoteLiteral(val);
    }

    @Override
    public String enquoteIdentifier(String identifier, boolean alwaysQuote) throws SQLException {
        this.connection.touched();
        return this.target.enquoteIdentifier(identifier, alwaysQuote);
    }

    @Override
    public boolean isSimpleIdentifier(String identifier) throws SQLException {
        this.connection.touched();
        return this.target.isSimpleIdentifier(identifier);
    }

    @Override
    public String enquoteNCharLiteral(String val) throws SQLException {
        this.connection.touched();
        return this.target.enquoteNCharLiteral(val);
    }
}
