package dev.shadowtx.http;

import dev.shadowtx.core.outbound.OutboundPolicy;
import java.util.function.Supplier;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.http.client.ClientHttpRequestFactoryBuilder;
import org.springframework.boot.http.client.reactive.ClientHttpConnectorBuilder;
import org.springframework.util.ClassUtils;

/**
 * Wraps Boot's HTTP client builder beans as they are created, so that every {@code RestClient},
 * {@code RestTemplate}, HTTP service client and {@code WebClient} built the Boot way checks the
 * redirects of its shadow calls: a {@link ClientHttpRequestFactoryBuilder} becomes a
 * {@link ShadowRedirectsRequestFactoryBuilder}, a {@code ClientHttpConnectorBuilder} (when
 * Reactor is present) a {@link ShadowRedirectsConnectorBuilder}.
 */
public final class ShadowRedirectsPostProcessor implements BeanPostProcessor {

    private static final boolean REACTIVE_PRESENT =
            ClassUtils.isPresent("reactor.core.publisher.Mono", ShadowRedirectsPostProcessor.class.getClassLoader());

    private final Supplier<OutboundPolicy> policy;

    /**
     * Create the post-processor.
     * @param policy the policy of the {@code http} channel, resolved on first use
     */
    public ShadowRedirectsPostProcessor(Supplier<OutboundPolicy> policy) {
        this.policy = policy;
    }

    @Override
    public Object postProcessAfterInitialization(Object bean, String beanName) {
        if (bean instanceof ClientHttpRequestFactoryBuilder<?> builder
                && !(bean instanceof ShadowRedirectsRequestFactoryBuilder)) {
            return new ShadowRedirectsRequestFactoryBuilder(builder, this.policy);
        }
        if (REACTIVE_PRESENT
                && bean instanceof ClientHttpConnectorBuilder<?> builder
                && !(bean instanceof ShadowRedirectsConnectorBuilder)) {
            return new ShadowRedirectsConnectorBuilder(builder, this.policy);
        }
        return bean;
    }
}
