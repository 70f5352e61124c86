package dev.shadowtx.audit;

import dev.shadowtx.core.audit.ChannelBean;
import dev.shadowtx.core.audit.ChannelInspector;
import dev.shadowtx.core.audit.ChannelKind;
import dev.shadowtx.core.audit.ChannelTypes;
import dev.shadowtx.core.proxy.GuardProxies;
import dev.shadowtx.core.r2dbc.ShadowConnectionFactoryGuard;
import dev.shadowtx.core.routing.RoutedDataSource;
import dev.shadowtx.core.routing.ShadowRoutingDataSource;
import dev.shadowtx.core.tx.JdbcTemplateDataSources;
import dev.shadowtx.core.tx.ShadowDataSourceGuard;
import dev.shadowtx.core.tx.ShadowDataSourcePostProcessor;
import dev.shadowtx.core.tx.ShadowTransactionListener;
import dev.shadowtx.core.tx.ShadowTransactionManagerPostProcessor;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;
import org.springframework.core.Ordered;
import org.springframework.transaction.ConfigurableTransactionManager;

/**
 * Inspects the data stores shadow-core guards: JDBC data sources and the templates and clients
 * over them ({@code JdbcTemplate}, {@code NamedParameterJdbcTemplate}, {@code JdbcClient}, whose
 * data source may be a bean or not), R2DBC connection factories and transaction managers.
 */
public final class DataStoreChannelInspector implements ChannelInspector, Ordered {

    /**
     * JDBC data sources, guarded by the JDBC guard.
     */
    public static final ChannelKind JDBC = ChannelKind.guardable(
            "jdbc",
            "not wrapped by the JDBC guard",
            "keep shadow.jdbc.guard=true (the default) so the JDBC guard wraps it, or route it to a shadow store");

    /**
     * R2DBC connection factories, guarded by the R2DBC guard.
     */
    public static final ChannelKind R2DBC = ChannelKind.guardable(
            "r2dbc",
            "not wrapped by the R2DBC guard",
            "keep shadow.r2dbc.guard=true (the default) so the R2DBC guard wraps it");

    /**
     * Transaction managers, imperative and reactive, guarded by the transaction guard.
     */
    public static final ChannelKind TRANSACTION = ChannelKind.guardable(
            "transaction",
            "no transaction guard on it",
            "keep shadow.transactions.rollback=true (the default) so the transaction guard applies");

    private static final ChannelTypes DATA_SOURCES = ChannelTypes.named("javax.sql.DataSource");

    private static final ChannelTypes JDBC_TEMPLATES = ChannelTypes.named(
            "org.springframework.jdbc.core.JdbcOperations",
            "org.springframework.jdbc.core.namedparam.NamedParameterJdbcOperations",
            "org.springframework.jdbc.core.simple.JdbcClient");

    private static final ChannelTypes CONNECTION_FACTORIES = ChannelTypes.named("io.r2dbc.spi.ConnectionFactory");

    private static final ChannelTypes TRANSACTION_MANAGERS = ChannelTypes.named(
            "org.springframework.transaction.PlatformTransactionManager",
            "org.springframework.transaction.ReactiveTransactionManager");

    private static final String R2DBC_GUARD_POST_PROCESSOR =
            "dev.shadowtx.core.r2dbc.ShadowConnectionFactoryPostProcessor";

    @Override
    public @Nullable ChannelKind kindOf(Class<?> beanType) {
        if (DATA_SOURCES.matches(beanType) || JDBC_TEMPLATES.matches(beanType)) {
            return JDBC;
        }
        if (CONNECTION_FACTORIES.matches(beanType)) {
            return R2DBC;
        }
        if (TRANSACTION_MANAGERS.matches(beanType)) {
            return TRANSACTION;
        }
        return null;
    }

    @Override
    public @Nullable String guard(ChannelBean channel) {
        if (channel.kind() == JDBC) {
            return dataSourceGuard(channel);
        }
        if (channel.kind() == R2DBC) {
            return connectionFactoryGuard(channel);
        }
        return transactionGuard(channel);
    }

    private static @Nullable String dataSourceGuard(ChannelBean channel) {
        Object bean = channel.existing();
        if (bean == null) {
            return channel.hasBeanOfType(ShadowDataSourcePostProcessor.class.getName())
                    ? "JDBC guard, applied when created"
                    : null;
        }
        if (bean instanceof DataSource dataSource) {
            return dataSourceGuard(dataSource, "");
        }
        DataSource dataSource = JdbcTemplateDataSources.dataSourceOf(bean);
        return (dataSource != null) ? dataSourceGuard(dataSource, " on its data source") : null;
    }

    private static @Nullable String dataSourceGuard(DataSource dataSource, String where) {
        if (dataSource instanceof RoutedDataSource) {
            return "routed to its shadow store";
        }
        if (ShadowDataSourceGuard.isGuarded(dataSource)) {
            return "JDBC guard" + where + ": shadow commits become rollbacks";
        }
        return null;
    }

    /**
     * A JDBC template or client whose data source cannot be reached cannot be guarded: the monitor
     * wraps it, so that its calls in shadow are refused. The other data stores are guarded.
     */
    @Override
    public boolean isWatched(ChannelKind kind, Object bean) {
        return kind == JDBC
                && JDBC_TEMPLATES.matches(bean.getClass())
                && JdbcTemplateDataSources.dataSourceOf(bean) == null;
    }

    private static @Nullable String connectionFactoryGuard(ChannelBean channel) {
        Object bean = channel.existing();
        if (bean == null) {
            return channel.hasBeanOfType(R2DBC_GUARD_POST_PROCESSOR) ? "R2DBC guard, applied when created" : null;
        }
        // the marker interface holds no R2DBC type: checking it loads nothing optional
        if (bean instanceof ShadowConnectionFactoryGuard.Guarded) {
            return "R2DBC guard: shadow commits become rollbacks";
        }
        return null;
    }

    private static @Nullable String transactionGuard(ChannelBean channel) {
        Object bean = channel.existing();
        if (bean == null) {
            return channel.hasBeanOfType(ShadowTransactionManagerPostProcessor.class.getName())
                    ? "transaction guard, applied when created"
                    : null;
        }
        if (ShadowRoutingDataSource.commitsShadowWork(bean)) {
            return "its data source routes shadow work to the shadow store";
        }
        if (bean instanceof ConfigurableTransactionManager configurable
                && configurable.getTransactionExecutionListeners().stream()
                        .anyMatch(ShadowTransactionListener.class::isInstance)) {
            return "transaction guard: shadow commits become rollbacks";
        }
        if (GuardProxies.isAdvisedBy(bean, ShadowTransactionManagerPostProcessor.class)) {
            return "transaction guard proxy: shadow commits become rollbacks";
        }
        return null;
    }

    @Override
    public int getOrder() {
        return 100;
    }
}
