package dev.shadowtx.core.tx;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * Lock and statement timeouts for connections borrowed in shadow, so that a shadow transaction on
 * the live database yields to live work (it fails fast on a lock a live transaction holds) instead
 * of making live work wait.
 * <p>
 * Supported on PostgreSQL ({@code lock_timeout}, {@code statement_timeout}), set for the session
 * when the connection is borrowed and reset before it goes back to the pool. Other databases are
 * left unchanged, with one INFO line per database product.
 * <p>
 * They also name the procedures that connections borrowed in shadow may call where a called
 * procedure can commit the caller's transaction (see
 * {@link dev.shadowtx.core.sql.TransactionEndingStatements#withShadowSafeProcedures}).
 *
 * @param lockTimeout longest wait for a lock, or {@code null} for the database's own setting
 * @param statementTimeout longest statement, or {@code null} for the database's own setting
 * @param shadowSafeProcedures the procedures a shadow connection may call, each {@code name} or
 * {@code schema.name}, case ignored
 */
public record ShadowSessionLimits(
        @Nullable Duration lockTimeout, @Nullable Duration statementTimeout, List<String> shadowSafeProcedures) {

    /**
     * No limits.
     */
    public static final ShadowSessionLimits NONE = new ShadowSessionLimits(null, null);

    private static final Log logger = LogFactory.getLog(ShadowSessionLimits.class);

    private static final Set<String> unsupportedLogged = ConcurrentHashMap.newKeySet();

    /**
     * Timeouts only: no procedure is shadow-safe.
     * @param lockTimeout longest wait for a lock, or {@code null} for the database's own setting
     * @param statementTimeout longest statement, or {@code null} for the database's own setting
     */
    public ShadowSessionLimits(@Nullable Duration lockTimeout, @Nullable Duration statementTimeout) {
        this(lockTimeout, statementTimeout, List.of());
    }

    public ShadowSessionLimits {
        shadowSafeProcedures = List.copyOf(shadowSafeProcedures);
        if (lockTimeout != null && (lockTimeout.isNegative() || lockTimeout.isZero())) {
            throw new IllegalArgumentException("The lock timeout must be positive");
        }
        if (statementTimeout != null && (statementTimeout.isNegative() || statementTimeout.isZero())) {
            throw new IllegalArgumentException("The statement timeout must be positive");
        }
    }

    /**
     * Whether any timeout is set.
     * @return {@code true} when there is something to apply
     */
    public boolean isEmpty() {
        return this.lockTimeout == null && this.statementTimeout == null;
    }

    /**
     * Apply the limits to a freshly borrowed connection, committing them as session settings so
     * that the rollbacks of the shadow unit of work do not undo them.
     * @param connection the physical (or pooled) connection, still in its original auto-commit mode
     * @return whether anything was applied (and must be reset)
     * @throws SQLException when the database refuses the settings
     */
    boolean apply(Connection connection) throws SQLException {
        if (isEmpty() || !isPostgreSql(connection)) {
            return false;
        }
        try (Statement statement = connection.createStatement()) {
            if (this.lockTimeout != null) {
                statement.execute("SET lock_timeout = " + this.lockTimeout.toMillis());
            }
            if (this.statementTimeout != null) {
                statement.execute("SET statement_timeout = " + this.statementTimeout.toMillis());
            }
        }
        if (!connection.getAutoCommit()) {
            // a freshly borrowed connection holds no work of the caller yet: this commits only the SETs
            connection.commit();
        }
        return true;
    }

    /**
     * Reset what {@link #apply} set, after the shadow work was rolled back and the original
     * auto-commit mode restored.
     * @param connection the connection
     * @throws SQLException when the database refuses
     */
    void reset(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute("RESET lock_timeout");
            statement.execute("RESET statement_timeout");
        }
        if (!connection.getAutoCommit()) {
            connection.commit();
        }
    }

    private static boolean isPostgreSql(Connection connection) throws SQLException {
        String product = connection.getMetaData().getDatabaseProductName();
        if (product != null && product.toLowerCase(Locale.ROOT).contains("postgresql")) {
            return true;
        }
        if (unsupportedLogged.add(String.valueOf(product)) && logger.isInfoEnabled()) {
            logger.info("shadow.jdbc.lock-timeout / statement-timeout are not supported on " + product
                    + "; shadow connections keep the database's own timeouts");
        }
        return false;
    }
}
