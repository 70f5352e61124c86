package dev.shadowtx.audit;

import dev.shadowtx.http.ShadowExchangeFilterFunction;
import org.jspecify.annotations.Nullable;
import org.springframework.web.reactive.function.client.WebClient;

/**
 * Tells whether a {@code WebClient} or its builder carries the {@link ShadowExchangeFilterFunction}.
 * Loaded only when spring-webflux is present.
 */
final class WebClientInspection {

    private WebClientInspection() {}

    /**
     * Whether the bean is a WebClient or a WebClient builder.
     * @param bean the bean
     * @return {@code true} when this class can inspect it
     */
    static boolean handles(Object bean) {
        return bean instanceof WebClient || bean instanceof WebClient.Builder;
    }

    /**
     * Whether the bean is a client (not a builder), which can be watched when it is uncovered.
     * @param bean the bean
     * @return {@code true} for a WebClient
     */
    static boolean isClient(Object bean) {
        return bean instanceof WebClient;
    }

    /**
     * Whether the client or builder carries the shadow filter.
     * @param bean a WebClient or a WebClient builder
     * @return {@code true} when its filters include the shadow one
     */
    static boolean isGuarded(Object bean) {
        return ShadowExchangeFilterFunction.isAppliedTo(
                (bean instanceof WebClient client) ? client.mutate() : (WebClient.Builder) bean);
    }

    /**
     * Return why the shadow filter of a client refuses its shadow calls.
     * @param bean a WebClient or a WebClient builder
     * @return the reason, or {@code null} when its shadow calls are decided as usual
     */
    static @Nullable String refusal(Object bean) {
        ShadowExchangeFilterFunction filter = ShadowExchangeFilterFunction.findIn(
                (bean instanceof WebClient client) ? client.mutate() : (WebClient.Builder) bean);
        return (filter != null) ? filter.getRefusal() : null;
    }
}
