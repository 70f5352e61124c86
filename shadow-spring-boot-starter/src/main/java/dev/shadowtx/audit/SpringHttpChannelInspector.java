package dev.shadowtx.audit;

import dev.shadowtx.core.audit.ChannelBean;
import dev.shadowtx.core.audit.ChannelInspector;
import dev.shadowtx.core.audit.ChannelKind;
import dev.shadowtx.core.audit.ChannelTypes;
import org.jspecify.annotations.Nullable;
import org.springframework.core.Ordered;
import org.springframework.util.ClassUtils;

/**
 * Inspects Spring's HTTP clients and their builders ({@code RestClient}, {@code RestTemplate},
 * {@code WebClient}): guarded when they carry the shadow interceptor or filter, which everything
 * built from Boot's injected builders does. A client built by hand without it is watched.
 */
public final class SpringHttpChannelInspector implements ChannelInspector, Ordered {

    /**
     * Spring's HTTP clients and their builders, guarded when built from Boot's builders.
     */
    public static final ChannelKind HTTP = ChannelKind.guardable(
            "http",
            "no shadow interceptor or filter: built by hand, not from Boot's builder",
            "build it from Boot's injected builder (RestClient.Builder, RestTemplateBuilder, WebClient.Builder) "
                    + "or apply the shadow interceptor / filter with applyTo(...)");

    private static final String REST_CLIENT = "org.springframework.web.client.RestClient";

    private static final String WEB_CLIENT = "org.springframework.web.reactive.function.client.WebClient";

    private static final ChannelTypes CLIENTS = ChannelTypes.named(
            REST_CLIENT,
            REST_CLIENT + "$Builder",
            "org.springframework.web.client.RestTemplate",
            "org.springframework.boot.restclient.RestTemplateBuilder",
            WEB_CLIENT,
            WEB_CLIENT + "$Builder");

    @Override
    public @Nullable ChannelKind kindOf(Class<?> beanType) {
        return CLIENTS.matches(beanType) ? HTTP : null;
    }

    @Override
    public @Nullable String guard(ChannelBean channel) {
        Object bean = channel.instance();
        if (bean == null) {
            return null;
        }
        ClassLoader classLoader = bean.getClass().getClassLoader();
        if (ClassUtils.isPresent(REST_CLIENT, classLoader) && HttpClientInspection.handles(bean)) {
            return HttpClientInspection.isGuarded(bean)
                    ? described("ShadowClientHttpRequestInterceptor", HttpClientInspection.refusal(bean))
                    : null;
        }
        if (ClassUtils.isPresent(WEB_CLIENT, classLoader) && WebClientInspection.handles(bean)) {
            return WebClientInspection.isGuarded(bean)
                    ? described("ShadowExchangeFilterFunction", WebClientInspection.refusal(bean))
                    : null;
        }
        return null;
    }

    /**
     * A client over a request factory or connector that may follow redirects below the policy is
     * guarded by refusing its shadow calls; the audit says so, and why.
     */
    private static String described(String guard, @Nullable String refusal) {
        return (refusal != null) ? guard + ": every shadow call it does not block is refused, as " + refusal : guard;
    }

    @Override
    public boolean isWatched(ChannelKind kind, Object bean) {
        ClassLoader classLoader = bean.getClass().getClassLoader();
        if (ClassUtils.isPresent(REST_CLIENT, classLoader) && HttpClientInspection.handles(bean)) {
            return HttpClientInspection.isClient(bean) && !HttpClientInspection.isGuarded(bean);
        }
        if (ClassUtils.isPresent(WEB_CLIENT, classLoader) && WebClientInspection.handles(bean)) {
            return WebClientInspection.isClient(bean) && !WebClientInspection.isGuarded(bean);
        }
        return false;
    }

    @Override
    public int getOrder() {
        return 300;
    }
}
