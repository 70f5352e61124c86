package dev.shadowtx.core.tx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import com.zaxxer.hikari.HikariConfigMXBean;
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
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.springframework.aop.support.AopUtils;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.beans.factory.support.DefaultListableBeanFactory;
import org.springframework.beans.factory.support.RootBeanDefinition;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * A {@code HikariDataSource} bean guarded by the post-processor: an unstarted pool is taken over by
 * a pool that guards its own connections (no proxy); a started pool, a subclass and a prototype keep
 * the proxy. Either way a shadow write leaves no row and a live one commits.
 */
class HikariPoolGuardTests {

    private static final ShadowContext SHADOW = ShadowContext.of(ShadowMode.SHADOW, MarkerSource.HEADER);

    private final AtomicInteger prevented = new AtomicInteger();

    private final List<String> served = new CopyOnWriteArrayList<>();

    private final ShadowRecorder recorder = new ShadowRecorder() {
        @Override
        public void jdbcCommitPrevented(ShadowMode mode) {
            HikariPoolGuardTests.this.prevented.incrementAndGet();
        }

        @Override
        public void storeServed(ShadowMode mode, String dataSource, ShadowStore store) {
            HikariPoolGuardTests.this.served.add(dataSource + ":" + store);
        }
    };

    private final DefaultListableBeanFactory beans = new DefaultListableBeanFactory();

    @AfterEach
    void close() {
        ShadowContextHolder.clear();
        this.beans.destroySingletons();
    }

    @ParameterizedTest
    @EnumSource(Databases.class)
    void unstartedPoolIsTakenOverWithoutAProxyAndNeverCommitsInShadow(Databases database) throws Exception {
        HikariDataSource dataSource = start(() -> unstarted(database, new HikariDataSource()));
        assertThat(AopUtils.isAopProxy(dataSource)).isFalse();
        assertThat(ShadowDataSourceGuard.isGuarded(dataSource)).isTrue();
        assertThat(dataSource.getPoolName()).isEqualTo("orders-pool");
        assertThat(dataSource.getMaximumPoolSize()).isEqualTo(2);
        assertWritesOnlyLive(dataSource);
        assertThat(this.served).containsExactly("dataSource:" + ShadowStore.LIVE);
        try (Connection live = dataSource.getConnection()) {
            assertThat(live).isNotInstanceOf(ShadowConnection.class);
        }
        assertThat(dataSource.getHikariPoolMXBean().getTotalConnections()).isPositive();
    }

    @Test
    void poolTakenOverUnwrapsAsThePoolAndIsClosedWithItsBean() throws Exception {
        HikariDataSource dataSource = start(() -> unstarted(Databases.H2, new HikariDataSource()));
        assertThat(dataSource.unwrap(HikariDataSource.class)).isSameAs(dataSource);
        assertThat(dataSource.isWrapperFor(HikariConfigMXBean.class)).isTrue();
        assertThat(dataSource.unwrap(ShadowDataSourceGuard.Guarded.class)).isSameAs(dataSource);
        assertThat(this.beans.getBean(HikariDataSource.class)).isSameAs(dataSource);
        assertThat(ShadowDataSourceGuard.guard(dataSource, () -> this.recorder)).isSameAs(dataSource);
        this.beans.destroySingletons();
        assertThat(dataSource.isClosed()).isTrue();
    }

    @ParameterizedTest
    @EnumSource(Databases.class)
    void poolTakenOverRefusesItsDriverDataSourceInShadowAndHandsItOutLive(Databases database) throws Exception {
        HikariDataSource dataSource = start(() -> unstarted(database, new HikariDataSource()));
        JdbcTemplate jdbc = new JdbcTemplate(dataSource);
        jdbc.execute("drop table if exists orders_pool");
        jdbc.execute("create table orders_pool (id serial primary key, item varchar(40))");
        try (ShadowContextHolder.Scope scope = ShadowContextHolder.bind(SHADOW)) {
            assertThat(dataSource.unwrap(HikariDataSource.class)).isSameAs(dataSource);
            assertThat(dataSource.isWrapperFor(DriverDataSource.class)).isTrue();
            assertThatExceptionOfType(ShadowBlockedException.class)
                    .isThrownBy(() -> insertThroughTheDriver(dataSource, "shadow"))
                    .withMessageContaining("unwrap of the shadow DataSource to " + DriverDataSource.class.getName());
        }
        insertThroughTheDriver(dataSource, "live");
        assertThat(jdbc.queryForList("select item from orders_pool", String.class))
                .containsExactly("live");
    }

    private static void insertThroughTheDriver(HikariDataSource dataSource, String item) throws SQLException {
        try (Connection driver = dataSource.unwrap(DriverDataSource.class).getConnection();
                java.sql.Statement statement = driver.createStatement()) {
            statement.executeUpdate("insert into orders_pool (item) values ('" + item + "')");
        }
    }

    @Test
    void poolTakenOverRefusesConnectionsThroughAReferenceKeptFromBefore() throws Exception {
        List<HikariDataSource> declared = new ArrayList<>();
        HikariDataSource dataSource = start(() -> {
            HikariDataSource pool = unstarted(Databases.H2, new HikariDataSource());
            declared.add(pool);
            return pool;
        });
        HikariDataSource original = declared.get(0);
        assertThat(dataSource).isNotSameAs(original);
        assertThatExceptionOfType(SQLException.class).isThrownBy(original::getConnection);
        assertThat(original.getHikariPoolMXBean()).isNull();
        assertWritesOnlyLive(dataSource);
    }

    @Test
    void startedPoolIsGuardedByAProxy() throws Exception {
        HikariDataSource dataSource = start(() -> Databases.H2.pool(2));
        assertThat(AopUtils.isCglibProxy(dataSource)).isTrue();
        assertThat(ShadowDataSourceGuard.isGuarded(dataSource)).isTrue();
        assertWritesOnlyLive(dataSource);
    }

    @Test
    void subclassOfThePoolIsGuardedByAProxyOfItsOwnClass() throws Exception {
        HikariDataSource dataSource = start(() -> unstarted(Databases.H2, new NamedPool()));
        assertThat(AopUtils.isCglibProxy(dataSource)).isTrue();
        assertThat(dataSource).isInstanceOf(NamedPool.class);
        assertWritesOnlyLive(dataSource);
    }

    @Test
    void prototypePoolIsGuardedByAProxy() throws Exception {
        RootBeanDefinition definition =
                new RootBeanDefinition(HikariDataSource.class, () -> unstarted(Databases.H2, new HikariDataSource()));
        definition.setScope(BeanDefinition.SCOPE_PROTOTYPE);
        this.beans.registerBeanDefinition("dataSource", definition);
        registerPostProcessor();
        HikariDataSource dataSource = this.beans.getBean(HikariDataSource.class);
        try {
            assertThat(AopUtils.isCglibProxy(dataSource)).isTrue();
            assertWritesOnlyLive(dataSource);
        } finally {
            dataSource.close();
        }
    }

    private HikariDataSource start(Supplier<HikariDataSource> pool) {
        this.beans.registerBeanDefinition("dataSource", new RootBeanDefinition(HikariDataSource.class, pool));
        registerPostProcessor();
        return this.beans.getBean(HikariDataSource.class);
    }

    private void registerPostProcessor() {
        ShadowDataSourcePostProcessor postProcessor = new ShadowDataSourcePostProcessor(() -> this.recorder);
        postProcessor.setBeanFactory(this.beans);
        this.beans.addBeanPostProcessor(postProcessor);
    }

    private void assertWritesOnlyLive(DataSource dataSource) {
        JdbcTemplate jdbc = new JdbcTemplate(dataSource);
        jdbc.execute("drop table if exists orders_pool");
        jdbc.execute("create table orders_pool (id serial primary key, item varchar(40))");
        try (ShadowContextHolder.Scope scope = ShadowContextHolder.bind(SHADOW)) {
            jdbc.update("insert into orders_pool (item) values ('shadow')");
        }
        jdbc.update("insert into orders_pool (item) values ('live')");
        assertThat(jdbc.queryForList("select item from orders_pool", String.class))
                .containsExactly("live");
        assertThat(this.prevented.get()).isPositive();
    }

    private static HikariDataSource unstarted(Databases database, HikariDataSource pool) {
        pool.setJdbcUrl(database.jdbcUrl());
        pool.setUsername((database == Databases.H2) ? "sa" : "postgres");
        pool.setPassword((database == Databases.H2) ? "" : "postgres");
        pool.setMaximumPoolSize(2);
        pool.setPoolName("orders-pool");
        return pool;
    }

    /**
     * A user's own pool class.
     */
    static class NamedPool extends HikariDataSource {}
}
