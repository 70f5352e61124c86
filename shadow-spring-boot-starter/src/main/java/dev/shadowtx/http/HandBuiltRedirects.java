package dev.shadowtx.http;

import dev.shadowtx.core.outbound.OutboundPolicy;
import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.URI;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpMethod;
import org.springframework.http.client.BufferingClientHttpRequestFactory;
import org.springframework.http.client.ClientHttpRequest;
import org.springframework.http.client.ClientHttpRequestFactory;
import org.springframework.util.ClassUtils;
import org.springframework.util.ReflectionUtils;

/**
 * Decides the redirects of a {@code RestTemplate} or {@code RestClient} built by hand over a
 * request factory whose client library follows redirects by itself, below the shadow interceptor:
 * the factory is wrapped in a {@link ShadowRedirectsRequestFactory} whose twin does not follow
 * redirects, as Boot's factories are. The twin is made for each kind of factory Spring provides:
 * {@code HttpURLConnection} told per request not to follow, Apache HttpClient 5 and Jetty requests
 * sent with redirects off, the JDK and Reactor Netty clients copied with redirects off.
 * <p>
 * A factory over an HTTP client bean (whose guard decides each redirect already), or whose client
 * does not follow redirects, is left as it is. A factory of a kind the library does not know
 * (the application's own, or a wrapper it cannot see through) cannot be made to stop at
 * redirects: the client's shadow calls are then refused ({@link Checked#refusal()}).
 */
final class HandBuiltRedirects {

    private static final ClassLoader CLASS_LOADER = HandBuiltRedirects.class.getClassLoader();

    private static final boolean APACHE_PRESENT =
            ClassUtils.isPresent("org.apache.hc.client5.http.classic.HttpClient", CLASS_LOADER);

    private static final boolean JETTY_PRESENT =
            ClassUtils.isPresent("org.eclipse.jetty.client.HttpClient", CLASS_LOADER);

    private static final boolean REACTOR_NETTY_PRESENT =
            ClassUtils.isPresent("reactor.netty.http.client.HttpClient", CLASS_LOADER);

    private static final String SPRING = "org.springframework.http.client.";

    private HandBuiltRedirects() {}

    /**
     * What a hand-built client gets: its factory or connector, possibly wrapped so that its
     * redirects are decided, or the reason why its shadow calls are refused.
     *
     * @param <T> the factory or connector type
     * @param target the factory or connector the client keeps using
     * @param refusal why no shadow call of the client may reach it, or {@code null}
     */
    record Checked<T>(@Nullable T target, @Nullable String refusal) {

        static <T> Checked<T> keep(T target) {
            return new Checked<>(target, null);
        }

        static <T> Checked<T> refuse(String what) {
            return new Checked<>(null, what + " may follow redirects that the shadow policy cannot decide");
        }

        /**
         * Return the factory or connector to use, when the client's shadow calls are not refused.
         * @return the target
         */
        T use() {
            return Objects.requireNonNull(this.target, "refused: no target");
        }
    }

    /**
     * Check the request factory of a client built by hand.
     * @param factory the factory the client sends its requests with (not the interceptors' wrapper)
     * @param policy the policy of the {@code http} channel
     * @return the factory to use, or the reason why shadow calls are refused
     */
    static Checked<ClientHttpRequestFactory> check(ClientHttpRequestFactory factory, Supplier<OutboundPolicy> policy) {
        if (factory instanceof ShadowRedirectsRequestFactory
                || ShadowRedirectsRequestFactoryBuilder.isNotFollowing(factory)) {
            return Checked.keep(factory);
        }
        Twin twin = twinOf(factory);
        if (twin == null) {
            return Checked.refuse("its request factory " + factory.getClass().getName());
        }
        Supplier<ClientHttpRequestFactory> noFollow = twin.noFollow();
        return (noFollow != null)
                ? Checked.keep(
                        new ShadowRedirectsRequestFactory(factory, noFollow, policy, twin.followsUnsafeMethods()))
                : Checked.keep(factory);
    }

    /**
     * The no-follow twin of a factory, made on first use.
     *
     * @param noFollow makes it, or {@code null} when the factory does not follow redirects (or its
     * client is a guarded bean that decides them)
     * @param followsUnsafeMethods whether the factory follows the redirects of every method
     */
    private record Twin(@Nullable Supplier<ClientHttpRequestFactory> noFollow, boolean followsUnsafeMethods) {

        static final Twin NONE = new Twin(null, false);
    }

    private static @Nullable Twin twinOf(ClientHttpRequestFactory factory) {
        if (factory.getClass() == BufferingClientHttpRequestFactory.class) {
            // shadow requests are buffered by the redirect-checking factory already
            return twinOf(((BufferingClientHttpRequestFactory) factory).getDelegate());
        }
        if (ShadowRedirectsRequestFactoryBuilder.isA(factory, SPRING + "SimpleClientHttpRequestFactory")) {
            return perRequest(factory, SPRING + "SimpleClientHttpRequest", "connection", false, (field) -> {
                ((HttpURLConnection) field).setInstanceFollowRedirects(false);
            });
        }
        if (APACHE_PRESENT
                && ShadowRedirectsRequestFactoryBuilder.isA(
                        factory, SPRING + "HttpComponentsClientHttpRequestFactory")) {
            return Apache.twinOf(factory);
        }
        if (factory.getClass().getName().equals(SPRING + "JdkClientHttpRequestFactory")) {
            return jdkTwinOf(factory);
        }
        if (JETTY_PRESENT
                && ShadowRedirectsRequestFactoryBuilder.isA(factory, SPRING + "JettyClientHttpRequestFactory")) {
            return Jetty.twinOf(factory);
        }
        if (REACTOR_NETTY_PRESENT && factory.getClass().getName().equals(SPRING + "ReactorClientHttpRequestFactory")) {
            return Reactor.twinOf(factory);
        }
        return null;
    }

    /**
     * A twin that creates the application's own requests and tells each one, through the client
     * library object it holds, not to follow redirects; the request's class and field are
     * checked now, so a Spring version that keeps them otherwise is a kind not known.
     */
    private static @Nullable Twin perRequest(
            ClientHttpRequestFactory factory,
            String requestClass,
            String field,
            boolean followsUnsafeMethods,
            NoFollow noFollow) {
        if (!ClassUtils.isPresent(requestClass, CLASS_LOADER)
                || ReflectionUtils.findField(ClassUtils.resolveClassName(requestClass, CLASS_LOADER), field) == null) {
            return null;
        }
        return new Twin(() -> new NoFollowRequests(factory, requestClass, field, noFollow), followsUnsafeMethods);
    }

    private static @Nullable Twin jdkTwinOf(ClientHttpRequestFactory factory) {
        Object client = HiddenFields.read(factory, "httpClient");
        Object executor = HiddenFields.read(factory, "executor");
        if (!(client instanceof java.net.http.HttpClient jdk) || !(executor instanceof Executor sender)) {
            return null;
        }
        if (GuardedClients.contains(jdk) || jdk.followRedirects() == java.net.http.HttpClient.Redirect.NEVER) {
            return Twin.NONE;
        }
        return new Twin(
                () -> {
                    org.springframework.http.client.JdkClientHttpRequestFactory twin =
                            new org.springframework.http.client.JdkClientHttpRequestFactory(
                                    JdkRedirectTwins.noFollow(jdk), sender);
                    ReflectionUtils.shallowCopyFieldState(factory, twin);
                    return twin;
                },
                true);
    }

    /**
     * Turns redirects off on the client library's object of one request.
     */
    @FunctionalInterface
    private interface NoFollow {

        void apply(Object libraryRequest) throws IOException;
    }

    /**
     * The application's factory, with each request it creates told not to follow redirects.
     */
    private static final class NoFollowRequests implements ClientHttpRequestFactory {

        private final ClientHttpRequestFactory factory;

        private final String requestClass;

        private final String field;

        private final NoFollow noFollow;

        NoFollowRequests(ClientHttpRequestFactory factory, String requestClass, String field, NoFollow noFollow) {
            this.factory = factory;
            this.requestClass = requestClass;
            this.field = field;
            this.noFollow = noFollow;
        }

        @Override
        public ClientHttpRequest createRequest(URI uri, HttpMethod httpMethod) throws IOException {
            ClientHttpRequest request = this.factory.createRequest(uri, httpMethod);
            Object library = request.getClass().getName().equals(this.requestClass)
                    ? HiddenFields.read(request, this.field)
                    : HiddenFields.MISSING;
            if (library == null || library == HiddenFields.MISSING) {
                // a factory of the application's that creates other requests: not sent
                throw new IOException(
                        "Shadow request not sent: " + this.factory.getClass().getName()
                                + " created a request whose redirects cannot be turned off");
            }
            this.noFollow.apply(library);
            return request;
        }
    }

    /**
     * Apache HttpClient 5, loaded only when it is present.
     */
    private static final class Apache {

        static @Nullable Twin twinOf(ClientHttpRequestFactory factory) {
            org.springframework.http.client.HttpComponentsClientHttpRequestFactory apache =
                    (org.springframework.http.client.HttpComponentsClientHttpRequestFactory) factory;
            if (GuardedClients.contains(apache.getHttpClient())) {
                return Twin.NONE;
            }
            return perRequest(factory, SPRING + "HttpComponentsClientHttpRequest", "httpContext", true, (context) -> {
                if (!(context instanceof org.apache.hc.client5.http.protocol.HttpClientContext clientContext)) {
                    throw new IOException("Shadow request not sent: its context cannot turn redirects off");
                }
                ApacheRedirectsOff.stopRedirects(clientContext, apache.getHttpClient());
            });
        }
    }

    /**
     * Jetty, loaded only when it is present.
     */
    private static final class Jetty {

        static @Nullable Twin twinOf(ClientHttpRequestFactory factory) {
            Object client = HiddenFields.read(factory, "httpClient");
            if (!(client instanceof org.eclipse.jetty.client.HttpClient jetty)) {
                return null;
            }
            if (GuardedClients.contains(jetty) || !jetty.isFollowRedirects()) {
                return Twin.NONE;
            }
            return perRequest(factory, SPRING + "JettyClientHttpRequest", "request", false, (request) -> {
                ((org.eclipse.jetty.client.Request) request).followRedirects(false);
            });
        }
    }

    /**
     * Reactor Netty, loaded only when it is present.
     */
    private static final class Reactor {

        static @Nullable Twin twinOf(ClientHttpRequestFactory factory) {
            Object client = HiddenFields.read(factory, "httpClient");
            if (!(client instanceof reactor.netty.http.client.HttpClient netty)) {
                // not made yet (a factory Spring starts): not known
                return null;
            }
            if (GuardedClients.contains(netty) || netty.configuration().followRedirectPredicate() == null) {
                return Twin.NONE;
            }
            return new Twin(
                    () -> {
                        org.springframework.http.client.ReactorClientHttpRequestFactory twin =
                                new org.springframework.http.client.ReactorClientHttpRequestFactory(
                                        netty.followRedirect(false));
                        for (String setting : new String[] {"executor", "readTimeout", "exchangeTimeout"}) {
                            Object value = HiddenFields.read(factory, setting);
                            if (value != HiddenFields.MISSING) {
                                HiddenFields.write(twin, setting, value);
                            }
                        }
                        return twin;
                    },
                    true);
        }
    }
}
