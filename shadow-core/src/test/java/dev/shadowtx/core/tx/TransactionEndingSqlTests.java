package dev.shadowtx.core.tx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatNoException;

import com.zaxxer.hikari.HikariDataSource;
import dev.shadowtx.core.ShadowBlockedException;
import dev.shadowtx.core.context.MarkerSource;
import dev.shadowtx.core.context.ShadowContext;
import dev.shadowtx.core.context.ShadowContextHolder;
import dev.shadowtx.core.context.ShadowMode;
import dev.shadowtx.core.metrics.ShadowRecorder;
import dev.shadowtx.core.testsupport.Databases;
import dev.shadowtx.core.testsupport.PlainJdbc;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.CallableStatement;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DelegatingDataSource;

/**
 * SQL text that ends the transaction by itself, sent through a shadow connection, on H2 and a real
 * PostgreSQL server: refused before it reaches the database, so the shadow work before it is not
 * committed; the same text on a live connection commits, which is what the refusal prevents.
 * What was committed is read back through a separate plain JDBC connection.
 */
class TransactionEndingSqlTests {

    private static final ShadowContext SHADOW = ShadowContext.of(ShadowMode.SHADOW, MarkerSource.HEADER);

    private static final AtomicInteger COUNTER = new AtomicInteger();

    private final List<String> blocked = new CopyOnWriteArrayList<>();

    private final ShadowRecorder recorder = new ShadowRecorder() {
        @Override
        public void outboundDecision(String channel, String action, String destination) {
            TransactionEndingSqlTests.this.blocked.add(channel + " " + action + " " + destination);
        }
    };

    private HikariDataSource pool;

    private PlainJdbc plain;

    private String table;

    private String transactionId;

    @AfterEach
    void close() {
        ShadowContextHolder.clear();
        if (this.pool != null) {
            this.pool.close();
        }
    }

    static Stream<Arguments> statementsThatCommit() {
        return Stream.of(
                Arguments.of(Databases.H2, "COMMIT", "COMMIT"),
                Arguments.of(Databases.H2, "commit work", "COMMIT"),
                Arguments.of(Databases.H2, "insert into {table} (item) values ('second'); commit", "COMMIT"),
                Arguments.of(Databases.H2, "SET AUTOCOMMIT TRUE", "SET AUTOCOMMIT"),
                Arguments.of(Databases.H2, "create table made_{table} (id int)", "DDL CREATE"),
                Arguments.of(Databases.H2, "CREATE LOCAL TEMPORARY TABLE scratch (id int)", "DDL CREATE"),
                Arguments.of(Databases.H2, "alter table {table} add column note varchar(10)", "DDL ALTER"),
                Arguments.of(Databases.H2, "SET MODE REGULAR", "SET MODE"),
                Arguments.of(Databases.POSTGRESQL, "COMMIT", "COMMIT"),
                Arguments.of(Databases.POSTGRESQL, "END", "END"),
                Arguments.of(Databases.POSTGRESQL, "commit work", "COMMIT"),
                Arguments.of(Databases.POSTGRESQL, "end transaction", "END"),
                Arguments.of(
                        Databases.POSTGRESQL,
                        "insert into {table} (item) values ('second'); /* done */ commit",
                        "COMMIT"),
                Arguments.of(Databases.POSTGRESQL, "PREPARE TRANSACTION '{gid}'", "PREPARE TRANSACTION"));
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("statementsThatCommit")
    void statementThatCommitsIsRefusedInShadowAndTheWorkBeforeItIsNotCommitted(
            Databases database, String sql, String kind) throws Exception {
        DataSource guarded = guardedPool(database);
        try (ShadowContextHolder.Scope scope = ShadowContextHolder.bind(SHADOW);
                Connection connection = guarded.getConnection();
                Statement statement = connection.createStatement()) {
            statement.executeUpdate(insert("shadow"));
            assertThatExceptionOfType(ShadowBlockedException.class)
                    .isThrownBy(() -> statement.execute(resolve(sql)))
                    .withMessageContaining("SQL " + kind + " statement")
                    .satisfies((ex) -> assertThat(ex.getChannel()).isEqualTo("jdbc"));
        }
        assertThat(committedItems()).isEmpty();
        assertThat(this.blocked).containsExactly("jdbc block SQL " + kind + " statement");
        if (database == Databases.POSTGRESQL) {
            assertThat(this.plain.strings("select gid from pg_prepared_xacts where gid = '" + this.transactionId + "'"))
                    .isEmpty();
        }
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("statementsThatCommit")
    void liveTwinCommitsTheWorkBeforeIt(Databases database, String sql, String kind) throws Exception {
        DataSource guarded = guardedPool(database);
        try (Connection connection = guarded.getConnection();
                Statement statement = connection.createStatement()) {
            assertThat(connection.isWrapperFor(ShadowConnection.class)).isFalse();
            connection.setAutoCommit(false);
            statement.executeUpdate(insert("live"));
            statement.execute(resolve(sql));
            if (kind.equals("PREPARE TRANSACTION")) {
                this.plain.execute("COMMIT PREPARED '" + this.transactionId + "'");
            }
            connection.rollback();
        }
        assertThat(committedItems()).contains("live");
        assertThat(this.blocked).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(Databases.class)
    void everyCallThatSendsSqlTextReadsItFirst(Databases database) throws Exception {
        DataSource guarded = guardedPool(database);
        try (ShadowContextHolder.Scope scope = ShadowContextHolder.bind(SHADOW);
                Connection connection = guarded.getConnection();
                Statement statement = connection.createStatement();
                CallableStatement callable = connection.prepareCall("select 1")) {
            statement.executeUpdate(insert("shadow"));
            assertRefused(() -> statement.executeQuery("commit"));
            assertRefused(() -> statement.executeUpdate("commit"));
            assertRefused(() -> statement.executeUpdate("commit", Statement.RETURN_GENERATED_KEYS));
            assertRefused(() -> statement.executeUpdate("commit", new int[] {1}));
            assertRefused(() -> statement.executeUpdate("commit", new String[] {"id"}));
            assertRefused(() -> statement.execute("commit", Statement.NO_GENERATED_KEYS));
            assertRefused(() -> statement.execute("commit", new int[] {1}));
            assertRefused(() -> statement.execute("commit", new String[] {"id"}));
            assertRefused(() -> statement.executeLargeUpdate("commit"));
            assertRefused(() -> statement.executeLargeUpdate("commit", Statement.NO_GENERATED_KEYS));
            assertRefused(() -> statement.executeLargeUpdate("commit", new int[] {1}));
            assertRefused(() -> statement.executeLargeUpdate("commit", new String[] {"id"}));
            assertRefused(() -> connection.prepareStatement("commit"));
            assertRefused(() -> connection.prepareStatement("commit", Statement.RETURN_GENERATED_KEYS));
            assertRefused(() -> connection.prepareStatement("commit", new int[] {1}));
            assertRefused(() -> connection.prepareStatement("commit", new String[] {"id"}));
            assertRefused(() -> connection.prepareStatement("commit", 1003, 1007));
            assertRefused(() -> connection.prepareStatement("commit", 1003, 1007, 2));
            assertRefused(() -> connection.prepareCall("commit"));
            assertRefused(() -> connection.prepareCall("commit", 1003, 1007));
            assertRefused(() -> connection.prepareCall("commit", 1003, 1007, 2));
            assertRefused(() -> callable.execute("commit"));
            assertRefused(() -> callable.addBatch("commit"));
            statement.addBatch(insert("batched"));
            assertRefused(() -> statement.addBatch("commit"));
            statement.executeBatch();
            assertThat(connection.nativeSQL("commit")).isNotBlank();
            assertThat(count(statement)).isEqualTo(2);
        }
        assertThat(committedItems()).isEmpty();
        assertThat(this.blocked).hasSize(24).allMatch((decision) -> decision.equals("jdbc block SQL COMMIT statement"));
    }

    @ParameterizedTest
    @EnumSource(Databases.class)
    void jdbcTemplateMultiStatementStringIsRefusedInShadowAndCommitsLive(Databases database) {
        JdbcTemplate jdbc = new JdbcTemplate(guardedPool(database));
        String sql = insert("first") + "; commit";
        try (ShadowContextHolder.Scope scope = ShadowContextHolder.bind(SHADOW)) {
            assertThatExceptionOfType(ShadowBlockedException.class).isThrownBy(() -> jdbc.execute(sql));
        }
        assertThat(committedItems()).isEmpty();
        jdbc.execute(sql);
        assertThat(committedItems()).containsExactly("first");
    }

    @ParameterizedTest
    @EnumSource(Databases.class)
    void ordinaryStatementsRunInShadowAndAreRolledBack(Databases database) throws Exception {
        DataSource guarded = guardedPool(database);
        try (ShadowContextHolder.Scope scope = ShadowContextHolder.bind(SHADOW);
                Connection connection = guarded.getConnection();
                Statement statement = connection.createStatement()) {
            statement.execute(insert("one") + "; select 'commit' as \"commit\"; " + insert("two") + " -- commit");
            statement.execute("select case when 1 = 1 then 1 end");
            statement.execute("rollback");
            statement.executeUpdate(insert("three"));
            assertThat(count(statement)).isEqualTo(1);
        }
        assertThat(committedItems()).isEmpty();
        assertThat(this.blocked).isEmpty();
    }

    @Test
    void dataDefinitionOnPostgresqlRunsInShadowAndIsRolledBackWithTheRest() throws Exception {
        DataSource guarded = guardedPool(Databases.POSTGRESQL);
        String made = "made_" + this.table;
        try (ShadowContextHolder.Scope scope = ShadowContextHolder.bind(SHADOW);
                Connection connection = guarded.getConnection();
                Statement statement = connection.createStatement()) {
            assertThat(connection.getMetaData().dataDefinitionCausesTransactionCommit())
                    .isFalse();
            statement.executeUpdate(insert("shadow"));
            statement.execute("create table " + made + " (id int)");
            statement.execute("alter table " + this.table + " add column note varchar(10)");
        }
        assertThat(committedItems()).isEmpty();
        assertThat(this.plain.strings(
                        "select count(*) from information_schema.tables where table_name = '" + made + "'"))
                .containsExactly("0");
        assertThat(this.blocked).isEmpty();
    }

    @Test
    void procedureThatCommitsInsideFailsInShadowOnPostgresqlAndCommitsLive() throws Exception {
        DataSource guarded = guardedPool(Databases.POSTGRESQL);
        String procedure = "commit_inside_" + this.table;
        this.plain.execute(
                "create procedure " + procedure + "(p_item varchar) language plpgsql as $$ begin insert into "
                        + this.table + " (item) values (p_item); commit; end $$");
        try (ShadowContextHolder.Scope scope = ShadowContextHolder.bind(SHADOW);
                Connection connection = guarded.getConnection();
                Statement statement = connection.createStatement()) {
            statement.executeUpdate(insert("shadow"));
            assertThatExceptionOfType(SQLException.class)
                    .isThrownBy(() -> statement.execute("call " + procedure + "('called')"))
                    .withMessageContaining("invalid transaction termination");
        }
        assertThat(committedItems()).isEmpty();
        new JdbcTemplate(guarded).execute("call " + procedure + "('live')");
        assertThat(committedItems()).containsExactly("live");
    }

    @Test
    void procedureThatCommitsInsideIsRefusedInShadowOnH2BeforeItIsCalled() throws Exception {
        DataSource guarded = guardedPool(Databases.H2);
        String procedure = h2Alias("commit_inside_", "commitInside");
        String call = "call " + procedure + "('" + this.table + "', 'called')";
        try (ShadowContextHolder.Scope scope = ShadowContextHolder.bind(SHADOW);
                Connection connection = guarded.getConnection();
                Statement statement = connection.createStatement()) {
            statement.executeUpdate(insert("shadow"));
            assertThatExceptionOfType(ShadowBlockedException.class)
                    .isThrownBy(() -> statement.execute(call))
                    .withMessageContaining("SQL CALL " + procedure.toUpperCase(Locale.ROOT) + " statement");
            assertRefused(() -> connection.prepareCall("{call " + procedure + "(?, ?)}"));
            assertThat(count(statement)).isEqualTo(1);
        }
        assertThat(committedItems()).isEmpty();
        assertThat(this.blocked)
                .hasSize(2)
                .allMatch((decision) ->
                        decision.equals("jdbc block SQL CALL " + procedure.toUpperCase(Locale.ROOT) + " statement"));
    }

    @Test
    void procedureThatCommitsInsideCommitsTheCallersWorkLiveOnH2() throws Exception {
        DataSource guarded = guardedPool(Databases.H2);
        String procedure = h2Alias("commit_inside_", "commitInside");
        try (Connection connection = guarded.getConnection();
                Statement statement = connection.createStatement()) {
            connection.setAutoCommit(false);
            statement.executeUpdate(insert("live"));
            statement.execute("call " + procedure + "('" + this.table + "', 'called')");
            connection.rollback();
        }
        assertThat(committedItems()).containsExactly("live", "called");
        assertThat(this.blocked).isEmpty();
    }

    @Test
    void procedureListedAsShadowSafeRunsInShadowOnH2AndIsRolledBack() throws Exception {
        guardedPool(Databases.H2);
        String procedure = h2Alias("insert_item_", "insertItem");
        DataSource guarded = ShadowDataSourceGuard.guard(
                this.pool,
                null,
                () -> this.recorder,
                new ShadowSessionLimits(null, null, List.of("PUBLIC." + procedure.toUpperCase(Locale.ROOT))));
        try (ShadowContextHolder.Scope scope = ShadowContextHolder.bind(SHADOW);
                Connection connection = guarded.getConnection();
                Statement statement = connection.createStatement()) {
            statement.executeUpdate(insert("shadow"));
            statement.execute("call public." + procedure + "('" + this.table + "', 'called')");
            try (CallableStatement callable = connection.prepareCall("{call public." + procedure + "(?, ?)}")) {
                callable.setString(1, this.table);
                callable.setString(2, "escaped");
                callable.execute();
            }
            assertThat(count(statement)).isEqualTo(3);
            assertRefused(() -> statement.execute("call " + procedure + "('" + this.table + "', 'unqualified')"));
        }
        assertThat(committedItems()).isEmpty();
        assertThat(this.blocked).hasSize(1);
    }

    /**
     * Declare an H2 function alias for a method of {@link H2Procedures}.
     * @return its name
     */
    private String h2Alias(String prefix, String method) {
        String name = prefix + this.table;
        this.plain.execute("create alias " + name + " for \"" + H2Procedures.class.getName() + "." + method + "\"");
        return name;
    }

    /**
     * Java procedures called through H2 function aliases, on the caller's connection.
     */
    public static final class H2Procedures {

        private H2Procedures() {}

        /**
         * Insert an item and commit the caller's connection, as a procedure that commits inside does.
         * @param connection the caller's connection, passed by H2
         * @param table the table
         * @param item the item
         * @return the rows inserted
         * @throws SQLException when the database refuses
         */
        public static int commitInside(Connection connection, String table, String item) throws SQLException {
            int rows = insertItem(connection, table, item);
            connection.commit();
            return rows;
        }

        /**
         * Insert an item and leave the transaction open.
         * @param connection the caller's connection, passed by H2
         * @param table the table
         * @param item the item
         * @return the rows inserted
         * @throws SQLException when the database refuses
         */
        public static int insertItem(Connection connection, String table, String item) throws SQLException {
            try (PreparedStatement insert =
                    connection.prepareStatement("insert into " + table + " (item) values (?)")) {
                insert.setString(1, item);
                return insert.executeUpdate();
            }
        }
    }

    @Test
    void h2SaysItsDataDefinitionCommitsAndItDoes() throws Exception {
        guardedPool(Databases.H2);
        try (Connection connection = this.pool.getConnection();
                Statement statement = connection.createStatement()) {
            assertThat(connection.getMetaData().dataDefinitionCausesTransactionCommit())
                    .isTrue();
            connection.setAutoCommit(false);
            statement.executeUpdate(insert("live"));
            statement.execute("create table made_here (id int)");
            connection.rollback();
        }
        assertThat(committedItems()).containsExactly("live");
    }

    @Test
    void theDatabaseIsAskedOncePerDataSource() throws Exception {
        guardedPool(Databases.H2);
        AtomicInteger metadataCalls = new AtomicInteger();
        DataSource counting = onMetadataCall(() -> {
            metadataCalls.incrementAndGet();
            return null;
        });
        DataSource guarded = ShadowDataSourceGuard.guard(counting, () -> this.recorder);
        try (ShadowContextHolder.Scope scope = ShadowContextHolder.bind(SHADOW)) {
            for (int i = 0; i < 3; i++) {
                try (Connection connection = guarded.getConnection();
                        Statement statement = connection.createStatement()) {
                    assertRefused(() -> statement.execute("create table t (id int)"));
                }
            }
        }
        try (Connection connection = guarded.getConnection();
                Statement statement = connection.createStatement()) {
            assertThatNoException().isThrownBy(() -> statement.execute("create table t (id int)"));
        }
        assertThat(metadataCalls).hasValue(1);
    }

    @Test
    void noSqlIsSentWhenTheDatabaseCannotBeAskedWhichStatementsEndTheTransaction() throws Exception {
        guardedPool(Databases.H2);
        DataSource failing = onMetadataCall(() -> {
            throw new SQLException("metadata unavailable");
        });
        DataSource guarded = ShadowDataSourceGuard.guard(failing, () -> this.recorder);
        try (ShadowContextHolder.Scope scope = ShadowContextHolder.bind(SHADOW);
                Connection connection = guarded.getConnection();
                Statement statement = connection.createStatement()) {
            assertThatExceptionOfType(SQLException.class)
                    .isThrownBy(() -> statement.executeUpdate(insert("shadow")))
                    .withMessage("metadata unavailable");
        }
        assertThat(committedItems()).isEmpty();
        assertThat(this.pool.getHikariPoolMXBean().getActiveConnections()).isZero();
    }

    /**
     * The test pool, whose connections run {@code before} whenever their metadata is asked for:
     * to count the calls, or to fail them.
     */
    private DataSource onMetadataCall(Callable<@Nullable Void> before) {
        return new DelegatingDataSource(this.pool) {
            @Override
            public Connection getConnection() throws SQLException {
                Connection connection = super.getConnection();
                return (Connection) Proxy.newProxyInstance(
                        getClass().getClassLoader(), new Class<?>[] {Connection.class}, (proxy, method, args) -> {
                            if (method.getName().equals("getMetaData")) {
                                before.call();
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

    private void assertRefused(ThrowingCallable call) {
        assertThatExceptionOfType(ShadowBlockedException.class).isThrownBy(call);
    }

    private DataSource guardedPool(Databases database) {
        this.pool = database.pool(2);
        this.plain = new PlainJdbc(
                this.pool.getJdbcUrl(), this.pool.getUsername(), (database == Databases.H2) ? "" : "postgres");
        int id = COUNTER.incrementAndGet();
        this.table = "orders_ending_" + id;
        this.transactionId = "shadow_tx_" + id + "_" + System.nanoTime();
        this.plain.execute("create table " + this.table + " (id serial primary key, item varchar(40))");
        return ShadowDataSourceGuard.guard(this.pool, () -> this.recorder);
    }

    private String resolve(String sql) {
        return sql.replace("{table}", this.table).replace("{gid}", this.transactionId);
    }

    private String insert(String item) {
        return "insert into " + this.table + " (item) values ('" + item + "')";
    }

    private int count(Statement statement) throws SQLException {
        try (var rows = statement.executeQuery("select count(*) from " + this.table)) {
            rows.next();
            return rows.getInt(1);
        }
    }

    private List<String> committedItems() {
        return this.plain.strings("select item from " + this.table + " order by id");
    }
}
