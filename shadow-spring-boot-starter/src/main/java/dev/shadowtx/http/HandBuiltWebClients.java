package dev.shadowtx.http;

import org.springframework.beans.factory.BeanFactory;
import org.springframework.web.reactive.function.client.WebClient;

/**
 * The {@code WebClient} part of {@link ShadowHandBuiltClientsPostProcessor}, loaded only when
 * WebFlux is present.
 */
final class HandBuiltWebClients {

    private HandBuiltWebClients() {}

    static boolean handles(Object bean) {
        return bean instanceof WebClient || bean instanceof WebClient.Builder;
    }

    /**
     * Return the client or builder with the shadow filter: a builder changed in place, a client
     * replaced by its {@code mutate()}d copy; the same object when it has the filter already.
     */
    static Object guard(Object bean, BeanFactory beanFactory) {
        ShadowExchangeFilterFunction filter =
                beanFactory.getBeanProvider(ShadowExchangeFilterFunction.class).getIfAvailable();
        if (filter == null) {
            return bean;
        }
        if (bean instanceof WebClient client) {
            WebClient.Builder builder = client.mutate();
            return ShadowExchangeFilterFunction.isAppliedTo(builder)
                    ? client
                    : filter.applyTo(builder).build();
        }
        WebClient.Builder builder = (WebClient.Builder) bean;
        if (!ShadowExchangeFilterFunction.isAppliedTo(builder)) {
            filter.applyTo(builder);
        }
        return builder;
    }
}
