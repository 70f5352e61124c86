package dev.shadowtx.http;

import dev.shadowtx.http.HandBuiltRedirects.Checked;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.http.client.reactive.ClientHttpConnector;
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
     * replaced by its {@code mutate()}d copy; the same object when it has the filter already and
     * its connector needs no change. A connector that follows redirects by itself is replaced by
     * one that decides them ({@link HandBuiltConnectors}); over a connector of a kind not known,
     * the filter refuses every shadow call it does not block.
     */
    static Object guard(Object bean, BeanFactory beanFactory) {
        ShadowExchangeFilterFunction filter =
                beanFactory.getBeanProvider(ShadowExchangeFilterFunction.class).getIfAvailable();
        if (filter == null) {
            return bean;
        }
        if (bean instanceof WebClient client) {
            WebClient.Builder builder = client.mutate();
            Checked<ClientHttpConnector> checked = check(builder, connectorOf(client), filter);
            String refusal = checked.refusal();
            if (refusal != null) {
                return filter.refusing(refusal).replaceIn(builder).build();
            }
            boolean applied = ShadowExchangeFilterFunction.isAppliedTo(builder);
            if (applied && checked.use() == connectorOf(client)) {
                return client;
            }
            builder.clientConnector(checked.use());
            return applied ? builder.build() : filter.applyTo(builder).build();
        }
        WebClient.Builder builder = (WebClient.Builder) bean;
        Object connector = HiddenFields.read(builder, "connector");
        if (connector == null) {
            // the connector Spring picks when the application sets none
            connector = connectorOf(builder.clone().build());
        }
        Checked<ClientHttpConnector> checked = check(builder, connector, filter);
        String refusal = checked.refusal();
        if (refusal != null) {
            return filter.refusing(refusal).replaceIn(builder);
        }
        if (checked.use() != connector) {
            builder.clientConnector(checked.use());
        }
        if (!ShadowExchangeFilterFunction.isAppliedTo(builder)) {
            filter.applyTo(builder);
        }
        return builder;
    }

    private static Checked<ClientHttpConnector> check(
            WebClient.Builder builder, @Nullable Object connector, ShadowExchangeFilterFunction filter) {
        if (HiddenFields.read(builder, "exchangeFunction") != null) {
            return Checked.refuse("its own ExchangeFunction");
        }
        return (connector instanceof ClientHttpConnector known)
                ? HandBuiltConnectors.check(known, filter::getPolicy)
                : Checked.refuse("its connector, which cannot be seen,");
    }

    /**
     * The connector a built client sends its requests with, from the exchange function Spring
     * made for it.
     */
    private static @Nullable Object connectorOf(WebClient client) {
        Object exchange = HiddenFields.read(client, "exchangeFunction");
        return (exchange != null && exchange != HiddenFields.MISSING)
                ? HiddenFields.read(exchange, "connector")
                : HiddenFields.MISSING;
    }
}
