package dev.shadowtx.http.clients;

import java.net.http.HttpClient;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.core.Ordered;
import org.springframework.util.ClassUtils;

/**
 * Puts the shadow policy of the {@code http} channel on the HTTP client beans of other libraries
 * as they are created: a JDK {@link HttpClient}, an OkHttp {@code OkHttpClient}, an Apache
 * HttpClient 5 {@code CloseableHttpClient} or {@code CloseableHttpAsyncClient} and a Reactor Netty
 * {@code HttpClient} are replaced by a guarded client of the same type (the JDK's and Apache's
 * client classes are final, so they cannot be proxied); a Jetty {@code HttpClient} keeps its
 * instance and gets the policy through its redirect cache and request listeners. Each library is
 * optional. Apache HttpClient 4 clients, which have no guard, are wrapped so that their shadow
 * calls are refused.
 */
public final class ShadowHttpClientPostProcessor implements BeanPostProcessor, Ordered {

    private static final boolean OK_HTTP_PRESENT =
            ClassUtils.isPresent("okhttp3.OkHttpClient", ShadowHttpClientPostProcessor.class.getClassLoader());

    private static final boolean APACHE_PRESENT = ClassUtils.isPresent(
            "org.apache.hc.client5.http.impl.classic.CloseableHttpClient",
            ShadowHttpClientPostProcessor.class.getClassLoader());

    private static final boolean APACHE_ASYNC_PRESENT = ClassUtils.isPresent(
            "org.apache.hc.client5.http.impl.async.CloseableHttpAsyncClient",
            ShadowHttpClientPostProcessor.class.getClassLoader());

    private static final boolean JETTY_PRESENT = ClassUtils.isPresent(
            "org.eclipse.jetty.client.HttpClient", ShadowHttpClientPostProcessor.class.getClassLoader());

    private static final boolean REACTOR_NETTY_PRESENT = ClassUtils.isPresent(
            "reactor.netty.http.client.HttpClient", ShadowHttpClientPostProcessor.class.getClassLoader());

    private final ShadowCalls calls;

    /**
     * Create the post-processor.
     * @param calls the policy of the {@code http} channel
     */
    public ShadowHttpClientPostProcessor(ShadowCalls calls) {
        this.calls = calls;
    }

    /**
     * A Jetty client gets the policy before its init method runs: Jetty accepts the redirect cache
     * the policy needs only while the client is not started.
     */
    @Override
    public Object postProcessBeforeInitialization(Object bean, String beanName) {
        if (JETTY_PRESENT && bean instanceof org.eclipse.jetty.client.HttpClient client) {
            return ShadowJettyHttpClient.guard(client, this.calls);
        }
        return bean;
    }

    @Override
    public Object postProcessAfterInitialization(Object bean, String beanName) {
        if (bean instanceof HttpClient client && !(bean instanceof ShadowJdkHttpClient)) {
            return new ShadowJdkHttpClient(client, this.calls);
        }
        if (OK_HTTP_PRESENT && bean instanceof okhttp3.OkHttpClient client) {
            return ShadowOkHttpInterceptor.guard(client, this.calls);
        }
        if (APACHE_PRESENT
                && bean instanceof org.apache.hc.client5.http.impl.classic.CloseableHttpClient client
                && !(bean instanceof ShadowApacheHttpClient)) {
            return new ShadowApacheHttpClient(client, this.calls);
        }
        if (APACHE_ASYNC_PRESENT
                && bean instanceof org.apache.hc.client5.http.impl.async.CloseableHttpAsyncClient client
                && !(bean instanceof ShadowApacheAsyncHttpClient)) {
            return new ShadowApacheAsyncHttpClient(client, this.calls);
        }
        if (REACTOR_NETTY_PRESENT && bean instanceof reactor.netty.http.client.HttpClient client) {
            return ShadowReactorNettyHttpClient.guard(client, this.calls);
        }
        Class<?> legacyApache = LegacyApacheHttpClients.clientClassOf(bean.getClass());
        if (legacyApache != null) {
            return LegacyApacheHttpClients.blockInShadow(bean, legacyApache);
        }
        return bean;
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
