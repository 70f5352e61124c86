package dev.shadowtx.core.routing;

import dev.shadowtx.core.context.ShadowContext;
import dev.shadowtx.core.context.ShadowContextHolder;
import dev.shadowtx.core.metrics.ShadowRecorder;
import dev.shadowtx.core.metrics.ShadowStore;
import dev.shadowtx.core.proxy.GuardProxies;
import dev.shadowtx.core.tx.SeparateShadowStore;
import dev.shadowtx.core.tx.ShadowDataSourceGuard;
import dev.shadowtx.core.tx.ShadowTransactionManagerPostProcessor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.sql.Connection;
import java.util.function.Supplier;
import javax.sql.DataSource;
import org.aopalliance.intercept.MethodInterceptor;
import org.aopalliance.intercept.MethodInvocation;
import org.jspecify.annotations.Nullable;
import org.springframework.aop.ProxyMethodInvocation;
import org.springframework.aop.framework.ProxyFactory;

/**
 * A data source whose connections come from the live store in live units of work and from a
 * separate shadow store in shadow ones. The store is chosen once, when a connection is borrowed:
 * a transaction (which holds one connection) or a JPA unit of work therefore never mixes the two
 * stores, and one {@code EntityManagerFactory} or {@code JdbcTemplate} serves both.
 * <p>
 * A live connection is pinned to live work: if a shadow context gets bound while it is still in
 * use (a transaction opened live, then marked shadow inside), creating a statement or committing
 * on it fails with {@link ShadowStoreMismatchException} instead of writing shadow work to the
 * live store. A shadow connection used after the context is cleared stays on the shadow store,
 * which cannot harm the live one.
 * <p>
 * The proxy subclasses the live data source's class when it can, so a {@code HikariDataSource}
 * stays injectable and measurable as such, and it carries {@link ShadowDataSourceGuard.Guarded}:
 * shadow work never reaches its live store, so the JDBC guard has nothing to add.
 */
public final class ShadowRoutingDataSource implements MethodInterceptor {

    private final Target target;

    private final Supplier<ShadowRecorder> recorder;

    private ShadowRoutingDataSource(Target target, Supplier<ShadowRecorder> recorder) {
        this.target = target;
        this.recorder = recorder;
    }

    /**
     * Route a data source.
     * @param name the bean name of the live data source, used in meters and messages
     * @param live the live store
     * @param shadowName the bean name of the shadow store
     * @param shadow the shadow store, unguarded
     * @param rollback whether shadow work is rolled back on the shadow store too
     * @param recorder where to report which store served shadow connections
     * @return the routed data source
     */
    public static DataSource route(
            String name,
            DataSource live,
            String shadowName,
            DataSource shadow,
            boolean rollback,
            Supplier<ShadowRecorder> recorder) {
        if (live instanceof RoutedDataSource) {
            throw new IllegalArgumentException("Data source '" + name + "' is routed already");
        }
        DataSource shadowStore = rollback ? ShadowDataSourceGuard.guard(shadow, recorder) : shadow;
        Target target = new Target(name, live, shadowName, shadowStore, rollback);
        ProxyFactory factory = new ProxyFactory(live);
        factory.addInterface(RoutedDataSource.class);
        factory.addInterface(ShadowDataSourceGuard.Guarded.class);
        factory.setProxyTargetClass(!Modifier.isFinal(live.getClass().getModifiers()));
        factory.addAdvice(new ShadowRoutingDataSource(target, recorder));
        return GuardProxies.guard(factory, live.getClass().getClassLoader());
    }

    /**
     * Whether the shadow transactions of a transaction manager run on a routed shadow store that
     * keeps their writes (a routed data source without rollback). The transaction guard leaves
     * such a manager alone: in shadow all of its connections come from the shadow store, and
     * turning its commits into rollbacks would defeat multi-step flows.
     * @param transactionManager a transaction manager (JDBC, JPA, Hibernate or any with a
     * readable {@code dataSource} property)
     * @return {@code true} only for a manager of a routed data source without rollback
     */
    public static boolean commitsShadowWork(Object transactionManager) {
        return ShadowTransactionManagerPostProcessor.commitsShadowWork(transactionManager);
    }

    @Override
    public @Nullable Object invoke(MethodInvocation invocation) throws Throwable {
        Method method = invocation.getMethod();
        if (method.getDeclaringClass() == RoutedDataSource.class
                || method.getDeclaringClass() == SeparateShadowStore.class) {
            try {
                return method.invoke(this.target, invocation.getArguments());
            } catch (InvocationTargetException ex) {
                throw ex.getTargetException();
            }
        }
        Object[] arguments = invocation.getArguments();
        if (method.getName().equals("unwrap")
                && arguments.length == 1
                && invocation instanceof ProxyMethodInvocation proxied) {
            // the live pool's own objects would hand out live connections in shadow
            Object routed = proxied.getProxy();
            return ShadowDataSourceGuard.unwrapsToGuard(routed, arguments[0], this.recorder)
                    ? routed
                    : invocation.proceed();
        }
        if (!method.getName().equals("getConnection")) {
            return invocation.proceed();
        }
        ShadowContext context = ShadowContextHolder.current();
        if (context != null) {
            // the shadow store has credentials of its own: never hand it the live ones
            Connection connection = this.target.shadowStore.getConnection();
            this.recorder.get().storeServed(context.mode(), this.target.name, ShadowStore.SHADOW);
            return connection;
        }
        Object result = invocation.proceed();
        return (result instanceof Connection connection) ? LiveConnection.pin(connection, this.target.name) : result;
    }

    /**
     * What a routed data source knows about itself.
     */
    private record Target(String name, DataSource live, String shadowName, DataSource shadowStore, boolean rollback)
            implements RoutedDataSource {

        @Override
        public String dataSourceName() {
            return this.name;
        }

        @Override
        public String shadowDataSourceName() {
            return this.shadowName;
        }

        @Override
        public DataSource liveStore() {
            return this.live;
        }

        @Override
        public DataSource shadowStore() {
            return this.shadowStore;
        }

        @Override
        public boolean rollsBackInShadow() {
            return this.rollback;
        }
    }
}
