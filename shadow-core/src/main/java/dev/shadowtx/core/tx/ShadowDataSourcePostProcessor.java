package dev.shadowtx.core.tx;

import dev.shadowtx.core.metrics.ShadowRecorder;
import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.function.Supplier;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.BeanFactoryAware;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.beans.factory.config.DestructionAwareBeanPostProcessor;
import org.springframework.beans.factory.config.SingletonBeanRegistry;
import org.springframework.core.Ordered;
import org.springframework.util.ClassUtils;

/**
 * Puts the JDBC guard on every {@link DataSource} bean, before anything (a transaction manager,
 * an {@code EntityManagerFactory}, a {@code JdbcTemplate}) is given it, and on the data source of
 * every {@code JdbcTemplate}, {@code NamedParameterJdbcTemplate} or {@code JdbcClient} bean built over a data source
 * that is not a bean.
 * <p>
 * A singleton {@code HikariDataSource} bean whose pool has not started (Spring Boot's, and most
 * declared ones) is replaced by a pool that takes over its configuration and guards its own connections, with
 * no proxy in a live borrow's path; the container's destruction of the bean closes that pool. Any
 * other data source, a subclass of {@code HikariDataSource} and a pool already started are guarded
 * by a proxy ({@link ShadowDataSourceGuard#guard(DataSource, String, Supplier, ShadowSessionLimits)}).
 */
public final class ShadowDataSourcePostProcessor
        implements DestructionAwareBeanPostProcessor, BeanFactoryAware, Ordered {

    private static final boolean JDBC_TEMPLATE_PRESENT = ClassUtils.isPresent(
            "org.springframework.jdbc.core.JdbcTemplate", ShadowDataSourcePostProcessor.class.getClassLoader());

    private final Supplier<ShadowRecorder> recorder;

    private final ShadowSessionLimits limits;

    private @Nullable ListableBeanFactory beanFactory;

    /**
     * The pools that took over a singleton bean's configuration, by the bean the container created
     * and will destroy.
     */
    private final Map<Object, DataSource> takenOver = Collections.synchronizedMap(new IdentityHashMap<>());

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
            DataSource pool = isSingletonDefinition(beanName)
                    ? ShadowDataSourceGuard.takeOverUnstartedPool(dataSource, beanName, this.recorder, this.limits)
                    : null;
            if (pool != null) {
                this.takenOver.put(bean, pool);
                return pool;
            }
            return ShadowDataSourceGuard.guard(dataSource, beanName, this.recorder, this.limits);
        }
        if (JDBC_TEMPLATE_PRESENT) {
            JdbcTemplateDataSources.guard(bean, this::isBean, this.recorder, this.limits);
        }
        return bean;
    }

    @Override
    public boolean requiresDestruction(Object bean) {
        return bean instanceof DataSource && this.takenOver.containsKey(bean);
    }

    /**
     * Close the pool that took over a data source bean's configuration when the container destroys
     * the bean (whose own pool never started).
     */
    @Override
    public void postProcessBeforeDestruction(Object bean, String beanName) {
        DataSource pool = this.takenOver.remove(bean);
        if (pool instanceof Closeable closeable) {
            try {
                closeable.close();
            } catch (IOException ex) {
                throw new UncheckedIOException("Could not close the pool of data source '" + beanName + "'", ex);
            }
        }
    }

    @Override
    public void setBeanFactory(BeanFactory beanFactory) {
        if (beanFactory instanceof ListableBeanFactory listable) {
            this.beanFactory = listable;
        }
    }

    /**
     * Whether the container destroys the bean of this name, so that it closes a pool taken over.
     */
    private boolean isSingletonDefinition(String beanName) {
        return this.beanFactory instanceof ConfigurableListableBeanFactory factory
                && factory.containsBeanDefinition(beanName)
                && factory.getMergedBeanDefinition(beanName).isSingleton();
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
