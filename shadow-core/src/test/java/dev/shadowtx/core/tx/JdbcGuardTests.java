package dev.shadowtx.core.tx;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import dev.shadowtx.core.context.MarkerSource;
import dev.shadowtx.core.context.ShadowContext;
import dev.shadowtx.core.context.ShadowContextHolder;
import dev.shadowtx.core.context.ShadowMode;
import dev.shadowtx.core.metrics.ShadowRecorder;
import dev.shadowtx.core.testsupport.Databases;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DelegatingDataSource;

class JdbcGuardTests {

    private static final ShadowContext SHADOW = ShadowContext.of(ShadowMode.SHADOW, MarkerSource.HEADER);

    private final AtomicInteger prevented = new AtomicInteger();

    private final ShadowRecorder recorder = new ShadowRecorder() {
        @Override
        public void jdbcCommitPrevented(ShadowMode mode) {
            JdbcGuardTests.this.prevented.incrementAndGet();
        }
    };

    private HikariDataSource pool;

    @AfterEach
    void close() {
        ShadowContextHolder.clear();
        if (this.pool != null) {
            this.pool.close();
        }
    }

    @ParameterizedTest
    @EnumSource(Databases.class)
    void autoCommitJdbcTemplateLeavesNoRowInShadow(Databases database) {
        JdbcTemplate jdbc = new JdbcTemplate(guardedPool(database, 4));
        try (ShadowContextHolder.Scope scope = ShadowContextHolder.bind(SHADOW)) {
            jdbc.update("insert into orders_jdbc (item) values ('shadow')");
            assertThat(jdbc.queryForObject("select count(*) from orders_jdbc", Integer.class))
                    .isZero();
        }
        jdbc.update("insert into orders_jdbc (item) values ('live')");
        assertThat(jdbc.queryForList("select item from orders_jdbc", String.class))
                .containsExactly("live");
        assertThat(this.prevented.get()).isPositive();
    }

    @ParameterizedTest
    @EnumSource(Databases.class)
    void explicitCommitAutoCommitSwitchAndCloseAllRollBack(Databases database) throws Exception {
        DataSource dataSource = guardedPool(database, 4);
        try (ShadowContextHolder.Scope scope = ShadowContextHolder.bind(SHADOW)) {
            try (Connection connection = dataSource.getConnection()) {
                assertThat(connection.getAutoCommit()).isTrue();
                connection.setAutoCommit(false);
                insert(connection, "committed");
                connection.commit();
                insert(connection, "auto-commit-switch");
                connection.setAutoCommit(true);
                assertThat(connection.getAutoCommit()).isTrue();
                insert(connection, "left-open");
            }
        }
        assertThat(count(dataSource)).isZero();
        assertThat(this.prevented.get()).isEqualTo(3);
    }

    @ParameterizedTest
    @EnumSource(Databases.class)
    void pooledConnectionGoesBackCleanForTheNextLiveBorrower(Databases database) throws Exception {
        DataSource dataSource = guardedPool(database, 1);
        JdbcTemplate jdbc = new JdbcTemplate(dataSource);
        try (ShadowContextHolder.Scope scope = ShadowContextHolder.bind(SHADOW)) {
            jdbc.update("insert into orders_jdbc (item) values ('shadow')");
        }
        try (Connection connection = dataSource.getConnection()) {
            assertThat(connection.getAutoCommit()).isTrue();
            assertThat(java.lang.reflect.Proxy.isProxyClass(connection.getClass()))
                    .isFalse();
            insert(connection, "live");
        }
        assertThat(new JdbcTemplate(dataSource).queryForList("select item from orders_jdbc", String.class))
                .containsExactly("live");
    }

    @ParameterizedTest
    @EnumSource(Databases.class)
    void connectionBorrowedInShadowStaysGuardedAfterTheContextIsCleared(Databases database) throws Exception {
        DataSource dataSource = guardedPool(database, 2);
        Connection connection;
        try (ShadowContextHolder.Scope scope = ShadowContextHolder.bind(SHADOW)) {
            connection = dataSource.getConnection();
        }
        insert(connection, "late");
        connection.commit();
        connection.close();
        assertThat(count(dataSource)).isZero();
    }

    @ParameterizedTest
    @EnumSource(Databases.class)
    void guardKeepsThePoolType(Databases database) {
        DataSource guarded = guardedPool(database, 1);
        assertThat(guarded).isInstanceOf(HikariDataSource.class);
        assertThat(ShadowDataSourceGuard.isGuarded(guarded)).isTrue();
        assertThat(ShadowDataSourceGuard.guard(guarded, () -> this.recorder)).isSameAs(guarded);
    }

    @ParameterizedTest
    @EnumSource(Databases.class)
    void rollbackWithNothingToUndoIsNotSentAgainAndTheWorkStaysRolledBack(Databases database) throws Exception {
        AtomicInteger driverRollbacks = new AtomicInteger();
        DataSource dataSource = guardedCountingRollbacks(database, driverRollbacks);
        try (ShadowContextHolder.Scope scope = ShadowContextHolder.bind(SHADOW)) {
            try (Connection connection = dataSource.getConnection()) {
                connection.setAutoCommit(false);
                insert(connection, "rolled-back");
                connection.rollback();
                connection.commit();
                connection.setAutoCommit(true);
            }
        }
        assertThat(count(this.pool)).isZero();
        assertThat(driverRollbacks.get()).isEqualTo(1);
        // the explicit commit is counted; setAutoCommit(true) and close() had nothing to commit
        assertThat(this.prevented.get()).isEqualTo(1);
    }

    @ParameterizedTest
    @EnumSource(Databases.class)
    void aTransactionRolledBackByItsManagerCountsNoPreventedCommitWhenItsConnectionIsReset(Databases database)
            throws Exception {
        AtomicInteger driverRollbacks = new AtomicInteger();
        DataSource dataSource = guardedCountingRollbacks(database, driverRollbacks);
        try (ShadowContextHolder.Scope scope = ShadowContextHolder.bind(SHADOW)) {
            // what a transaction manager does: begin, work, roll back, restore auto-commit, read and
            // clear the warnings, close
            try (Connection connection = dataSource.getConnection()) {
                connection.setAutoCommit(false);
                insert(connection, "rolled-back-by-the-manager");
                connection.rollback();
                connection.setAutoCommit(true);
                connection.getWarnings();
                connection.clearWarnings();
                assertThat(connection.isReadOnly()).isFalse();
            }
        }
        assertThat(count(this.pool)).isZero();
        assertThat(driverRollbacks.get()).isEqualTo(1);
        assertThat(this.prevented.get()).isZero();
    }

    @ParameterizedTest
    @EnumSource(Databases.class)
    void workThroughAStatementAfterARollbackIsRolledBackOnClose(Databases database) throws Exception {
        DataSource dataSource = guardedPool(database, 1);
        try (ShadowContextHolder.Scope scope = ShadowContextHolder.bind(SHADOW)) {
            try (Connection connection = dataSource.getConnection();
                    Statement statement = connection.createStatement()) {
                connection.setAutoCommit(false);
                connection.rollback();
                statement.executeUpdate("insert into orders_jdbc (item) values ('after-rollback')");
                connection.commit();
                statement.executeUpdate("insert into orders_jdbc (item) values ('after-commit')");
                connection.setAutoCommit(true);
                statement.executeUpdate("insert into orders_jdbc (item) values ('auto-commit')");
            }
        }
        assertThat(count(dataSource)).isZero();
    }

    @ParameterizedTest
    @EnumSource(Databases.class)
    void workThroughTheUnwrappedDriverConnectionAfterARollbackIsRolledBackOnClose(Databases database) throws Exception {
        DataSource dataSource = guardedPool(database, 1);
        Class<?> driverConnection = Class.forName(
                (database == Databases.H2) ? "org.h2.jdbc.JdbcConnection" : "org.postgresql.jdbc.PgConnection");
        try (ShadowContextHolder.Scope scope = ShadowContextHolder.bind(SHADOW)) {
            try (Connection connection = dataSource.getConnection()) {
                connection.setAutoCommit(false);
                Connection driver = (Connection) connection.unwrap(driverConnection);
                connection.rollback();
                insert(driver, "unwrapped");
            }
        }
        assertThat(count(dataSource)).isZero();
    }

    /**
     * A guarded pool whose driver connections count the rollbacks they receive.
     */
    private DataSource guardedCountingRollbacks(Databases database, AtomicInteger rollbacks) {
        guardedPool(database, 1);
        return ShadowDataSourceGuard.guard(countingRollbacks(this.pool, rollbacks), () -> this.recorder);
    }

    private static DataSource countingRollbacks(DataSource dataSource, AtomicInteger rollbacks) {
        return new DelegatingDataSource(dataSource) {
            @Override
            public Connection getConnection() throws SQLException {
                Connection connection = super.getConnection();
                return (Connection) Proxy.newProxyInstance(
                        JdbcGuardTests.class.getClassLoader(),
                        new Class<?>[] {Connection.class},
                        (proxy, method, args) -> {
                            if (method.getName().equals("rollback") && args == null) {
                                rollbacks.incrementAndGet();
                            }
                            try {
                                return method.invoke(connection, args);
                            } catch (InvocationTargetException ex) {
                                throw ex.getTargetException();
                            }
                        });
            }
        };
    }

    private DataSource guardedPool(Databases database, int size) {
        this.pool = database.pool(size);
        new JdbcTemplate(this.pool).execute("drop table if exists orders_jdbc");
        new JdbcTemplate(this.pool).execute("create table orders_jdbc (id serial primary key, item varchar(40))");
        return ShadowDataSourceGuard.guard(this.pool, () -> this.recorder);
    }

    private static void insert(Connection connection, String item) throws Exception {
        try (Statement statement = connection.createStatement()) {
            statement.executeUpdate("insert into orders_jdbc (item) values ('" + item + "')");
        }
    }

    private static int count(DataSource dataSource) {
        return new JdbcTemplate(dataSource).queryForObject("select count(*) from orders_jdbc", Integer.class);
    }
}
