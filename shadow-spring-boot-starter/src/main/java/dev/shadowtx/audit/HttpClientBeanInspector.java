package dev.shadowtx.audit;

import dev.shadowtx.core.audit.ChannelBean;
import dev.shadowtx.core.audit.ChannelInspector;
import dev.shadowtx.core.audit.ChannelKind;
import dev.shadowtx.core.audit.ChannelTypes;
import dev.shadowtx.http.clients.ShadowApacheHttpClient;
import dev.shadowtx.http.clients.ShadowJdkHttpClient;
import dev.shadowtx.http.clients.ShadowOkHttpInterceptor;
import org.jspecify.annotations.Nullable;
import org.springframework.core.Ordered;
import org.springframework.util.ClassUtils;

/**
 * Inspects the HTTP client beans of other libraries: JDK, OkHttp and Apache HttpClient 5 (classic)
 * clients are guarded once the shadow policy is on them, which happens to every such bean; the
 * clients of libraries without a guard (Apache HttpClient 4 and 5 async, Jetty, Reactor Netty)
 * are listed uncovered.
 */
public final class HttpClientBeanInspector implements ChannelInspector, Ordered {

    /**
     * HTTP clients of other libraries, guarded when declared as beans of a supported library.
     */
    public static final ChannelKind HTTP_CLIENT = ChannelKind.guardable(
            "http-client",
            "no shadowtx guard exists for this client library",
            "declare a JDK HttpClient, OkHttp or Apache HttpClient 5 (classic) client as a bean, or wrap this "
                    + "client in a RestClient built from Boot's RestClient.Builder (e.g. with a request factory over "
                    + "this client)");

    private static final String GUARDED =
            "shadow outbound policy (shadow.http.destinations): propagate, reroute or " + "block per destination";

    private static final ChannelTypes CLIENTS = ChannelTypes.named(
            "java.net.http.HttpClient",
            "org.apache.hc.client5.http.classic.HttpClient",
            "org.apache.hc.client5.http.async.HttpAsyncClient",
            "org.apache.http.client.HttpClient",
            "okhttp3.OkHttpClient",
            "org.eclipse.jetty.client.HttpClient",
            "reactor.netty.http.client.HttpClient");

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
        if (bean instanceof ShadowJdkHttpClient || isGuardedApache(bean) || isGuardedOkHttp(bean)) {
            return GUARDED;
        }
        return null;
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

    @Override
    public boolean isWatched(ChannelKind kind, Object bean) {
        return false;
    }

    @Override
    public int getOrder() {
        return 400;
    }
}
