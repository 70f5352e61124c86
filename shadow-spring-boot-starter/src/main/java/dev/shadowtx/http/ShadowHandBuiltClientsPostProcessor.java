package dev.shadowtx.http;

import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.core.Ordered;
import org.springframework.util.ClassUtils;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestTemplate;

/**
 * Puts the shadow policy on the {@code RestTemplate}, {@code RestClient} and {@code WebClient}
 * beans (and {@code RestClient.Builder} and {@code WebClient.Builder} beans) an application built
 * by hand ({@code new RestTemplate()}, {@code RestClient.create()}, {@code WebClient.create()},
 * {@code RestClient.builder()}): a {@code RestTemplate} or a builder gets the interceptor or filter
 * in place, an immutable {@code RestClient} or {@code WebClient} is replaced by its
 * {@code mutate()}d copy with it. A client that carries it already (every client built from
 * Boot's builders) is left as it is, so no call is decided twice.
 */
public final class ShadowHandBuiltClientsPostProcessor implements BeanPostProcessor, Ordered {

    private static final boolean WEBFLUX_PRESENT = ClassUtils.isPresent(
            "org.springframework.web.reactive.function.client.WebClient",
            ShadowHandBuiltClientsPostProcessor.class.getClassLoader());

    private final BeanFactory beanFactory;

    /**
     * Create the post-processor.
     * @param beanFactory where the {@link ShadowClientHttpRequestInterceptor} and the
     * {@link ShadowExchangeFilterFunction} are looked up when a client needs them
     */
    public ShadowHandBuiltClientsPostProcessor(BeanFactory beanFactory) {
        this.beanFactory = beanFactory;
    }

    @Override
    public Object postProcessAfterInitialization(Object bean, String beanName) {
        if (bean instanceof RestTemplate restTemplate) {
            return blocking(restTemplate);
        }
        if (bean instanceof RestClient restClient) {
            return blocking(restClient);
        }
        if (bean instanceof RestClient.Builder builder) {
            return blocking(builder);
        }
        if (WEBFLUX_PRESENT && HandBuiltWebClients.handles(bean)) {
            return HandBuiltWebClients.guard(bean, this.beanFactory);
        }
        return bean;
    }

    private Object blocking(RestTemplate restTemplate) {
        ShadowClientHttpRequestInterceptor shadow = interceptor();
        if (shadow != null && !ShadowClientHttpRequestInterceptor.isAppliedTo(restTemplate)) {
            shadow.applyTo(restTemplate);
        }
        return restTemplate;
    }

    private Object blocking(RestClient restClient) {
        ShadowClientHttpRequestInterceptor shadow = interceptor();
        if (shadow == null) {
            return restClient;
        }
        RestClient.Builder builder = restClient.mutate();
        return ShadowClientHttpRequestInterceptor.isAppliedTo(builder)
                ? restClient
                : shadow.applyTo(builder).build();
    }

    private Object blocking(RestClient.Builder builder) {
        ShadowClientHttpRequestInterceptor shadow = interceptor();
        if (shadow != null && !ShadowClientHttpRequestInterceptor.isAppliedTo(builder)) {
            shadow.applyTo(builder);
        }
        return builder;
    }

    private @Nullable ShadowClientHttpRequestInterceptor interceptor() {
        return this.beanFactory
                .getBeanProvider(ShadowClientHttpRequestInterceptor.class)
                .getIfAvailable();
    }

    /**
     * Before the leak audit's monitor, which then sees the guarded client.
     * @return an order just before the lowest precedence
     */
    @Override
    public int getOrder() {
        return Ordered.LOWEST_PRECEDENCE - 100;
    }
}
