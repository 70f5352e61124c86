package dev.shadowtx.core.r2dbc;

import dev.shadowtx.core.metrics.ShadowRecorder;
import io.r2dbc.spi.ConnectionFactory;
import java.util.List;
import java.util.function.Supplier;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.core.Ordered;

/**
 * Puts the R2DBC guard on every {@link ConnectionFactory} bean, before anything (an
 * {@code R2dbcTransactionManager}, a {@code DatabaseClient}, a repository) is given it.
 */
public final class ShadowConnectionFactoryPostProcessor implements BeanPostProcessor, Ordered {

    private final Supplier<ShadowRecorder> recorder;

    private final List<String> shadowSafeProcedures;

    /**
     * Create the post-processor.
     * @param recorder where to report prevented commits; resolved on first use
     */
    public ShadowConnectionFactoryPostProcessor(Supplier<ShadowRecorder> recorder) {
        this(recorder, List.of());
    }

    /**
     * Create the post-processor.
     * @param recorder where to report prevented commits; resolved on first use
     * @param shadowSafeProcedures the procedures that connections created in shadow may call,
     * each {@code name} or {@code schema.name}
     */
    public ShadowConnectionFactoryPostProcessor(Supplier<ShadowRecorder> recorder, List<String> shadowSafeProcedures) {
        this.recorder = recorder;
        this.shadowSafeProcedures = List.copyOf(shadowSafeProcedures);
    }

    @Override
    public Object postProcessAfterInitialization(Object bean, String beanName) {
        if (bean instanceof ConnectionFactory connectionFactory) {
            return ShadowConnectionFactoryGuard.guard(connectionFactory, this.recorder, this.shadowSafeProcedures);
        }
        return bean;
    }

    @Override
    public int getOrder() {
        return Ordered.LOWEST_PRECEDENCE;
    }
}
