package dev.shadowtx.core.tx;

import dev.shadowtx.core.context.ShadowMode;
import dev.shadowtx.core.metrics.ShadowRecorder;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.sql.Connection;
import java.sql.SQLException;
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
 * connection, never to the physical one ({@link GuardedJdbcObject}).
 * <p>
 * A rollback with nothing to undo is not sent again: once the physical connection was rolled
 * back, the rollbacks of {@code commit()}, {@code setAutoCommit(true)} and {@code close()} are
 * skipped until something else is asked of the connection or of an object reached from it. Once
 * the driver's own connection or object was handed out ({@code unwrap}), which this guard does not
 * see, every rollback is sent.
 */
final class ShadowConnection implements InvocationHandler {

    private static final Constructor<?> PROXY = GuardedJdbcObject.proxyConstructor(Connection.class);

    private final Connection target;

    private final ShadowMode mode;

    private final Supplier<ShadowRecorder> recorder;

    private final boolean originalAutoCommit;

    private final ShadowSessionLimits limits;

    private final boolean limitsApplied;

    private boolean reportedAutoCommit;

    private boolean closed;

    /**
     * Whether the physical connection was rolled back and nothing was asked of it, or of an
     * object reached from it, since: another rollback would have nothing to undo.
     */
    private volatile boolean clean;

    /**
     * Whether a driver object that this guard does not see was handed out; every rollback is then sent.
     */
    private volatile boolean escaped;

    private ShadowConnection(
            Connection target, ShadowMode mode, Supplier<ShadowRecorder> recorder, ShadowSessionLimits limits)
            throws SQLException {
        this.target = target;
        this.mode = mode;
        this.recorder = recorder;
        this.limits = limits;
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
     * @return the guarded connection
     * @throws SQLException when the connection cannot be switched to manual commit; it is then
     * closed, and the caller gets no connection rather than an unguarded one
     */
    static Connection wrap(
            Connection target, ShadowMode mode, Supplier<ShadowRecorder> recorder, ShadowSessionLimits limits)
            throws SQLException {
        ShadowConnection handler;
        try {
            handler = new ShadowConnection(target, mode, recorder, limits);
        } catch (SQLException | RuntimeException ex) {
            closeAfterFailure(target, ex);
            throw ex;
        }
        return (Connection) GuardedJdbcObject.newProxy(PROXY, handler);
    }

    @Override
    public @Nullable Object invoke(Object proxy, Method method, @Nullable Object[] args) throws Throwable {
        switch (method.getName()) {
            case "commit":
                if (args == null) {
                    preventCommit();
                    return null;
                }
                break;
            case "setAutoCommit":
                if (args != null && args.length == 1) {
                    setAutoCommit((Boolean) args[0]);
                    return null;
                }
                break;
            case "getAutoCommit":
                if (args == null) {
                    checkOpen();
                    return this.reportedAutoCommit;
                }
                break;
            case "close":
                if (args == null) {
                    close();
                    return null;
                }
                break;
            case "rollback":
                if (args == null) {
                    checkOpen();
                    this.clean = false;
                    this.target.rollback();
                    this.clean = !this.escaped;
                    return null;
                }
                break;
            case "isClosed":
                if (args == null) {
                    return this.closed || this.target.isClosed();
                }
                break;
            case "equals", "hashCode", "toString", "unwrap", "isWrapperFor":
                Object own = GuardedJdbcObject.ownMethod(proxy, this.target, method.getName(), args);
                if (own != GuardedJdbcObject.NOT_OWN) {
                    return own;
                }
                break;
            default:
                break;
        }
        touched(method);
        Object result;
        try {
            result = method.invoke(this.target, args);
        } catch (InvocationTargetException ex) {
            throw ex.getTargetException();
        }
        return GuardedJdbcObject.guard(result, method.getReturnType(), (Connection) proxy, this, null);
    }

    /**
     * Note that a call is about to reach the driver, on this connection or on an object reached
     * from it: there may be work to roll back from now on.
     * @param method the method called
     */
    void touched(Method method) {
        if (method.getName().equals("unwrap")) {
            this.escaped = true;
        }
        this.clean = false;
    }

    private void preventCommit() throws SQLException {
        checkOpen();
        rollbackTarget();
        this.recorder.get().jdbcCommitPrevented(this.mode);
    }

    private void rollbackTarget() throws SQLException {
        if (this.clean) {
            return;
        }
        this.target.rollback();
        this.clean = !this.escaped;
    }

    private void setAutoCommit(boolean autoCommit) throws SQLException {
        checkOpen();
        if (autoCommit && !this.reportedAutoCommit) {
            preventCommit();
        }
        this.reportedAutoCommit = autoCommit;
    }

    private void close() throws SQLException {
        if (this.closed) {
            return;
        }
        this.closed = true;
        try {
            if (!this.target.isClosed()) {
                rollbackTarget();
                if (this.reportedAutoCommit) {
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

    private void checkOpen() throws SQLException {
        if (this.closed) {
            throw new SQLException("Connection is closed");
        }
    }

    private static void closeAfterFailure(Connection target, Exception failure) {
        try {
            target.close();
        } catch (SQLException | RuntimeException closeFailure) {
            failure.addSuppressed(closeFailure);
        }
    }
}
