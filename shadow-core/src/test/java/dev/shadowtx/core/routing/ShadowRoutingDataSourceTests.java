package dev.shadowtx.core.routing;

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
import dev.shadowtx.core.metrics.ShadowStore;
import dev.shadowtx.core.testsupport.Databases;
import dev.shadowtx.core.tx.ShadowDataSourceGuard;
import dev.shadowtx.core.tx.ShadowTransactionManagerPostProcessor;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.support.JdbcTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

class ShadowRoutingDataSourceTests {

    private static final ShadowContext SYNTHETIC = ShadowContext.of(ShadowMode.SYNTHETIC, MarkerSource.HEADER);

    private final List<String> served = new ArrayList<>();

    private final ShadowRecorder recorder = new ShadowRecorder() {
        @Override
        public void storeServed(ShadowMode mode, String dataSource, ShadowStore store) {
            ShadowRoutingDataSourceTests.this.served.add(
                    mode.markerValue() + "/" + dataSource + "/" + store.tagValue());
        }
    };

    private TwoStores stores;

    @AfterEach
    void close() {
        ShadowContextHolder.clear();
        if (this.stores != null) {
            this.stores.close();
        }
    }

    @ParameterizedTest
    @EnumSource(Databases.class)
    void shadowWritesCommitToTheShadowStoreAndLiveWritesToTheLiveStore(Databases kind) {
        JdbcTemplate jdbc = new JdbcTemplate(routed(kind, false));
        try (ShadowContextHolder.Scope scope = ShadowContextHolder.bind(SYNTHETIC)) {
            jdbc.update("insert into routed_orders (item) values ('shadow')");
            assertThat(jdbc.queryForList("select item from routed_orders", String.class))
                    .containsExactly("shadow");
        }
        jdbc.update("insert into routed_orders (item) values ('live')");
        assertThat(items(this.stores.liveJdbc())).containsExactly("live");
        assertThat(items(this.stores.shadowJdbc())).containsExactly("shadow");
        assertThat(this.served).containsExactly("synthetic/dataSource/shadow", "synthetic/dataSource/shadow");
    }

    @ParameterizedTest
    @EnumSource(Databases.class)
    void withRollbackShadowWritesLeaveNoTraceOnEitherStore(Databases kind) {
        JdbcTemplate jdbc = new JdbcTemplate(routed(kind, true));
        try (ShadowContextHolder.Scope scope = ShadowContextHolder.bind(SYNTHETIC)) {
            jdbc.update("insert into routed_orders (item) values ('shadow')");
        }
        assertThat(items(this.stores.liveJdbc())).isEmpty();
        assertThat(items(this.stores.shadowJdbc())).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(Databases.class)
    void aTransactionOpenedLiveRefusesShadowWorkInsteadOfSwitchingStore(Databases kind) {
        DataSource routed = routed(kind, false);
        JdbcTemplate jdbc = new JdbcTemplate(routed);
        TransactionTemplate transaction = new TransactionTemplate(new JdbcTransactionManager(routed));
        assertThatExceptionOfType(DataAccessException.class)
                .isThrownBy(() -> transaction.executeWithoutResult((status) -> {
                    jdbc.update("insert into routed_orders (item) values ('live-before')");
                    try (ShadowContextHolder.Scope scope = ShadowContextHolder.bind(SYNTHETIC)) {
                        jdbc.update("insert into routed_orders (item) values ('shadow-inside-live')");
                    }
                }))
                .withRootCauseInstanceOf(ShadowStoreMismatchException.class);
        assertThat(items(this.stores.liveJdbc())).isEmpty();
        assertThat(items(this.stores.shadowJdbc())).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(Databases.class)
    void aTransactionOpenedInShadowStaysOnTheShadowStoreWhenTheContextIsCleared(Databases kind) {
        DataSource routed = routed(kind, false);
        JdbcTemplate jdbc = new JdbcTemplate(routed);
        TransactionTemplate transaction = new TransactionTemplate(new JdbcTransactionManager(routed));
        try (ShadowContextHolder.Scope scope = ShadowContextHolder.bind(SYNTHETIC)) {
            transaction.executeWithoutResult((status) -> {
                jdbc.update("insert into routed_orders (item) values ('shadow')");
                try (ShadowContextHolder.Scope live = ShadowContextHolder.bind(null)) {
                    jdbc.update("insert into routed_orders (item) values ('cleared-inside-shadow')");
                }
            });
        }
        assertThat(items(this.stores.liveJdbc())).isEmpty();
        assertThat(items(this.stores.shadowJdbc())).containsExactly("cleared-inside-shadow", "shadow");
    }

    @ParameterizedTest
    @EnumSource(Databases.class)
    void unwrapAnswersTheRoutedPoolAndRefusesTheLivePoolsDriverDataSourceInShadow(Databases kind) throws Exception {
        DataSource routed = routed(kind, false);
        HikariDataSource unwrappedLive = routed.unwrap(HikariDataSource.class);
        assertThat(unwrappedLive).isSameAs(routed);
        try (ShadowContextHolder.Scope scope = ShadowContextHolder.bind(SYNTHETIC)) {
            new JdbcTemplate(unwrappedLive).update("insert into routed_orders (item) values ('shadow')");
            assertThatExceptionOfType(ShadowBlockedException.class)
                    .isThrownBy(() -> routed.unwrap(DriverDataSource.class))
                    .withMessageContaining("unwrap of the shadow DataSource to " + DriverDataSource.class.getName());
        }
        try (Connection driver = routed.unwrap(DriverDataSource.class).getConnection()) {
            insert(driver, "live");
        }
        assertThat(items(this.stores.liveJdbc())).containsExactly("live");
        assertThat(items(this.stores.shadowJdbc())).containsExactly("shadow");
    }

    @ParameterizedTest
    @EnumSource(Databases.class)
    void aConnectionOpenedLiveRefusesTheDriversConnectionOnceShadowIsBound(Databases kind) throws Exception {
        DataSource routed = routed(kind, false);
        Class<?> driverConnection = Class.forName(
                (kind == Databases.H2) ? "org.h2.jdbc.JdbcConnection" : "org.postgresql.jdbc.PgConnection");
        try (Connection connection = routed.getConnection()) {
            connection.setAutoCommit(false);
            insert(connection, "live-before");
            try (ShadowContextHolder.Scope scope = ShadowContextHolder.bind(SYNTHETIC)) {
                assertThatExceptionOfType(ShadowStoreMismatchException.class).isThrownBy(() -> {
                    Connection driver = (Connection) connection.unwrap(driverConnection);
                    insert(driver, "shadow-inside-live");
                    driver.commit();
                });
            }
            connection.rollback();
            assertThat(connection.unwrap(driverConnection)).isInstanceOf(driverConnection);
        }
        assertThat(items(this.stores.liveJdbc())).isEmpty();
    }

    private static void insert(Connection connection, String item) throws Exception {
        try (java.sql.Statement statement = connection.createStatement()) {
            statement.executeUpdate("insert into routed_orders (item) values ('" + item + "')");
        }
    }

    @Test
    void liveConnectionsComeFromTheLivePoolAndKeepWorkingAfterAShadowScope() throws Exception {
        DataSource routed = routed(Databases.H2, false);
        try (ShadowContextHolder.Scope scope = ShadowContextHolder.bind(SYNTHETIC)) {
            new JdbcTemplate(routed).update("insert into routed_orders (item) values ('shadow')");
        }
        try (Connection connection = routed.getConnection()) {
            assertThat(connection.getAutoCommit()).isTrue();
            assertThat(connection.isWrapperFor(Connection.class)).isTrue();
        }
        assertThat(this.stores.live.getHikariPoolMXBean().getTotalConnections()).isPositive();
    }

    @Test
    void routedDataSourceKeepsItsPoolTypeAndDescribesItself() {
        DataSource routed = routed(Databases.H2, true);
        assertThat(routed).isInstanceOf(HikariDataSource.class);
        assertThat(ShadowDataSourceGuard.isGuarded(routed)).isTrue();
        assertThat(routed).isInstanceOfSatisfying(RoutedDataSource.class, (info) -> {
            assertThat(info.dataSourceName()).isEqualTo("dataSource");
            assertThat(info.shadowDataSourceName()).isEqualTo("shadowDataSource");
            assertThat(info.liveStore()).isSameAs(this.stores.live);
            assertThat(info.rollsBackInShadow()).isTrue();
            assertThat(ShadowDataSourceGuard.isGuarded(info.shadowStore())).isTrue();
        });
    }

    @Test
    void transactionGuardLeavesOnlyManagersOfCommittingShadowStoresAlone() {
        DataSource keeping = routed(Databases.H2, false);
        DataSource disposing = ShadowRoutingDataSource.route(
                "other", Databases.H2.pool(1), "otherShadow", this.stores.shadow, true, () -> this.recorder);
        ShadowTransactionManagerPostProcessor processor =
                new ShadowTransactionManagerPostProcessor(() -> ShadowRecorder.NOOP);
        JdbcTransactionManager keepingManager = (JdbcTransactionManager)
                processor.postProcessAfterInitialization(new JdbcTransactionManager(keeping), "keeping");
        JdbcTransactionManager disposingManager = (JdbcTransactionManager)
                processor.postProcessAfterInitialization(new JdbcTransactionManager(disposing), "disposing");
        assertThat(keepingManager.getTransactionExecutionListeners()).isEmpty();
        assertThat(disposingManager.getTransactionExecutionListeners()).hasSize(1);
        ((HikariDataSource) ((RoutedDataSource) disposing).liveStore()).close();
    }

    private DataSource routed(Databases kind, boolean rollback) {
        this.stores = TwoStores.of(kind);
        return ShadowRoutingDataSource.route(
                "dataSource", this.stores.live, "shadowDataSource", this.stores.shadow, rollback, () -> this.recorder);
    }

    private static List<String> items(JdbcTemplate jdbc) {
        return jdbc.queryForList("select item from routed_orders order by item", String.class);
    }
}
