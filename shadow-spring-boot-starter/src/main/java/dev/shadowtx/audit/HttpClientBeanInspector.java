package dev.shadowtx.audit;

import dev.shadowtx.core.audit.ChannelBean;
import dev.shadowtx.core.audit.ChannelInspector;
import dev.shadowtx.core.audit.ChannelKind;
import dev.shadowtx.core.audit.ChannelTypes;
import dev.shadowtx.http.clients.LegacyApacheHttpClients;
import dev.shadowtx.http.clients.ShadowApacheAsyncHttpClient;
import dev.shadowtx.http.clients.ShadowApacheHttpClient;
import dev.shadowtx.http.clients.ShadowJdkHttpClient;
import dev.shadowtx.http.clients.ShadowJettyHttpClient;
import dev.shadowtx.http.clients.ShadowOkHttpInterceptor;
import dev.shadowtx.http.clients.ShadowReactorNettyHttpClient;
import org.jspecify.annotations.Nullable;
import org.springframework.core.Ordered;
import org.springframework.util.ClassUtils;

/**
 * Inspects the HTTP client beans of other libraries: JDK, OkHttp, Apache HttpClient 5 (classic and
 * async), Jetty and Reactor Netty clients are guarded once the shadow policy is on them, which
 * happens to every such bean; Apache HttpClient 4 clients, which have no guard, are listed
 * uncovered and watched, so that their calls in shadow are refused.
 */
public final class HttpClientBeanInspector implements ChannelInspector, Ordered {

    /**
     * HTTP clients of other libraries, guarded when declared as beans of a supported library.
     */
    public static final ChannelKind HTTP_CLIENT = ChannelKind.guardable(
            "http-client",
            "no shadowtx guard exists for this client library",
            "declare a JDK HttpClient, OkHttp, Apache HttpClient 5, Jetty or Reactor Netty client as a bean, or wrap this "
                    + "client in a RestClient built from Boot's RestClient.Builder (e.g. with a request factory over "
                    + "this client)");

    private static final String GUARDED =
            "shadow outbound policy (shadow.http.destinations): propagate, reroute or " + "block per destination";

    private static final String GUARDED_WITHOUT_REROUTE = "shadow outbound policy (shadow.http.destinations): "
            + "propagate with the marker; blocked, stubbed and rerouted calls refused";

    private static final ChannelTypes CLIENTS = ChannelTypes.named(
            "java.net.http.HttpClient",
            "org.apache.hc.client5.http.classic.HttpClient",
            "org.apache.hc.client5.http.async.HttpAsyncClient",
            "org.apache.http.client.HttpClient",
            "okhttp3.OkHttpClient",
            "org.eclipse.jetty.client.HttpClient",
            "reactor.netty.http.client.HttpClient");

    private static final ChannelTypes HTTP_CLIENT_4 = ChannelTypes.named("org.apache.http.client.HttpClient");

    @Override
    public @Nullable ChannelKind kindOf(Class<?> beanType) {
        return CLIENTS.matches(beanType) ? HTTP_CLIENT : null;
    }

    @Override
    public @Nullable String guard(ChannelBean channel) {
        Object bean = channel.existing();
        if (bean == null) {
            return null;
        }
        if (bean instanceof ShadowJdkHttpClient
                || isGuardedApache(bean)
                || isGuardedApacheAsync(bean)
                || isGuardedOkHttp(bean)) {
            return GUARDED;
        }
        if (isGuardedJetty(bean)) {
            return ShadowJettyHttpClient.reroutes((org.eclipse.jetty.client.HttpClient) bean)
                    ? GUARDED + "; blocked and stubbed calls refused"
                    : GUARDED_WITHOUT_REROUTE;
        }
        if (isGuardedReactorNetty(bean)) {
            return GUARDED_WITHOUT_REROUTE;
        }
        return null;
    }

    private static boolean isGuardedApacheAsync(Object bean) {
        return ClassUtils.isPresent(
                        "org.apache.hc.client5.http.impl.async.CloseableHttpAsyncClient",
                        bean.getClass().getClassLoader())
                && bean instanceof ShadowApacheAsyncHttpClient;
    }

    private static boolean isGuardedJetty(Object bean) {
        return ClassUtils.isPresent(
                        "org.eclipse.jetty.client.HttpClient", bean.getClass().getClassLoader())
                && bean instanceof org.eclipse.jetty.client.HttpClient client
                && ShadowJettyHttpClient.isGuarded(client);
    }

    private static boolean isGuardedReactorNetty(Object bean) {
        return ClassUtils.isPresent(
                        "reactor.netty.http.client.HttpClient", bean.getClass().getClassLoader())
                && bean instanceof reactor.netty.http.client.HttpClient client
                && ShadowReactorNettyHttpClient.isGuarded(client);
    }

    private static boolean isGuardedApache(Object bean) {
        return ClassUtils.isPresent(
                        "org.apache.hc.client5.http.impl.classic.CloseableHttpClient",
                        bean.getClass().getClassLoader())
                && bean instanceof ShadowApacheHttpClient;
    }

    private static boolean isGuardedOkHttp(Object bean) {
        return ClassUtils.isPresent("okhttp3.OkHttpClient", bean.getClass().getClassLoader())
                && bean instanceof okhttp3.OkHttpClient client
                && ShadowOkHttpInterceptor.isGuarded(client);
    }

    /**
     * Apache HttpClient 4 clients have no guard (Spring Boot no longer manages that library): those
     * the HTTP client post-processor did not wrap already (declared by the library's interface
     * rather than its client class) are wrapped by the monitor, so that their calls in shadow are
     * refused. The other libraries' clients are guarded instead.
     */
    @Override
    public boolean isWatched(ChannelKind kind, Object bean) {
        return HTTP_CLIENT_4.matches(bean.getClass()) && !LegacyApacheHttpClients.isBlockedInShadow(bean);
    }

    @Override
    public int getOrder() {
        return 400;
    }
}
