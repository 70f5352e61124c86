package dev.shadowtx.core.tx;

import dev.shadowtx.core.ShadowBlockedException;
import dev.shadowtx.core.context.ShadowContext;
import dev.shadowtx.core.context.ShadowContextHolder;
import dev.shadowtx.core.metrics.ShadowRecorder;
import dev.shadowtx.core.metrics.ShadowStore;
import dev.shadowtx.core.proxy.GuardProxies;
import dev.shadowtx.core.sql.SqlDatabase;
import dev.shadowtx.core.sql.TransactionEndingStatements;
import java.lang.reflect.Modifier;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.SQLException;
import java.util.function.Supplier;
import javax.sql.DataSource;
import org.aopalliance.intercept.MethodInterceptor;
import org.aopalliance.intercept.MethodInvocation;
import org.jspecify.annotations.Nullable;
import org.springframework.aop.ProxyMethodInvocation;
import org.springframework.aop.framework.ProxyFactory;
import org.springframework.util.ClassUtils;

/**
 * The JDBC guard: a {@link DataSource} whose connections, when borrowed in a shadow unit of work,
 * never commit (see {@link ShadowConnection}). Live borrowers get the target's connection
 * untouched, with no wrapper at all.
 * <p>
 * This guard is independent of the transaction guard: it also holds for code that uses no Spring
 * transaction (a plain {@code JdbcTemplate} in auto-commit) and for transaction managers that
 * commit through JDBC.
 */
public final class ShadowDataSourceGuard implements MethodInterceptor {

    private static final boolean HIKARI_PRESENT =
            ClassUtils.isPresent("com.zaxxer.hikari.HikariDataSource", ShadowDataSourceGuard.class.getClassLoader());

    private final Supplier<ShadowRecorder> recorder;

    private final @Nullable String name;

    private final ShadowSessionLimits limits;

    /**
     * The statements that end the transaction on this data source's database, learnt from the
     * metadata of the first connection borrowed in shadow.
     */
    private volatile @Nullable TransactionEndingStatements endingStatements;

    private ShadowDataSourceGuard(
            Supplier<ShadowRecorder> recorder, @Nullable String name, ShadowSessionLimits limits) {
        this.recorder = recorder;
        this.name = name;
        this.limits = limits;
    }

    /**
     * Guard a data source. The returned proxy subclasses the data source's class when it can
     * (so a {@code HikariDataSource} stays injectable as such) and otherwise implements
     * {@link DataSource} only.
     * @param dataSource the data source
     * @param recorder where to report prevented commits; resolved on first use
     * @return the guarded data source; {@code dataSource} itself when it is guarded already
     */
    public static DataSource guard(DataSource dataSource, Supplier<ShadowRecorder> recorder) {
        return guard(dataSource, null, recorder);
    }

    /**
     * Guard a data source and report each connection it serves in shadow as served by the live
     * store ({@link ShadowRecorder#storeServed}).
     * @param dataSource the data source
     * @param name its bean name, for the report; {@code null} reports nothing
     * @param recorder where to report prevented commits and served connections; resolved on first use
     * @return the guarded data source; {@code dataSource} itself when it is guarded already
     */
    public static DataSource guard(DataSource dataSource, @Nullable String name, Supplier<ShadowRecorder> recorder) {
        return guard(dataSource, name, recorder, ShadowSessionLimits.NONE);
    }

    /**
     * Guard a data source, applying lock and statement timeouts to the connections borrowed in shadow.
     * @param dataSource the data source
     * @param name the bean name, reported as the {@code data-source} of the store meter, or {@code null}
     * @param recorder where to report prevented commits; resolved on first use
     * @param limits lock and statement timeouts for shadow connections
     * @return the guarded data source; {@code dataSource} itself when it is guarded already
     */
    public static DataSource guard(
            DataSource dataSource,
            @Nullable String name,
            Supplier<ShadowRecorder> recorder,
            ShadowSessionLimits limits) {
        if (isGuarded(dataSource)) {
            return dataSource;
        }
        ProxyFactory factory = new ProxyFactory(dataSource);
        factory.addInterface(Guarded.class);
        factory.setProxyTargetClass(!Modifier.isFinal(dataSource.getClass().getModifiers()));
        factory.addAdvice(new ShadowDataSourceGuard(recorder, name, limits));
        return GuardProxies.guard(factory, dataSource.getClass().getClassLoader());
    }

    /**
     * Whether a data source is guarded already.
     * @param dataSource the data source
     * @return {@code true} when it is a guard proxy or a pool that guards its own connections
     */
    public static boolean isGuarded(DataSource dataSource) {
        return dataSource instanceof Guarded;
    }

    /**
     * Guard an unstarted Hikari pool without a proxy: a {@code HikariDataSource} of its own takes
     * over the pool's configuration and guards the connections it serves, so that a live borrow
     * costs what the pool's own costs and the bean stays a {@code HikariDataSource}. The caller owns
     * the returned pool: it must close it when it would have closed {@code dataSource}, which is
     * left unstarted.
     * @param dataSource the data source
     * @param name its bean name, for the report; {@code null} reports nothing
     * @param recorder where to report prevented commits and served connections; resolved on first use
     * @param limits lock and statement timeouts for shadow connections
     * @return the pool that takes over, or {@code null} when {@code dataSource} is not exactly a
     * {@code HikariDataSource} (a subclass may override what the copy would lose), or its pool was
     * already started or closed, or it is guarded already: guard it with {@link #guard(DataSource, String, Supplier, ShadowSessionLimits)}
     */
    static @Nullable DataSource takeOverUnstartedPool(
            DataSource dataSource,
            @Nullable String name,
            Supplier<ShadowRecorder> recorder,
            ShadowSessionLimits limits) {
        if (!HIKARI_PRESENT || isGuarded(dataSource)) {
            return null;
        }
        return GuardedHikariDataSource.takeOver(dataSource, new ShadowDataSourceGuard(recorder, name, limits));
    }

    @Override
    public @Nullable Object invoke(MethodInvocation invocation) throws Throwable {
        Object[] arguments = invocation.getArguments();
        if (invocation.getMethod().getName().equals("unwrap")
                && arguments.length == 1
                && invocation instanceof ProxyMethodInvocation proxied) {
            Object guard = proxied.getProxy();
            return unwrapsToGuard(guard, arguments[0]) ? guard : invocation.proceed();
        }
        Object result = invocation.proceed();
        if (result instanceof Connection connection
                && invocation.getMethod().getName().equals("getConnection")) {
            return guardConnection(connection);
        }
        return result;
    }

    /**
     * The guard's one step: a connection borrowed in a shadow unit of work is wrapped so that it
     * never commits; a live one is returned as it is.
     */
    Connection guardConnection(Connection connection) throws SQLException {
        ShadowContext context = ShadowContextHolder.current();
        if (context == null) {
            return connection;
        }
        Connection guarded =
                ShadowConnection.wrap(connection, context.mode(), this.recorder, this.limits, this::endingStatements);
        if (this.name != null) {
            this.recorder.get().storeServed(context.mode(), this.name, ShadowStore.LIVE);
        }
        return guarded;
    }

    /**
     * Decide {@code unwrap} on a guarded data source: a type the guard implements is answered with
     * the guard itself, live and in shadow, so that a pool unwrapped once (at startup, say) still
     * guards the connections it hands out in shadow later; any other type is refused in shadow,
     * because the pool's or the driver's own data source hands out connections no guard sees, and
     * is answered by the target live.
     * @param guard the guarded data source
     * @param requested the argument of {@code unwrap}
     * @return {@code true} when the guard is the answer, {@code false} when the target answers
     * @throws ShadowBlockedException in shadow, for a type the guard does not implement
     */
    boolean unwrapsToGuard(Object guard, @Nullable Object requested) {
        return unwrapsToGuard(guard, requested, this.recorder);
    }

    /**
     * Decide {@code unwrap} on a data source that guards or routes what it hands out in shadow, as
     * the JDBC guard does for its own ({@link #unwrapsToGuard(Object, Object)}).
     * @param guard the guarding data source
     * @param requested the argument of {@code unwrap}
     * @param recorder where a refusal is reported
     * @return {@code true} when the guard is the answer, {@code false} when the target answers
     * @throws ShadowBlockedException in shadow, for a type the guard does not implement
     */
    public static boolean unwrapsToGuard(Object guard, @Nullable Object requested, Supplier<ShadowRecorder> recorder) {
        if (GuardedJdbcObject.isOwnType(guard, requested)) {
            return true;
        }
        if (ShadowContextHolder.current() != null) {
            throw GuardedJdbcObject.refuseUnwrap(recorder.get(), guard, requested);
        }
        return false;
    }

    /**
     * Return the statements that end the transaction on the database, asking its metadata once
     * per data source, when the first SQL text is sent in shadow: whether data definition commits
     * there, and which database it is.
     * @param connection a connection borrowed from the data source, under the guard
     * @return the statements to refuse in shadow
     * @throws SQLException when the metadata cannot be read
     */
    TransactionEndingStatements endingStatements(Connection connection) throws SQLException {
        TransactionEndingStatements statements = this.endingStatements;
        if (statements == null) {
            DatabaseMetaData metaData = connection.getMetaData();
            statements = TransactionEndingStatements.of(
                            SqlDatabase.of(metaData.getDatabaseProductName()),
                            metaData.dataDefinitionCausesTransactionCommit())
                    .withShadowSafeProcedures(this.limits.shadowSafeProcedures());
            this.endingStatements = statements;
        }
        return statements;
    }

    /**
     * Marker interface carried by guard proxies and by the pools that guard their own connections.
     */
    public interface Guarded {}
}
