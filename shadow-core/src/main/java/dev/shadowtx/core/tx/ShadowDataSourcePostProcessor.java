package dev.shadowtx.core.tx;

import dev.shadowtx.core.metrics.ShadowRecorder;
import java.util.function.Supplier;
import javax.sql.DataSource;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.core.Ordered;

/**
 * Puts the JDBC guard on every {@link DataSource} bean, before anything (a transaction manager,
 * an {@code EntityManagerFactory}, a {@code JdbcTemplate}) is given it.
 */
public final class ShadowDataSourcePostProcessor implements BeanPostProcessor, Ordered {

    private final Supplier<ShadowRecorder> recorder;

    private final ShadowSessionLimits limits;

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
        return bean;
    }

    @Override
    public int getOrder() {
        return Ordered.LOWEST_PRECEDENCE;
    }
}
