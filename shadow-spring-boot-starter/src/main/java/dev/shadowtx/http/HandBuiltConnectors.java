package dev.shadowtx.http;

import dev.shadowtx.core.outbound.OutboundPolicy;
import dev.shadowtx.http.HandBuiltRedirects.Checked;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.springframework.http.client.reactive.ClientHttpConnector;
import org.springframework.util.ClassUtils;
import org.springframework.util.ReflectionUtils;

/**
 * Decides the redirects of a {@code WebClient} built by hand over a connector whose client library
 * follows redirects by itself, below the shadow filter: the connector is wrapped in a
 * {@link ShadowRedirectsConnector} whose twin does not follow redirects (the Reactor Netty and JDK
 * clients copied with redirects off, Apache HttpClient 5 requests sent with redirects off). A
 * connector over an HTTP client bean (whose guard decides each redirect already), or whose client
 * does not follow redirects, is left as it is; any other connector that may follow redirects (a
 * Jetty client that is no bean, the application's own connector) has its shadow calls refused.
 */
final class HandBuiltConnectors {

    private static final ClassLoader CLASS_LOADER = HandBuiltConnectors.class.getClassLoader();

    private static final String SPRING = "org.springframework.http.client.reactive.";

    private HandBuiltConnectors() {}

    /**
     * Check the connector of a {@code WebClient} built by hand.
     * @param connector the connector the client sends its requests with
     * @param policy the policy of the {@code http} channel
     * @return the connector to use, or the reason why shadow calls are refused
     */
    static Checked<ClientHttpConnector> check(ClientHttpConnector connector, Supplier<OutboundPolicy> policy) {
        if (connector instanceof ShadowRedirectsConnector
                || ShadowRedirectsConnectorBuilder.isNotFollowing(connector)) {
            return Checked.keep(connector);
        }
        String kind = connector.getClass().getName();
        Supplier<ClientHttpConnector> noFollow;
        if (kind.equals(SPRING + "ReactorClientHttpConnector") && present("reactor.netty.http.client.HttpClient")) {
            noFollow = Reactor.twinOf(connector);
        } else if (kind.equals(SPRING + "JdkClientHttpConnector")) {
            noFollow = jdkTwinOf(connector);
        } else if (kind.equals(SPRING + "HttpComponentsClientHttpConnector")
                && present("org.apache.hc.client5.http.impl.async.CloseableHttpAsyncClient")) {
            noFollow = Apache.twinOf(connector);
        } else if (kind.equals(SPRING + "JettyClientHttpConnector") && present("org.eclipse.jetty.client.HttpClient")) {
            noFollow = Jetty.twinOf(connector);
        } else {
            noFollow = null;
        }
        if (noFollow == null) {
            return Checked.refuse("its connector " + kind);
        }
        return (noFollow == KEEP)
                ? Checked.keep(connector)
                : Checked.keep(new ShadowRedirectsConnector(connector, noFollow, policy));
    }

    /**
     * What a kind's check returns for a connector that is fine as it is.
     */
    private static final Supplier<ClientHttpConnector> KEEP = () -> {
        throw new IllegalStateException("no twin needed");
    };

    private static boolean present(String className) {
        return ClassUtils.isPresent(className, CLASS_LOADER);
    }

    private static @Nullable Supplier<ClientHttpConnector> jdkTwinOf(ClientHttpConnector connector) {
        if (!(HiddenFields.read(connector, "httpClient") instanceof java.net.http.HttpClient jdk)) {
            return null;
        }
        if (GuardedClients.contains(jdk) || jdk.followRedirects() == java.net.http.HttpClient.Redirect.NEVER) {
            return KEEP;
        }
        return () -> {
            org.springframework.http.client.reactive.JdkClientHttpConnector twin =
                    new org.springframework.http.client.reactive.JdkClientHttpConnector(JdkRedirectTwins.noFollow(jdk));
            ReflectionUtils.shallowCopyFieldState(connector, twin);
            return twin;
        };
    }

    /**
     * Reactor Netty, loaded only when it is present.
     */
    private static final class Reactor {

        static @Nullable Supplier<ClientHttpConnector> twinOf(ClientHttpConnector connector) {
            if (!(HiddenFields.read(connector, "httpClient") instanceof reactor.netty.http.client.HttpClient netty)) {
                // not made yet (a connector Spring starts): not known
                return null;
            }
            if (GuardedClients.contains(netty) || netty.configuration().followRedirectPredicate() == null) {
                return KEEP;
            }
            return () -> new org.springframework.http.client.reactive.ReactorClientHttpConnector(
                    netty.followRedirect(false));
        }
    }

    /**
     * Apache HttpClient 5 async, loaded only when it is present.
     */
    private static final class Apache {

        @SuppressWarnings("unchecked")
        static @Nullable Supplier<ClientHttpConnector> twinOf(ClientHttpConnector connector) {
            Object client = HiddenFields.read(connector, "client");
            Object contexts = HiddenFields.read(connector, "contextProvider");
            if (!(client instanceof org.apache.hc.client5.http.impl.async.CloseableHttpAsyncClient apache)
                    || !(contexts instanceof java.util.function.BiFunction<?, ?, ?>)) {
                return null;
            }
            if (GuardedClients.contains(apache)) {
                return KEEP;
            }
            java.util.function.BiFunction<
                            org.springframework.http.HttpMethod,
                            java.net.URI,
                            ? extends org.apache.hc.client5.http.protocol.HttpClientContext>
                    provider = (java.util.function.BiFunction<
                                    org.springframework.http.HttpMethod,
                                    java.net.URI,
                                    ? extends org.apache.hc.client5.http.protocol.HttpClientContext>)
                            contexts;
            return () -> {
                org.springframework.http.client.reactive.HttpComponentsClientHttpConnector twin =
                        new org.springframework.http.client.reactive.HttpComponentsClientHttpConnector(
                                apache, (method, uri) -> {
                                    org.apache.hc.client5.http.protocol.HttpClientContext context =
                                            provider.apply(method, uri);
                                    ApacheRedirectsOff.stopRedirects(context, apache);
                                    return context;
                                });
                ReflectionUtils.shallowCopyFieldState(connector, twin);
                return twin;
            };
        }
    }

    /**
     * Jetty, loaded only when it is present: a client that is no bean cannot be told per request
     * not to follow redirects through this connector, so only a guarded bean or a client that
     * does not follow redirects is kept.
     */
    private static final class Jetty {

        static @Nullable Supplier<ClientHttpConnector> twinOf(ClientHttpConnector connector) {
            if (!(HiddenFields.read(connector, "httpClient") instanceof org.eclipse.jetty.client.HttpClient jetty)) {
                return null;
            }
            return (GuardedClients.contains(jetty) || !jetty.isFollowRedirects()) ? KEEP : null;
        }
    }
}
