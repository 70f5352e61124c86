package dev.shadowtx.core.tx;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import dev.shadowtx.core.ShadowTraffic;
import dev.shadowtx.core.context.ShadowMode;
import dev.shadowtx.core.metrics.ShadowRecorder;
import dev.shadowtx.core.testsupport.Databases;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The JDBC API leads back to the connection through the objects it hands out: a statement, the
 * database metadata and a result set's statement. Reached from a shadow connection, each of them
 * returns the guarded connection, so its {@code commit()} rolls back; the same code in live
 * commits.
 */
class JdbcConnectionEscapeTests {

    private HikariDataSource pool;

    @AfterEach
    void close() {
        if (this.pool != null) {
            this.pool.close();
        }
    }

    @ParameterizedTest
    @EnumSource(Databases.class)
    void statementsConnectionCommitsNothingInShadowAndCommitsLive(Databases database) throws Exception {
        DataSource dataSource = guardedPool(database);
        Escape escape = (connection, item) -> {
            Statement statement = connection.createStatement();
            statement.executeUpdate("insert into orders_escape (item) values ('" + item + "')");
            return statement.getConnection();
        };
        assertEscapeIsGuarded(dataSource, escape);
    }

    @ParameterizedTest
    @EnumSource(Databases.class)
    void preparedStatementsConnectionCommitsNothingInShadowAndCommitsLive(Databases database) throws Exception {
        DataSource dataSource = guardedPool(database);
        Escape escape = (connection, item) -> {
            PreparedStatement statement = connection.prepareStatement("insert into orders_escape (item) values (?)");
            statement.setString(1, item);
            statement.executeUpdate();
            return statement.getConnection();
        };
        assertEscapeIsGuarded(dataSource, escape);
    }

    @ParameterizedTest
    @EnumSource(Databases.class)
    void metadatasConnectionCommitsNothingInShadowAndCommitsLive(Databases database) throws Exception {
        DataSource dataSource = guardedPool(database);
        Escape escape = (connection, item) -> {
            try (Statement statement = connection.createStatement()) {
                statement.executeUpdate("insert into orders_escape (item) values ('" + item + "')");
            }
            return connection.getMetaData().getConnection();
        };
        assertEscapeIsGuarded(dataSource, escape);
    }

    @ParameterizedTest
    @EnumSource(Databases.class)
    void resultSetsStatementsConnectionCommitsNothingInShadowAndCommitsLive(Databases database) throws Exception {
        DataSource dataSource = guardedPool(database);
        Escape escape = (connection, item) -> {
            try (Statement statement = connection.createStatement()) {
                statement.executeUpdate("insert into orders_escape (item) values ('" + item + "')");
            }
            PreparedStatement query = connection.prepareStatement("select count(*) from orders_escape");
            ResultSet resultSet = query.executeQuery();
            assertThat(resultSet.getStatement()).isSameAs(query);
            return resultSet.getStatement().getConnection();
        };
        assertEscapeIsGuarded(dataSource, escape);
    }

    @ParameterizedTest
    @EnumSource(Databases.class)
    void metadataResultSetsLeadBackToTheGuardedConnection(Databases database) throws Exception {
        DataSource dataSource = guardedPool(database);
        ShadowTraffic.runIsolated(ShadowMode.SHADOW, () -> {
            try (Connection connection = dataSource.getConnection();
                    ResultSet tables = connection.getMetaData().getTables(null, null, "%", null)) {
                Statement statement = tables.getStatement();
                if (statement != null) {
                    assertThat(statement.getConnection()).isSameAs(connection);
                }
                assertThat(connection.getMetaData().getConnection()).isSameAs(connection);
            } catch (SQLException ex) {
                throw new IllegalStateException(ex);
            }
        });
    }

    @ParameterizedTest
    @EnumSource(Databases.class)
    void aGuardedStatementIsItselfToEqualityHashingAndUnwrapping(Databases database) throws Exception {
        DataSource dataSource = guardedPool(database);
        ShadowTraffic.runIsolated(ShadowMode.SHADOW, () -> {
            try (Connection connection = dataSource.getConnection();
                    Statement statement = connection.createStatement();
                    Statement other = connection.createStatement()) {
                assertThat(statement).isEqualTo(statement).isNotEqualTo(other);
                assertThat(statement.hashCode()).isEqualTo(System.identityHashCode(statement));
                assertThat(statement.toString()).startsWith("Shadow-guarded ");
                assertThat(statement.unwrap(Statement.class)).isSameAs(statement);
                assertThat(statement.isWrapperFor(Statement.class)).isTrue();
                assertThat(statement.unwrap(Statement.class).getConnection()).isSameAs(connection);
            } catch (SQLException ex) {
                throw new IllegalStateException(ex);
            }
        });
    }

    private void assertEscapeIsGuarded(DataSource dataSource, Escape escape) {
        ShadowTraffic.runIsolated(ShadowMode.SHADOW, () -> runAndCommit(dataSource, escape, "shadow"));
        runAndCommit(dataSource, escape, "live");
        assertThat(new JdbcTemplate(this.pool).queryForList("select item from orders_escape", String.class))
                .containsExactly("live");
    }

    private static void runAndCommit(DataSource dataSource, Escape escape, String item) {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            Connection reached = escape.reach(connection, item);
            reached.commit();
            // the physical connection would now hold a committed row; end the unit of work without
            // committing again so that only the escaped commit decides
            connection.rollback();
        } catch (SQLException ex) {
            throw new IllegalStateException(ex);
        }
    }

    private DataSource guardedPool(Databases database) {
        this.pool = database.pool(2);
        new JdbcTemplate(this.pool).execute("drop table if exists orders_escape");
        new JdbcTemplate(this.pool).execute("create table orders_escape (id serial primary key, item varchar(40))");
        return ShadowDataSourceGuard.guard(this.pool, () -> ShadowRecorder.NOOP);
    }

    @FunctionalInterface
    private interface Escape {

        Connection reach(Connection connection, String item) throws SQLException;
    }
}
