package dev.shadowtx.jdbc.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.shadowtx.autoconfigure.ShadowAutoConfiguration;
import dev.shadowtx.core.ShadowTraffic;
import dev.shadowtx.core.context.ShadowMode;
import dev.shadowtx.core.testsupport.TakenApart;
import dev.shadowtx.core.tx.ShadowDataSourceGuard;
import dev.shadowtx.transaction.autoconfigure.ShadowTransactionAutoConfiguration;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.aopalliance.intercept.MethodInterceptor;
import org.h2.jdbcx.JdbcConnectionPool;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.springframework.aop.framework.Advised;
import org.springframework.aop.framework.ProxyFactory;
import org.springframework.aop.framework.autoproxy.BeanNameAutoProxyCreator;
import org.springframework.aop.support.AopUtils;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jdbc.DataSourceUnwrapper;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.metrics.DataSourcePoolMetricsAutoConfiguration;
import org.springframework.boot.jdbc.metadata.DataSourcePoolMetadata;
import org.springframework.boot.jdbc.metadata.DataSourcePoolMetadataProvider;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DelegatingDataSource;

/**
 * A guarded data source is an opaque proxy, and what reads it at startup still does: Spring
 * Boot's pool metrics (through {@code DataSourceUnwrapper}, which subclass proxies answer by their
 * type and interface proxies by {@code unwrap}), and a user's own AOP, before or after the guard.
 * Taken apart, the bean leads to the guard, never to the pool: a row committed in shadow through
 * what a cast reaches is not committed; the live twin's is.
 */
class OpaqueDataSourceGuardTests {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(
                    ShadowAutoConfiguration.class,
                    ShadowTransactionAutoConfiguration.class,
                    ShadowJdbcAutoConfiguration.class,
                    DataSourceAutoConfiguration.class,
                    MetricsAutoConfiguration.class,
                    DataSourcePoolMetricsAutoConfiguration.class))
            .withBean(SimpleMeterRegistry.class);

    @Test
    void aStartedPoolGuardedByASubclassProxyKeepsBootsPoolMetrics() {
        this.runner.withUserConfiguration(StartedHikariPool.class).run((context) -> {
            DataSource dataSource = context.getBean(DataSource.class);
            assertThat(AopUtils.isCglibProxy(dataSource)).isTrue();
            assertThat(dataSource).isInstanceOf(HikariDataSource.class).isNotInstanceOf(Advised.class);
            MeterRegistry registry = context.getBean(MeterRegistry.class);
            assertThat(registry.get("jdbc.connections.max").gauge().value()).isEqualTo(3);
            assertThat(registry.get("hikaricp.connections.max").gauge().value()).isEqualTo(3);
            assertThat(registry.get("hikaricp.connections.active").gauge()).isNotNull();
            assertTakenApartCommitsOnlyLive(dataSource);
        });
    }

    @Test
    void aPoolOfAFinalClassGuardedByAnInterfaceProxyIsReadByBootsUnwrapperThroughUnwrap() {
        this.runner.withUserConfiguration(FinalClassPool.class).run((context) -> {
            DataSource dataSource = context.getBean(DataSource.class);
            assertThat(Proxy.isProxyClass(dataSource.getClass())).isTrue();
            assertThat(dataSource).isNotInstanceOf(Advised.class);
            assertThat(ShadowDataSourceGuard.isGuarded(dataSource)).isTrue();
            MeterRegistry registry = context.getBean(MeterRegistry.class);
            assertThat(registry.get("jdbc.connections.max").gauge().value()).isEqualTo(4);
            try (Connection connection = dataSource.getConnection()) {
                assertThat(registry.get("jdbc.connections.active").gauge().value())
                        .isEqualTo(1);
            }
            assertTakenApartCommitsOnlyLive(dataSource);
        });
    }

    @Test
    void aUsersOwnInterfaceProxiesBeforeAndAfterTheGuardStillApplyAndTheGuardHolds() {
        this.runner
                .withUserConfiguration(FinalClassPool.class, UserInterfaceProxies.class)
                .run((context) -> {
                    assertUserProxiesApplyAndTheGuardHolds(
                            context.getBean(DataSource.class), context.getBean("before", Counter.class));
                });
    }

    @Test
    void aUsersOwnSubclassProxiesBeforeAndAfterTheGuardStillApplyAndTheGuardHolds() {
        this.runner
                .withUserConfiguration(StartedHikariPool.class, UserSubclassProxies.class)
                .run((context) -> {
                    DataSource dataSource = context.getBean(DataSource.class);
                    assertUserProxiesApplyAndTheGuardHolds(dataSource, context.getBean("before", Counter.class));
                });
    }

    private static void assertUserProxiesApplyAndTheGuardHolds(DataSource dataSource, Counter before) {
        assertThat(ShadowDataSourceGuard.isGuarded(dataSource)).isTrue();
        int after = Counter.AFTER.get();
        assertTakenApartCommitsOnlyLive(dataSource);
        // the user's outer proxy is Advised, and taking it apart stops at the guard
        assertThat(dataSource).isInstanceOf(Advised.class);
        assertThat(((Advised) dataSource).getTargetSource().getTargetClass()).isNotNull();
        assertThat(before.calls.get()).isPositive();
        assertThat(Counter.AFTER.get()).isGreaterThan(after);
    }

    private static void assertTakenApartCommitsOnlyLive(DataSource dataSource) {
        new JdbcTemplate(dataSource).execute("create table orders_opaque (id serial primary key, item varchar(40))");
        ShadowTraffic.runIsolated(
                ShadowMode.SHADOW,
                () -> TakenApart.insertAndCommit(TakenApart.reach(dataSource), "orders_opaque", "shadow"));
        TakenApart.insertAndCommit(TakenApart.reach(dataSource), "orders_opaque", "live");
        assertThat(new JdbcTemplate(dataSource).queryForList("select item from orders_opaque", String.class))
                .isEqualTo(List.of("live"));
    }

    @Configuration(proxyBeanMethods = false)
    static class StartedHikariPool {

        @Bean
        HikariDataSource dataSource() {
            HikariConfig config = new HikariConfig();
            config.setJdbcUrl("jdbc:h2:mem:opaque-hikari" + FinalClassPool.DATABASES.incrementAndGet());
            config.setUsername("sa");
            config.setMaximumPoolSize(3);
            // started here, so the guard cannot take the pool over and proxies it
            return new HikariDataSource(config);
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class FinalClassPool {

        private static final AtomicInteger DATABASES = new AtomicInteger();

        @Bean
        FinalPool dataSource() {
            JdbcConnectionPool pool = JdbcConnectionPool.create(
                    "jdbc:h2:mem:opaque-final" + DATABASES.incrementAndGet() + ";DB_CLOSE_DELAY=-1", "sa", "");
            pool.setMaxConnections(4);
            return new FinalPool(pool);
        }

        /**
         * Boot's own providers read a pool the way this one does: through
         * {@code DataSourceUnwrapper}, by the pool's management interface.
         */
        @Bean
        DataSourcePoolMetadataProvider finalPoolMetadataProvider() {
            return (dataSource) -> {
                PoolStatistics pool =
                        DataSourceUnwrapper.unwrap(dataSource, PoolStatistics.class, PoolStatistics.class);
                return (pool != null) ? new FinalPoolMetadata(pool) : null;
            };
        }
    }

    /** The application's own proxies, of the data source's interfaces. */
    @Configuration(proxyBeanMethods = false)
    static class UserInterfaceProxies {

        @Bean
        static Counter before() {
            return new Counter();
        }

        @Bean
        static BeanNameAutoProxyCreator userAutoProxyCreator() {
            return autoProxyCreator(false);
        }

        @Bean
        static BeanPostProcessor userProxyAfterTheGuard() {
            return new ProxyAfterTheGuard(false);
        }
    }

    /** The application's own proxies, subclassing the data source's class. */
    @Configuration(proxyBeanMethods = false)
    static class UserSubclassProxies {

        @Bean
        static Counter before() {
            return new Counter();
        }

        @Bean
        static BeanNameAutoProxyCreator userAutoProxyCreator() {
            return autoProxyCreator(true);
        }

        @Bean
        static BeanPostProcessor userProxyAfterTheGuard() {
            return new ProxyAfterTheGuard(true);
        }
    }

    /** Spring's auto-proxy creators run before other post-processors, the guard's included. */
    static BeanNameAutoProxyCreator autoProxyCreator(boolean subclass) {
        BeanNameAutoProxyCreator creator = new BeanNameAutoProxyCreator();
        creator.setBeanNames("dataSource");
        creator.setInterceptorNames("before");
        creator.setProxyTargetClass(subclass);
        creator.setOrder(Ordered.HIGHEST_PRECEDENCE);
        return creator;
    }

    /** An unordered post-processor runs after every ordered one, the guard's included. */
    static final class ProxyAfterTheGuard implements BeanPostProcessor {

        private final boolean subclass;

        ProxyAfterTheGuard(boolean subclass) {
            this.subclass = subclass;
        }

        @Override
        public Object postProcessAfterInitialization(Object bean, String beanName) {
            if (!beanName.equals("dataSource")) {
                return bean;
            }
            assertThat(ShadowDataSourceGuard.isGuarded((DataSource) bean)).isTrue();
            ProxyFactory factory = new ProxyFactory(bean);
            factory.setProxyTargetClass(this.subclass);
            factory.addAdvice((MethodInterceptor) (invocation) -> {
                Counter.AFTER.incrementAndGet();
                return invocation.proceed();
            });
            return factory.getProxy();
        }
    }

    /** Counts the calls it intercepts. */
    static class Counter implements MethodInterceptor {

        static final AtomicInteger AFTER = new AtomicInteger();

        final AtomicInteger calls = new AtomicInteger();

        @Override
        public @Nullable Object invoke(org.aopalliance.intercept.MethodInvocation invocation) throws Throwable {
            this.calls.incrementAndGet();
            return invocation.proceed();
        }
    }

    /** The management interface of {@link FinalPool}. */
    interface PoolStatistics {

        int getActiveConnections();

        int getMaxConnections();
    }

    /** A pool whose class cannot be subclassed: its guard is a proxy of its interfaces. */
    static final class FinalPool extends DelegatingDataSource implements PoolStatistics, AutoCloseable {

        private final JdbcConnectionPool pool;

        FinalPool(JdbcConnectionPool pool) {
            super(pool);
            this.pool = pool;
        }

        @Override
        public int getActiveConnections() {
            return this.pool.getActiveConnections();
        }

        @Override
        public int getMaxConnections() {
            return this.pool.getMaxConnections();
        }

        @Override
        public void close() {
            this.pool.dispose();
        }
    }

    static final class FinalPoolMetadata implements DataSourcePoolMetadata {

        private final PoolStatistics pool;

        FinalPoolMetadata(PoolStatistics pool) {
            this.pool = pool;
        }

        @Override
        public Float getUsage() {
            return (float) this.pool.getActiveConnections() / this.pool.getMaxConnections();
        }

        @Override
        public Integer getActive() {
            return this.pool.getActiveConnections();
        }

        @Override
        public Integer getMax() {
            return this.pool.getMaxConnections();
        }

        @Override
        public Integer getMin() {
            return 0;
        }

        @Override
        public @Nullable String getValidationQuery() {
            return null;
        }

        @Override
        public @Nullable Boolean getDefaultAutoCommit() {
            return null;
        }
    }
}
