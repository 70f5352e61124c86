package dev.shadowtx.core.tx;

import dev.shadowtx.core.metrics.ShadowRecorder;
import java.util.function.Predicate;
import java.util.function.Supplier;
import javax.sql.DataSource;
import org.springframework.jdbc.core.JdbcOperations;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.jdbc.support.JdbcAccessor;

/**
 * Puts the JDBC guard on the data source of a {@code JdbcTemplate} (or of the template under a
 * {@code NamedParameterJdbcTemplate}) declared as a bean over a data source that is not a bean
 * ({@code new JdbcTemplate(DataSourceBuilder.create()...build())}): such a data source never went
 * through {@link ShadowDataSourcePostProcessor}. Loaded only when spring-jdbc is present.
 */
final class JdbcTemplateDataSources {

    private JdbcTemplateDataSources() {}

    /**
     * Guard the data source of a JDBC template bean, when the bean is one.
     * @param bean the bean
     * @param isBean whether a data source is a bean, which its own post-processing guards or routes
     * @param recorder where to report prevented commits
     * @param limits lock and statement timeouts for shadow connections
     */
    static void guard(
            Object bean, Predicate<DataSource> isBean, Supplier<ShadowRecorder> recorder, ShadowSessionLimits limits) {
        JdbcOperations operations = (bean instanceof NamedParameterJdbcTemplate named)
                ? named.getJdbcOperations()
                : (bean instanceof JdbcOperations plain) ? plain : null;
        if (operations instanceof JdbcAccessor accessor) {
            DataSource dataSource = accessor.getDataSource();
            if (dataSource != null && !ShadowDataSourceGuard.isGuarded(dataSource) && !isBean.test(dataSource)) {
                accessor.setDataSource(ShadowDataSourceGuard.guard(dataSource, null, recorder, limits));
            }
        }
    }
}
