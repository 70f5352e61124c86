package dev.shadowtx.core.tx;

import dev.shadowtx.core.metrics.ShadowRecorder;
import java.util.function.Supplier;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.BeanFactoryAware;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.beans.factory.config.SingletonBeanRegistry;
import org.springframework.core.Ordered;
import org.springframework.util.ClassUtils;

/**
 * Puts the JDBC guard on every {@link DataSource} bean, before anything (a transaction manager,
 * an {@code EntityManagerFactory}, a {@code JdbcTemplate}) is given it, and on the data source of
 * every {@code JdbcTemplate}, {@code NamedParameterJdbcTemplate} or {@code JdbcClient} bean built over a data source
 * that is not a bean.
 */
public final class ShadowDataSourcePostProcessor implements BeanPostProcessor, BeanFactoryAware, Ordered {

    private static final boolean JDBC_TEMPLATE_PRESENT = ClassUtils.isPresent(
            "org.springframework.jdbc.core.JdbcTemplate", ShadowDataSourcePostProcessor.class.getClassLoader());

    private final Supplier<ShadowRecorder> recorder;

    private final ShadowSessionLimits limits;

    private @Nullable ListableBeanFactory beanFactory;

    /**
     * Create the post-processor.
     * @param recorder where to report prevented commits; resolved on first use
     */
    public ShadowDataSourcePostProcessor(Supplier<ShadowRecorder> recorder) {
        this(recorder, ShadowSessionLimits.NONE);
    }

    /**
     * Create the post-processor.
     * @param recorder where to report prevented commits; resolved on first use
     * @param limits lock and statement timeouts for connections borrowed in shadow
     */
    public ShadowDataSourcePostProcessor(Supplier<ShadowRecorder> recorder, ShadowSessionLimits limits) {
        this.recorder = recorder;
        this.limits = limits;
    }

    @Override
    public Object postProcessAfterInitialization(Object bean, String beanName) {
        if (bean instanceof DataSource dataSource) {
            return ShadowDataSourceGuard.guard(dataSource, beanName, this.recorder, this.limits);
        }
        if (JDBC_TEMPLATE_PRESENT) {
            JdbcTemplateDataSources.guard(bean, this::isBean, this.recorder, this.limits);
        }
        return bean;
    }

    @Override
    public void setBeanFactory(BeanFactory beanFactory) {
        if (beanFactory instanceof ListableBeanFactory listable) {
            this.beanFactory = listable;
        }
    }

    private boolean isBean(DataSource dataSource) {
        ListableBeanFactory factory = this.beanFactory;
        if (!(factory instanceof SingletonBeanRegistry singletons)) {
            return false;
        }
        for (String name : factory.getBeanNamesForType(DataSource.class, true, false)) {
            if (singletons.containsSingleton(name) && singletons.getSingleton(name) == dataSource) {
                return true;
            }
        }
        return false;
    }

    @Override
    public int getOrder() {
        return Ordered.LOWEST_PRECEDENCE;
    }
}
