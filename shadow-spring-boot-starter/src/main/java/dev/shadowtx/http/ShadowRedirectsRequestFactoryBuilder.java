package dev.shadowtx.http;

import dev.shadowtx.core.outbound.OutboundPolicy;
import java.util.Collections;
import java.util.Set;
import java.util.WeakHashMap;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.http.client.ClientHttpRequestFactoryBuilder;
import org.springframework.boot.http.client.HttpClientSettings;
import org.springframework.boot.http.client.HttpRedirects;
import org.springframework.http.client.ClientHttpRequestFactory;

/**
 * Boot's request factory builder with shadow redirects checked: every factory it builds for
 * following redirects (Boot's default) is a {@link ShadowRedirectsRequestFactory}, whatever client
 * library Boot picked. {@code RestClient.Builder}, {@code RestTemplateBuilder} and HTTP service
 * clients all build their factory from this bean.
 */
public final class ShadowRedirectsRequestFactoryBuilder
        implements ClientHttpRequestFactoryBuilder<ClientHttpRequestFactory> {

    /**
     * The factories built not to follow redirects, which a client built by hand over one of them
     * keeps as they are (weakly held).
     */
    private static final Set<ClientHttpRequestFactory> NOT_FOLLOWING =
            Collections.synchronizedSet(Collections.newSetFromMap(new WeakHashMap<>()));

    private final ClientHttpRequestFactoryBuilder<?> delegate;

    private final Supplier<OutboundPolicy> policy;

    /**
     * Wrap a builder.
     * @param delegate the application's builder
     * @param policy the policy of the {@code http} channel, resolved on first use
     */
    public ShadowRedirectsRequestFactoryBuilder(
            ClientHttpRequestFactoryBuilder<?> delegate, Supplier<OutboundPolicy> policy) {
        this.delegate = delegate;
        this.policy = policy;
    }

    /**
     * Return the application's builder.
     * @return the wrapped builder
     */
    public ClientHttpRequestFactoryBuilder<?> getDelegate() {
        return this.delegate;
    }

    @Override
    public ClientHttpRequestFactory build(@Nullable HttpClientSettings settings) {
        ClientHttpRequestFactory live = this.delegate.build(settings);
        HttpClientSettings effective = (settings != null) ? settings : HttpClientSettings.defaults();
        if (effective.redirects() == HttpRedirects.DONT_FOLLOW) {
            NOT_FOLLOWING.add(live);
            return live;
        }
        boolean followsUnsafeMethods = !(isA(live, "org.springframework.http.client.SimpleClientHttpRequestFactory")
                || isA(live, "org.springframework.http.client.JettyClientHttpRequestFactory"));
        return new ShadowRedirectsRequestFactory(
                live,
                () -> this.delegate.build(effective.withRedirects(HttpRedirects.DONT_FOLLOW)),
                this.policy,
                followsUnsafeMethods);
    }

    /**
     * Whether a factory was built by Boot's builder not to follow redirects.
     * @param factory a request factory
     * @return {@code true} when it was built with {@code HttpRedirects.DONT_FOLLOW}
     */
    static boolean isNotFollowing(ClientHttpRequestFactory factory) {
        return NOT_FOLLOWING.contains(factory);
    }

    /**
     * Whether an object is of a class, named so that the class's optional library need not be present.
     */
    static boolean isA(Object object, String className) {
        for (Class<?> type = object.getClass(); type != null; type = type.getSuperclass()) {
            if (type.getName().equals(className)) {
                return true;
            }
        }
        return false;
    }
}
