package dev.shadowtx.core.r2dbc;

import dev.shadowtx.core.metrics.ShadowRecorder;
import io.r2dbc.spi.ConnectionFactory;
import java.util.function.Supplier;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.core.Ordered;

/**
 * Puts the R2DBC guard on every {@link ConnectionFactory} bean, before anything (an
 * {@code R2dbcTransactionManager}, a {@code DatabaseClient}, a repository) is given it.
 */
public final class ShadowConnectionFactoryPostProcessor implements BeanPostProcessor, Ordered {

    private final Supplier<ShadowRecorder> recorder;

    /**
     * Create the post-processor.
     * @param recorder where to report prevented commits; resolved on first use
     */
    public ShadowConnectionFactoryPostProcessor(Supplier<ShadowRecorder> recorder) {
        this.recorder = recorder;
    }

    @Override
    public Object postProcessAfterInitialization(Object bean, String beanName) {
        if (bean instanceof ConnectionFactory connectionFactory) {
            return ShadowConnectionFactoryGuard.guard(connectionFactory, this.recorder);
        }
        return bean;
    }

    @Override
    public int getOrder() {
        return Ordered.LOWEST_PRECEDENCE;
    }
}
