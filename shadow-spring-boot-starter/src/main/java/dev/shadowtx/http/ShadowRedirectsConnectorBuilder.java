package dev.shadowtx.http;

import dev.shadowtx.core.outbound.OutboundPolicy;
import java.util.Collections;
import java.util.Set;
import java.util.WeakHashMap;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.http.client.HttpClientSettings;
import org.springframework.boot.http.client.HttpRedirects;
import org.springframework.boot.http.client.reactive.ClientHttpConnectorBuilder;
import org.springframework.http.client.reactive.ClientHttpConnector;

/**
 * Boot's connector builder with shadow redirects checked: every connector it builds for following
 * redirects (Boot's default) is a {@link ShadowRedirectsConnector}, whatever client library Boot
 * picked. {@code WebClient.Builder} gets its connector from this bean.
 */
public final class ShadowRedirectsConnectorBuilder implements ClientHttpConnectorBuilder<ClientHttpConnector> {

    /**
     * The connectors built not to follow redirects, which a client built by hand over one of them
     * keeps as they are (weakly held).
     */
    private static final Set<ClientHttpConnector> NOT_FOLLOWING =
            Collections.synchronizedSet(Collections.newSetFromMap(new WeakHashMap<>()));

    private final ClientHttpConnectorBuilder<?> delegate;

    private final Supplier<OutboundPolicy> policy;

    /**
     * Wrap a builder.
     * @param delegate the application's builder
     * @param policy the policy of the {@code http} channel, resolved on first use
     */
    public ShadowRedirectsConnectorBuilder(ClientHttpConnectorBuilder<?> delegate, Supplier<OutboundPolicy> policy) {
        this.delegate = delegate;
        this.policy = policy;
    }

    /**
     * Return the application's builder.
     * @return the wrapped builder
     */
    public ClientHttpConnectorBuilder<?> getDelegate() {
        return this.delegate;
    }

    @Override
    public ClientHttpConnector build(@Nullable HttpClientSettings settings) {
        ClientHttpConnector live = this.delegate.build(settings);
        HttpClientSettings effective = (settings != null) ? settings : HttpClientSettings.defaults();
        if (effective.redirects() == HttpRedirects.DONT_FOLLOW) {
            NOT_FOLLOWING.add(live);
            return live;
        }
        return new ShadowRedirectsConnector(
                live, () -> this.delegate.build(effective.withRedirects(HttpRedirects.DONT_FOLLOW)), this.policy);
    }

    /**
     * Whether a connector was built by Boot's builder not to follow redirects.
     * @param connector a connector
     * @return {@code true} when it was built with {@code HttpRedirects.DONT_FOLLOW}
     */
    static boolean isNotFollowing(ClientHttpConnector connector) {
        return NOT_FOLLOWING.contains(connector);
    }
}
