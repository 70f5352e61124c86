package dev.shadowtx.core.tx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import com.zaxxer.hikari.HikariDataSource;
import dev.shadowtx.core.context.MarkerSource;
import dev.shadowtx.core.context.ShadowContext;
import dev.shadowtx.core.context.ShadowContextHolder;
import dev.shadowtx.core.context.ShadowMode;
import dev.shadowtx.core.metrics.ShadowRecorder;
import dev.shadowtx.core.testsupport.Databases;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.TransactionStatus;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The guards' less travelled paths: managers that cannot be subclassed, and drivers that fail
 * while a connection is being guarded or closed. Failing drivers are simulated, since a real one
 * cannot be made to fail on cue; the effect checked is that no connection leaks unguarded.
 */
class GuardEdgeCaseTests {

    private static final ShadowContext SHADOW = ShadowContext.of(ShadowMode.SHADOW, MarkerSource.HEADER);

    private HikariDataSource pool;

    @AfterEach
    void close() {
        ShadowContextHolder.clear();
        if (this.pool != null) {
            this.pool.close();
        }
    }

    @Test
    void finalManagerBeanIsWrappedInAnInterfaceProxyThatRollsBack() {
        this.pool = Databases.H2.pool(2);
        JdbcTemplate jdbc = new JdbcTemplate(this.pool);
        jdbc.execute("create table edge_tx (item varchar(20))");
        FinalManager manager = new FinalManager(new DataSourceTransactionManager(this.pool));
        Object processed = new ShadowTransactionManagerPostProcessor(() -> ShadowRecorder.NOOP)
                .postProcessAfterInitialization(manager, "finalManager");
        assertThat(processed).isNotSameAs(manager).isInstanceOf(PlatformTransactionManager.class);
        assertThat(processed).isNotInstanceOf(FinalManager.class);
        TransactionTemplate template = new TransactionTemplate((PlatformTransactionManager) processed);
        try (ShadowContextHolder.Scope scope = ShadowContextHolder.bind(SHADOW)) {
            template.executeWithoutResult((status) -> jdbc.update("insert into edge_tx values ('shadow')"));
        }
        template.executeWithoutResult((status) -> jdbc.update("insert into edge_tx values ('live')"));
        assertThat(jdbc.queryForList("select item from edge_tx", String.class)).containsExactly("live");
    }

    @Test
    void connectionThatCannotBeGuardedIsClosedAndNeverHandedOut() {
        List<String> calls = new ArrayList<>();
        Connection failing = fakeConnection(calls, "getAutoCommit");
        DataSource guarded = ShadowDataSourceGuard.guard(dataSourceReturning(failing), () -> ShadowRecorder.NOOP);
        try (ShadowContextHolder.Scope scope = ShadowContextHolder.bind(SHADOW)) {
            assertThatExceptionOfType(SQLException.class)
                    .isThrownBy(guarded::getConnection)
                    .withMessage("getAutoCommit failed");
        }
        assertThat(calls).contains("close");
    }

    @Test
    void connectionWhoseRollbackFailsOnCloseIsStillClosed() throws Exception {
        List<String> calls = new ArrayList<>();
        Connection failing = fakeConnection(calls, "rollback");
        DataSource guarded = ShadowDataSourceGuard.guard(dataSourceReturning(failing), () -> ShadowRecorder.NOOP);
        Connection connection;
        try (ShadowContextHolder.Scope scope = ShadowContextHolder.bind(SHADOW)) {
            connection = guarded.getConnection();
        }
        assertThat(connection.unwrap(Connection.class)).isSameAs(connection);
        assertThat(connection.isWrapperFor(Connection.class)).isTrue();
        assertThat(connection.isWrapperFor(String.class)).isFalse();
        assertThatExceptionOfType(SQLException.class)
                .isThrownBy(connection::close)
                .withMessage("rollback failed");
        assertThat(calls).containsSubsequence("rollback", "close");
        assertThat(connection.isClosed()).isTrue();
    }

    private static DataSource dataSourceReturning(Connection connection) {
        return (DataSource) Proxy.newProxyInstance(
                GuardEdgeCaseTests.class.getClassLoader(),
                new Class<?>[] {DataSource.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "getConnection" -> connection;
                    case "toString" -> "fake data source";
                    case "hashCode" -> System.identityHashCode(proxy);
                    case "equals" -> proxy == args[0];
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }

    private static Connection fakeConnection(List<String> calls, String failingMethod) {
        return (Connection) Proxy.newProxyInstance(
                GuardEdgeCaseTests.class.getClassLoader(), new Class<?>[] {Connection.class}, (proxy, method, args) -> {
                    calls.add(method.getName());
                    if (method.getName().equals(failingMethod)) {
                        throw new SQLException(failingMethod + " failed");
                    }
                    return switch (method.getName()) {
                        case "getAutoCommit" -> true;
                        case "isClosed" -> calls.contains("close");
                        case "isWrapperFor" -> false;
                        case "toString" -> "fake connection";
                        case "hashCode" -> System.identityHashCode(proxy);
                        case "equals" -> proxy == args[0];
                        default -> null;
                    };
                });
    }

    /**
     * A manager of a final class that implements only the interface.
     */
    static final class FinalManager implements PlatformTransactionManager {

        private final PlatformTransactionManager delegate;

        FinalManager(PlatformTransactionManager delegate) {
            this.delegate = delegate;
        }

        @Override
        public TransactionStatus getTransaction(TransactionDefinition definition) {
            return this.delegate.getTransaction(definition);
        }

        @Override
        public void commit(TransactionStatus status) {
            this.delegate.commit(status);
        }

        @Override
        public void rollback(TransactionStatus status) {
            this.delegate.rollback(status);
        }
    }
}
