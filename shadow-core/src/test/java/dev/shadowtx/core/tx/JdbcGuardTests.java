package dev.shadowtx.core.tx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.util.DriverDataSource;
import dev.shadowtx.core.ShadowBlockedException;
import dev.shadowtx.core.context.MarkerSource;
import dev.shadowtx.core.context.ShadowContext;
import dev.shadowtx.core.context.ShadowContextHolder;
import dev.shadowtx.core.context.ShadowMode;
import dev.shadowtx.core.metrics.ShadowRecorder;
import dev.shadowtx.core.testsupport.Databases;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.CallableStatement;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
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

    private final List<String> blocked = new CopyOnWriteArrayList<>();

    private final ShadowRecorder recorder = new ShadowRecorder() {
        @Override
        public void jdbcCommitPrevented(ShadowMode mode) {
            JdbcGuardTests.this.prevented.incrementAndGet();
        }

        @Override
        public void outboundDecision(String channel, String action, String destination) {
            JdbcGuardTests.this.blocked.add(channel + " " + action + " " + destination);
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
    void unwrapToADriverObjectIsRefusedInShadowAndNoRowCommits(Databases database) throws Exception {
        DataSource dataSource = guardedPool(database, 1);
        try (ShadowContextHolder.Scope scope = ShadowContextHolder.bind(SHADOW)) {
            try (Connection connection = dataSource.getConnection()) {
                connection.setAutoCommit(false);
                for (DriverObject object : DriverObject.values()) {
                    insert(connection, object.name());
                    Object guarded = object.open(connection);
                    assertThatExceptionOfType(ShadowBlockedException.class)
                            .as(object.name())
                            .isThrownBy(() -> object.commitThrough(
                                    ((java.sql.Wrapper) guarded).unwrap(object.driverType(database))))
                            .withMessageContaining("unwrap of the shadow " + object.jdbcType.getSimpleName() + " to "
                                    + object.driverType(database).getName())
                            .withMessageContaining("@LiveOnly");
                    assertThat(((java.sql.Wrapper) guarded).isWrapperFor(object.driverType(database)))
                            .isTrue();
                }
            }
        }
        assertThat(count(dataSource)).isZero();
        assertThat(this.blocked)
                .hasSize(DriverObject.values().length)
                .allMatch((decision) -> decision.startsWith("jdbc block unwrap of the shadow "));
    }

    @ParameterizedTest
    @EnumSource(Databases.class)
    void liveTwinCommitsThroughEachUnwrappedDriverObject(Databases database) throws Exception {
        DataSource dataSource = guardedPool(database, 1);
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            for (DriverObject object : DriverObject.values()) {
                insert(connection, object.name());
                object.commitThrough(object.open(connection).unwrap(object.driverType(database)));
            }
            connection.rollback();
            connection.setAutoCommit(true);
        }
        assertThat(count(dataSource)).isEqualTo(DriverObject.values().length);
        assertThat(this.blocked).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(Databases.class)
    void poolUnwrapsToTheGuardAndItsDriverDataSourceIsRefusedInShadow(Databases database) throws Exception {
        DataSource dataSource = guardedPool(database, 2);
        HikariDataSource unwrappedLive = dataSource.unwrap(HikariDataSource.class);
        assertThat(unwrappedLive).isSameAs(dataSource);
        try (ShadowContextHolder.Scope scope = ShadowContextHolder.bind(SHADOW)) {
            assertThat(dataSource.unwrap(HikariDataSource.class)).isSameAs(dataSource);
            try (Connection connection = unwrappedLive.getConnection()) {
                connection.setAutoCommit(false);
                insert(connection, "through-the-unwrapped-pool");
                connection.commit();
            }
            assertThat(dataSource.isWrapperFor(DriverDataSource.class)).isTrue();
            assertThatExceptionOfType(ShadowBlockedException.class)
                    .isThrownBy(() -> {
                        try (Connection driver =
                                dataSource.unwrap(DriverDataSource.class).getConnection()) {
                            insert(driver, "through-the-driver-data-source");
                        }
                    })
                    .withMessageContaining("unwrap of the shadow DataSource to " + DriverDataSource.class.getName());
        }
        assertThat(count(dataSource)).isZero();
        assertThat(this.blocked).hasSize(1);
        try (Connection driver = dataSource.unwrap(DriverDataSource.class).getConnection()) {
            insert(driver, "live");
        }
        assertThat(count(dataSource)).isOne();
    }

    /**
     * The JDBC objects a shadow connection leads to, each unwrapped to the driver's class and
     * followed back to the driver's connection, whose {@code commit()} would commit.
     */
    enum DriverObject {
        CONNECTION(Connection.class, "JdbcConnection", "PgConnection") {
            @Override
            java.sql.Wrapper open(Connection connection) {
                return connection;
            }
        },
        STATEMENT(Statement.class, "JdbcStatement", "PgStatement") {
            @Override
            java.sql.Wrapper open(Connection connection) throws SQLException {
                return connection.createStatement();
            }
        },
        PREPARED_STATEMENT(PreparedStatement.class, "JdbcPreparedStatement", "PgPreparedStatement") {
            @Override
            java.sql.Wrapper open(Connection connection) throws SQLException {
                return connection.prepareStatement("select 1");
            }
        },
        CALLABLE_STATEMENT(CallableStatement.class, "JdbcCallableStatement", "PgCallableStatement") {
            @Override
            java.sql.Wrapper open(Connection connection) throws SQLException {
                return connection.prepareCall("select 1");
            }
        },
        RESULT_SET(ResultSet.class, "JdbcResultSet", "PgResultSet") {
            @Override
            java.sql.Wrapper open(Connection connection) throws SQLException {
                return connection.createStatement().executeQuery("select 1");
            }
        },
        DATABASE_METADATA(DatabaseMetaData.class, "JdbcDatabaseMetaData", "PgDatabaseMetaData") {
            @Override
            java.sql.Wrapper open(Connection connection) throws SQLException {
                return connection.getMetaData();
            }
        };

        final Class<?> jdbcType;

        private final String h2;

        private final String postgresql;

        DriverObject(Class<?> jdbcType, String h2, String postgresql) {
            this.jdbcType = jdbcType;
            this.h2 = h2;
            this.postgresql = postgresql;
        }

        abstract java.sql.Wrapper open(Connection connection) throws SQLException;

        Class<?> driverType(Databases database) throws ClassNotFoundException {
            return Class.forName(
                    (database == Databases.H2) ? "org.h2.jdbc." + this.h2 : "org.postgresql.jdbc." + this.postgresql);
        }

        void commitThrough(Object driverObject) throws SQLException {
            Connection driver;
            if (driverObject instanceof Statement statement) {
                driver = statement.getConnection();
            } else if (driverObject instanceof ResultSet resultSet) {
                driver = resultSet.getStatement().getConnection();
            } else if (driverObject instanceof DatabaseMetaData metaData) {
                driver = metaData.getConnection();
            } else {
                driver = (Connection) driverObject;
            }
            driver.commit();
        }
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
