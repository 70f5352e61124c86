package dev.shadowtx.core.tx;

import dev.shadowtx.core.metrics.ShadowRecorder;
import java.lang.reflect.Field;
import java.util.function.Predicate;
import java.util.function.Supplier;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcOperations;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.JdbcAccessor;
import org.springframework.util.ReflectionUtils;

/**
 * Finds, and guards, the data source under a {@code JdbcTemplate}, a
 * {@code NamedParameterJdbcTemplate} or a {@code JdbcClient} declared as a bean over a data source
 * that is not a bean ({@code JdbcClient.create(DataSourceBuilder.create()...build())}): such a data
 * source never went through {@link ShadowDataSourcePostProcessor}. A {@code JdbcClient} keeps its
 * template in a private field, read once when the bean is created. Loaded only when spring-jdbc is
 * present.
 */
public final class JdbcTemplateDataSources {

    private JdbcTemplateDataSources() {}

    /**
     * Return the accessor that holds the data source a template or client uses.
     * @param bean a {@code JdbcTemplate}, {@code NamedParameterJdbcTemplate} or {@code JdbcClient}
     * @return the accessor, or {@code null} when the bean is none of those or hides it where it
     *     cannot be reached
     */
    public static @Nullable JdbcAccessor accessorOf(Object bean) {
        Object operations = bean;
        if (bean instanceof JdbcClient) {
            Field field = ReflectionUtils.findField(bean.getClass(), null, NamedParameterJdbcOperations.class);
            if (field == null) {
                return null;
            }
            ReflectionUtils.makeAccessible(field);
            operations = ReflectionUtils.getField(field, bean);
        }
        if (operations instanceof NamedParameterJdbcTemplate named) {
            operations = named.getJdbcOperations();
        }
        return (operations instanceof JdbcAccessor accessor) ? accessor : null;
    }

    /**
     * Return the data source a template or client uses.
     * @param bean a {@code JdbcTemplate}, {@code NamedParameterJdbcTemplate} or {@code JdbcClient}
     * @return the data source, or {@code null} when it cannot be reached or is not set
     */
    public static @Nullable DataSource dataSourceOf(Object bean) {
        JdbcAccessor accessor = accessorOf(bean);
        return (accessor != null) ? accessor.getDataSource() : null;
    }

    /**
     * Guard the data source of a JDBC template or client bean, when the bean is one.
     * @param bean the bean
     * @param isBean whether a data source is a bean, which its own post-processing guards or routes
     * @param recorder where to report prevented commits
     * @param limits lock and statement timeouts for shadow connections
     */
    static void guard(
            Object bean, Predicate<DataSource> isBean, Supplier<ShadowRecorder> recorder, ShadowSessionLimits limits) {
        JdbcAccessor accessor = accessorOf(bean);
        if (accessor != null) {
            DataSource dataSource = accessor.getDataSource();
            if (dataSource != null && !ShadowDataSourceGuard.isGuarded(dataSource) && !isBean.test(dataSource)) {
                accessor.setDataSource(ShadowDataSourceGuard.guard(dataSource, null, recorder, limits));
            }
        }
    }
}
