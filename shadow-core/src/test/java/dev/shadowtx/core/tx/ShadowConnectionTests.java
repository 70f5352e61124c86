package dev.shadowtx.core.tx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import com.zaxxer.hikari.HikariDataSource;
import dev.shadowtx.core.context.MarkerSource;
import dev.shadowtx.core.context.ShadowContext;
import dev.shadowtx.core.context.ShadowContextHolder;
import dev.shadowtx.core.context.ShadowMode;
import dev.shadowtx.core.metrics.ShadowRecorder;
import dev.shadowtx.core.testsupport.Databases;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.springframework.jdbc.core.JdbcTemplate;

class ShadowConnectionTests {

    private static final ShadowContext SHADOW = ShadowContext.of(ShadowMode.SHADOW, MarkerSource.HEADER);

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
    void guardedConnectionBehavesLikeAConnectionOfItsOwn(Databases database) throws Exception {
        DataSource guarded = ShadowDataSourceGuard.guard(pool(database), () -> ShadowRecorder.NOOP);
        try (ShadowContextHolder.Scope scope = ShadowContextHolder.bind(SHADOW)) {
            Connection connection = guarded.getConnection();
            assertThat(connection.isWrapperFor(Connection.class)).isTrue();
            assertThat(connection.unwrap(Connection.class)).isSameAs(connection);
            assertThat(connection).isEqualTo(connection).isNotEqualTo(guarded.getConnection());
            assertThat(connection.hashCode()).isEqualTo(System.identityHashCode(connection));
            assertThat(connection.toString()).startsWith("Shadow-guarded ");
            assertThat(connection.getMetaData().getDatabaseProductName()).isNotBlank();
            assertThat(connection.isClosed()).isFalse();
            connection.close();
            connection.close();
            assertThat(connection.isClosed()).isTrue();
            assertThatExceptionOfType(SQLException.class).isThrownBy(connection::commit);
            assertThatExceptionOfType(SQLException.class).isThrownBy(connection::getAutoCommit);
            assertThatExceptionOfType(SQLException.class).isThrownBy(() -> connection.setAutoCommit(true));
        }
    }

    @ParameterizedTest
    @EnumSource(Databases.class)
    void failingStatementsPropagateTheirOwnException(Databases database) throws Exception {
        DataSource guarded = ShadowDataSourceGuard.guard(pool(database), () -> ShadowRecorder.NOOP);
        try (ShadowContextHolder.Scope scope = ShadowContextHolder.bind(SHADOW);
                Connection connection = guarded.getConnection();
                Statement statement = connection.createStatement()) {
            assertThatExceptionOfType(SQLException.class)
                    .isThrownBy(() -> statement.execute("select * from no_such_table"));
        }
    }

    @Test
    void sessionLimitsApplyOnPostgreSqlWhileBorrowedAndAreResetForTheNextBorrower() throws Exception {
        DataSource guarded = ShadowDataSourceGuard.guard(
                pool(Databases.POSTGRESQL),
                "dataSource",
                () -> ShadowRecorder.NOOP,
                new ShadowSessionLimits(Duration.ofMillis(300), Duration.ofSeconds(7)));
        JdbcTemplate jdbc = new JdbcTemplate(guarded);
        try (ShadowContextHolder.Scope scope = ShadowContextHolder.bind(SHADOW)) {
            assertThat(jdbc.queryForObject("show lock_timeout", String.class)).isEqualTo("300ms");
            assertThat(jdbc.queryForObject("show statement_timeout", String.class))
                    .isEqualTo("7s");
            try (Connection connection = guarded.getConnection()) {
                connection.setAutoCommit(false);
                connection.rollback();
                try (Statement statement = connection.createStatement()) {
                    statement.execute("select 1");
                }
                connection.commit();
                assertThat(new JdbcTemplate(new org.springframework.jdbc.datasource.SingleConnectionDataSource(
                                        connection, true))
                                .queryForObject("show lock_timeout", String.class))
                        .isEqualTo("300ms");
            }
        }
        assertThat(jdbc.queryForObject("show lock_timeout", String.class)).isEqualTo("0");
        assertThat(jdbc.queryForObject("show statement_timeout", String.class)).isEqualTo("0");
    }

    @Test
    void sessionLimitsLeaveOtherDatabasesUnchanged() throws Exception {
        DataSource guarded = ShadowDataSourceGuard.guard(
                pool(Databases.H2),
                "dataSource",
                () -> ShadowRecorder.NOOP,
                new ShadowSessionLimits(Duration.ofMillis(300), null));
        try (ShadowContextHolder.Scope scope = ShadowContextHolder.bind(SHADOW);
                Connection connection = guarded.getConnection()) {
            assertThat(connection.getAutoCommit()).isTrue();
        }
    }

    @Test
    void sessionLimitsMustBePositive() {
        assertThatIllegalArgumentException().isThrownBy(() -> new ShadowSessionLimits(Duration.ZERO, null));
        assertThatIllegalArgumentException().isThrownBy(() -> new ShadowSessionLimits(null, Duration.ofSeconds(-1)));
        assertThat(ShadowSessionLimits.NONE.isEmpty()).isTrue();
    }

    @Test
    void postProcessorGuardsDataSourcesOnly() {
        ShadowDataSourcePostProcessor postProcessor = new ShadowDataSourcePostProcessor(() -> ShadowRecorder.NOOP);
        HikariDataSource dataSource = pool(Databases.H2);
        Object processed = postProcessor.postProcessAfterInitialization(dataSource, "dataSource");
        assertThat(processed).isInstanceOf(HikariDataSource.class);
        assertThat(ShadowDataSourceGuard.isGuarded((DataSource) processed)).isTrue();
        Object other = new Object();
        assertThat(postProcessor.postProcessAfterInitialization(other, "other")).isSameAs(other);
        assertThat(postProcessor.getOrder()).isEqualTo(org.springframework.core.Ordered.LOWEST_PRECEDENCE);
    }

    private HikariDataSource pool(Databases database) {
        this.pool = database.pool(2);
        return this.pool;
    }
}
