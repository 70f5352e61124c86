package dev.shadowtx.core.tx;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import dev.shadowtx.core.ShadowTraffic;
import dev.shadowtx.core.context.ShadowMode;
import dev.shadowtx.core.metrics.ShadowRecorder;
import dev.shadowtx.core.routing.ShadowRoutingDataSource;
import dev.shadowtx.core.testsupport.Databases;
import dev.shadowtx.core.testsupport.TakenApart;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.springframework.aop.framework.Advised;
import org.springframework.aop.support.AopUtils;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DelegatingDataSource;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.TransactionStatus;
import org.springframework.transaction.support.SimpleTransactionStatus;

/**
 * A guard proxy cannot be taken apart: it is no Spring AOP {@code Advised}, so what Spring's own
 * utilities (and a cast) reach behind it in shadow is the guard itself, and a row committed
 * through it in shadow is not committed. The live twin, the same code unmarked, commits.
 */
class OpaqueGuardProxyTests {

    private final List<HikariDataSource> pools = new ArrayList<>();

    @AfterEach
    void close() {
        this.pools.forEach(HikariDataSource::close);
    }

    @ParameterizedTest
    @EnumSource(Databases.class)
    void aGuardedPoolTakenApartCommitsNothingInShadowAndCommitsLive(Databases database) {
        HikariDataSource pool = pool(database);
        DataSource guarded = ShadowDataSourceGuard.guard(pool, () -> ShadowRecorder.NOOP);
        assertThat(AopUtils.isCglibProxy(guarded)).isTrue();
        assertTakenApartCommitsOnlyLive(guarded, pool);
    }

    @Test
    void aGuardedDataSourceOfAFinalClassTakenApartCommitsNothingInShadowAndCommitsLive() {
        HikariDataSource pool = pool(Databases.H2);
        DataSource guarded = ShadowDataSourceGuard.guard(new FinalDataSource(pool), () -> ShadowRecorder.NOOP);
        assertThat(Proxy.isProxyClass(guarded.getClass())).isTrue();
        assertTakenApartCommitsOnlyLive(guarded, pool);
    }

    @ParameterizedTest
    @EnumSource(Databases.class)
    void aRoutedDataSourceTakenApartWritesNothingToTheLiveStoreInShadowAndWritesLive(Databases database) {
        HikariDataSource live = pool(database);
        HikariDataSource shadow = pool(Databases.H2);
        createTable(live);
        createTable(shadow);
        DataSource routed = ShadowRoutingDataSource.route(
                "dataSource", live, "shadowDataSource", shadow, false, () -> ShadowRecorder.NOOP);
        ShadowTraffic.runIsolated(
                ShadowMode.SHADOW,
                () -> TakenApart.insertAndCommit(TakenApart.reach(routed), "orders_opaque", "shadow"));
        TakenApart.insertAndCommit(TakenApart.reach(routed), "orders_opaque", "live");
        assertThat(items(live)).containsExactly("live");
        assertThat(items(shadow)).containsExactly("shadow");
        assertThat(routed).isNotInstanceOf(Advised.class);
    }

    @Test
    void aGuardedTransactionManagerTakenApartRollsBackInShadowAndCommitsLive() {
        RecordingManager manager = new RecordingManager();
        PlatformTransactionManager guarded =
                ShadowTransactionManagerPostProcessor.guard(manager, () -> ShadowRecorder.NOOP);
        assertThat(AopUtils.isAopProxy(guarded)).isTrue();
        ShadowTraffic.runIsolated(ShadowMode.SHADOW, () -> {
            PlatformTransactionManager reached = TakenApart.reach(guarded);
            reached.commit(reached.getTransaction(TransactionDefinition.withDefaults()));
        });
        PlatformTransactionManager reached = TakenApart.reach(guarded);
        reached.commit(reached.getTransaction(TransactionDefinition.withDefaults()));
        assertThat(manager.ends).containsExactly("rollback", "commit");
        assertThat(guarded).isNotInstanceOf(Advised.class);
    }

    private void assertTakenApartCommitsOnlyLive(DataSource guarded, HikariDataSource pool) {
        createTable(pool);
        ShadowTraffic.runIsolated(
                ShadowMode.SHADOW,
                () -> TakenApart.insertAndCommit(TakenApart.reach(guarded), "orders_opaque", "shadow"));
        TakenApart.insertAndCommit(TakenApart.reach(guarded), "orders_opaque", "live");
        assertThat(items(pool)).containsExactly("live");
        assertThat(guarded).isNotInstanceOf(Advised.class);
        assertThat(ShadowDataSourceGuard.isGuarded(guarded)).isTrue();
    }

    private static void createTable(DataSource dataSource) {
        new JdbcTemplate(dataSource).execute("drop table if exists orders_opaque");
        new JdbcTemplate(dataSource).execute("create table orders_opaque (id serial primary key, item varchar(40))");
    }

    private static List<String> items(DataSource dataSource) {
        return new JdbcTemplate(dataSource).queryForList("select item from orders_opaque order by id", String.class);
    }

    private HikariDataSource pool(Databases database) {
        HikariDataSource pool = database.pool(2);
        this.pools.add(pool);
        return pool;
    }

    /** A data source whose class cannot be subclassed: its guard is a JDK proxy of its interfaces. */
    private static final class FinalDataSource extends DelegatingDataSource {

        FinalDataSource(DataSource target) {
            super(target);
        }
    }

    /** A transaction manager that is no {@code ConfigurableTransactionManager}: it gets the proxy. */
    private static final class RecordingManager implements PlatformTransactionManager {

        private final List<String> ends = new ArrayList<>();

        @Override
        public TransactionStatus getTransaction(TransactionDefinition definition) {
            return new SimpleTransactionStatus(true);
        }

        @Override
        public void commit(TransactionStatus status) {
            this.ends.add("commit");
        }

        @Override
        public void rollback(TransactionStatus status) {
            this.ends.add("rollback");
        }
    }
}
