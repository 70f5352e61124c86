package dev.shadowtx.core.tx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.shadowtx.core.context.MarkerSource;
import dev.shadowtx.core.context.ShadowContext;
import dev.shadowtx.core.context.ShadowContextHolder;
import dev.shadowtx.core.context.ShadowMode;
import dev.shadowtx.core.metrics.ShadowRecorder;
import dev.shadowtx.core.testsupport.Databases;
import dev.shadowtx.core.testsupport.PlainJdbc;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Code that believes it runs in auto-commit runs all its shadow statements in one transaction,
 * rolled back at the end: on a real PostgreSQL server one failing statement then aborts the
 * following ones, and the driver's {@code autosave=always} undoes the failing one alone. Rows are
 * read back through a separate plain JDBC connection.
 */
class FakeAutoCommitOnPostgresqlTests {

    private static final ShadowContext SHADOW = ShadowContext.of(ShadowMode.SHADOW, MarkerSource.HEADER);

    private static final AtomicInteger COUNTER = new AtomicInteger();

    private HikariDataSource pool;

    private PlainJdbc plain;

    private String table;

    @AfterEach
    void close() {
        ShadowContextHolder.clear();
        if (this.pool != null) {
            this.pool.close();
        }
    }

    @Test
    void aFailingShadowStatementAbortsTheFollowingOnesAndNothingIsCommitted() throws Exception {
        DataSource guarded = guardedPool("");
        try (ShadowContextHolder.Scope scope = ShadowContextHolder.bind(SHADOW);
                Connection connection = guarded.getConnection();
                Statement statement = connection.createStatement()) {
            assertThat(connection.getAutoCommit()).isTrue();
            statement.executeUpdate(insert("first"));
            assertThatExceptionOfType(SQLException.class).isThrownBy(() -> statement.executeUpdate(insert("first")));
            assertThatExceptionOfType(SQLException.class)
                    .isThrownBy(() -> statement.executeUpdate(insert("second")))
                    .withMessageContaining("current transaction is aborted");
        }
        assertThat(committedItems()).isEmpty();
    }

    @Test
    void withAutosaveAlwaysTheStatementsAfterAFailingOneRunInShadowAndNothingIsCommitted() throws Exception {
        DataSource guarded = guardedPool("autosave=always");
        try (ShadowContextHolder.Scope scope = ShadowContextHolder.bind(SHADOW);
                Connection connection = guarded.getConnection();
                Statement statement = connection.createStatement()) {
            statement.executeUpdate(insert("first"));
            assertThatExceptionOfType(SQLException.class)
                    .isThrownBy(() -> statement.executeUpdate(insert("first")))
                    .withMessageContaining("duplicate key");
            assertThat(statement.executeUpdate(insert("second"))).isEqualTo(1);
            assertThat(items(statement)).containsExactly("first", "second");
        }
        assertThat(committedItems()).isEmpty();
    }

    @ParameterizedTest(name = "driver settings [{0}]")
    @ValueSource(strings = {"", "autosave=always"})
    void liveTwinCommitsEachStatementOnItsOwn(String settings) throws Exception {
        DataSource guarded = guardedPool(settings);
        try (Connection connection = guarded.getConnection();
                Statement statement = connection.createStatement()) {
            statement.executeUpdate(insert("first"));
            assertThatExceptionOfType(SQLException.class).isThrownBy(() -> statement.executeUpdate(insert("first")));
            statement.executeUpdate(insert("second"));
        }
        assertThat(committedItems()).containsExactly("first", "second");
    }

    private DataSource guardedPool(String settings) {
        String url = Databases.POSTGRESQL.jdbcUrl();
        if (!settings.isEmpty()) {
            url = url + (url.contains("?") ? "&" : "?") + settings;
        }
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(url);
        config.setUsername("postgres");
        config.setPassword("postgres");
        config.setMaximumPoolSize(2);
        this.pool = new HikariDataSource(config);
        this.plain = new PlainJdbc(url, "postgres", "postgres");
        this.table = "orders_autosave_" + COUNTER.incrementAndGet();
        this.plain.execute("create table " + this.table + " (id serial primary key, item varchar(40) unique)");
        return ShadowDataSourceGuard.guard(this.pool, () -> ShadowRecorder.NOOP);
    }

    private String insert(String item) {
        return "insert into " + this.table + " (item) values ('" + item + "')";
    }

    private List<String> items(Statement statement) throws SQLException {
        List<String> items = new java.util.ArrayList<>();
        try (var rows = statement.executeQuery("select item from " + this.table + " order by id")) {
            while (rows.next()) {
                items.add(rows.getString(1));
            }
        }
        return items;
    }

    private List<String> committedItems() {
        return this.plain.strings("select item from " + this.table + " order by id");
    }
}
