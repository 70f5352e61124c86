package dev.shadowtx.jdbc.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import dev.shadowtx.autoconfigure.ShadowAutoConfiguration;
import dev.shadowtx.core.ShadowBlockedException;
import dev.shadowtx.core.context.MarkerSource;
import dev.shadowtx.core.context.ShadowContext;
import dev.shadowtx.core.context.ShadowContextHolder;
import dev.shadowtx.core.context.ShadowMode;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.JdbcTemplateAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * {@code shadow.jdbc.shadow-safe-procedures} on a real H2 database, whose called procedures can
 * commit the caller's transaction: a listed procedure runs in shadow and its work is rolled back
 * with the rest; any other procedure call is refused before it reaches the database.
 */
class ShadowSafeProceduresTests {

    private static final AtomicInteger COUNTER = new AtomicInteger();

    private static final ShadowContext SHADOW = ShadowContext.of(ShadowMode.SHADOW, MarkerSource.HEADER);

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(
                    ShadowAutoConfiguration.class,
                    ShadowJdbcAutoConfiguration.class,
                    DataSourceAutoConfiguration.class,
                    JdbcTemplateAutoConfiguration.class))
            .withPropertyValues(
                    "spring.datasource.url=jdbc:h2:mem:procedures_" + COUNTER.incrementAndGet() + ";DB_CLOSE_DELAY=-1");

    @AfterEach
    void clear() {
        ShadowContextHolder.clear();
    }

    @Test
    void listedProcedureRunsInShadowAndOtherCallsAreRefused() {
        this.runner
                .withPropertyValues("shadow.jdbc.shadow-safe-procedures=Insert_Item")
                .run((context) -> {
                    JdbcTemplate jdbc = context.getBean(JdbcTemplate.class);
                    jdbc.execute("create table items (id int auto_increment primary key, item varchar(40))");
                    jdbc.execute("create alias insert_item for \"" + Procedures.class.getName() + ".insertItem\"");
                    jdbc.execute("create alias commit_inside for \"" + Procedures.class.getName() + ".commitInside\"");
                    try (ShadowContextHolder.Scope scope = ShadowContextHolder.bind(SHADOW)) {
                        jdbc.execute("call insert_item('listed')");
                        assertThatExceptionOfType(ShadowBlockedException.class)
                                .isThrownBy(() -> jdbc.execute("call commit_inside('unlisted')"))
                                .withMessageContaining("SQL CALL COMMIT_INSIDE statement");
                    }
                    assertThat(jdbc.queryForList("select item from items", String.class))
                            .isEmpty();
                    jdbc.execute("call commit_inside('live')");
                    assertThat(jdbc.queryForList("select item from items", String.class))
                            .containsExactly("live");
                });
    }

    @Test
    void blankProcedureNameFailsStartupNamingTheProperty() {
        this.runner
                .withPropertyValues(
                        "shadow.jdbc.shadow-safe-procedures[0]=recalc", "shadow.jdbc.shadow-safe-procedures[1]= ")
                .run((context) -> {
                    assertThat(context).hasFailed();
                    Throwable failure = context.getStartupFailure();
                    while (!(failure instanceof InvalidConfigurationPropertyValueException)
                            && failure.getCause() != null) {
                        failure = failure.getCause();
                    }
                    assertThat(failure)
                            .isInstanceOfSatisfying(
                                    InvalidConfigurationPropertyValueException.class,
                                    (ex) -> assertThat(ex.getName()).isEqualTo("shadow.jdbc.shadow-safe-procedures"));
                });
    }

    /**
     * Java procedures called through H2 function aliases, on the caller's connection.
     */
    public static final class Procedures {

        private Procedures() {}

        /**
         * Insert an item and leave the transaction open.
         * @param connection the caller's connection, passed by H2
         * @param item the item
         * @return the rows inserted
         * @throws SQLException when the database refuses
         */
        public static int insertItem(Connection connection, String item) throws SQLException {
            try (PreparedStatement insert = connection.prepareStatement("insert into items (item) values (?)")) {
                insert.setString(1, item);
                return insert.executeUpdate();
            }
        }

        /**
         * Insert an item and commit the caller's connection.
         * @param connection the caller's connection, passed by H2
         * @param item the item
         * @return the rows inserted
         * @throws SQLException when the database refuses
         */
        public static int commitInside(Connection connection, String item) throws SQLException {
            int rows = insertItem(connection, item);
            connection.commit();
            return rows;
        }
    }
}
