package dev.shadowtx.http.clients;

import dev.shadowtx.core.ShadowBlockedException;
import dev.shadowtx.core.context.ShadowContext;
import dev.shadowtx.core.context.ShadowContextHolder;
import dev.shadowtx.core.outbound.MarkerPropagation;
import dev.shadowtx.core.outbound.OutboundDecision;
import dev.shadowtx.core.outbound.OutboundStub;
import dev.shadowtx.core.outbound.Redirects;
import java.io.IOException;
import java.net.URI;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.WeakHashMap;
import okhttp3.Call;
import okhttp3.EventListener;
import okhttp3.HttpUrl;
import okhttp3.Interceptor;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Protocol;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okhttp3.ResponseBody;
import okhttp3.internal.connection.RealCall;
import org.jspecify.annotations.Nullable;

/**
 * The shadow policy on an {@link OkHttpClient} bean: an application interceptor that propagates,
 * reroutes or blocks each call made in shadow before it reaches the network. A call is judged by
 * the unit of work that created it, also when it is sent asynchronously ({@code enqueue}) from
 * OkHttp's dispatcher threads: the context is captured when the call is created.
 * <p>
 * OkHttp follows redirects below application interceptors. A shadow call made with a client that
 * follows redirects is therefore sent through a twin of that client with redirects not followed
 * (its own interceptors, connection pool and settings, built once per client), and each redirect
 * it gets is decided by the destination's rule before it is followed: followed when propagated or
 * rerouted, otherwise answered with the destination's stub or refused. Live calls follow the
 * client's own redirect behaviour.
 */
public final class ShadowOkHttpInterceptor implements Interceptor {

    private final ShadowCalls calls;

    private final Map<Call, Created> created = Collections.synchronizedMap(new WeakHashMap<>());

    private final Map<OkHttpClient, OkHttpClient> twins = new WeakHashMap<>();

    private final OkHttpClient client;

    private ShadowOkHttpInterceptor(ShadowCalls calls, OkHttpClient client) {
        this.calls = calls;
        this.client = client;
    }

    /**
     * Return a client that shares the application client's connection pool, dispatcher and
     * settings, with the shadow policy in front of its own interceptors.
     * @param client the application's client
     * @param calls the policy of the {@code http} channel
     * @return the guarded client, or the same client when it is guarded already
     */
    public static OkHttpClient guard(OkHttpClient client, ShadowCalls calls) {
        if (isGuarded(client)) {
            return client;
        }
        ShadowOkHttpInterceptor interceptor = new ShadowOkHttpInterceptor(calls, client);
        EventListener.Factory listeners = client.eventListenerFactory();
        OkHttpClient.Builder builder = client.newBuilder().eventListenerFactory((call) -> {
            ShadowContext context = ShadowContextHolder.current();
            if (context != null) {
                interceptor.created.put(call, new Created(context, Thread.currentThread()));
            }
            return listeners.create(call);
        });
        builder.interceptors().add(0, interceptor);
        return builder.build();
    }

    /**
     * Whether a client carries the shadow interceptor.
     * @param client the client
     * @return {@code true} when guarded
     */
    public static boolean isGuarded(OkHttpClient client) {
        return client.interceptors().stream().anyMatch(ShadowOkHttpInterceptor.class::isInstance);
    }

    /**
     * Decide a call. A blocked call sent from another thread than the one that created it (an
     * {@code enqueue}d call, on OkHttp's dispatcher) fails with an {@link IOException} whose cause
     * is the {@link ShadowBlockedException}: OkHttp hands an {@code IOException} to the call's
     * {@code Callback.onFailure} and nothing else, where any other exception would also be thrown
     * on, uncaught, from the dispatcher's thread.
     */
    @Override
    public Response intercept(Interceptor.Chain chain) throws IOException {
        Created created = this.created.remove(chain.call());
        try {
            return decide(chain, (created != null) ? created.context() : null);
        } catch (ShadowBlockedException ex) {
            if (created != null && created.thread() != Thread.currentThread()) {
                throw new IOException(ex.getMessage(), ex);
            }
            throw ex;
        }
    }

    private Response decide(Interceptor.Chain chain, @Nullable ShadowContext context) throws IOException {
        Request request = chain.request();
        OutboundDecision decision = this.calls.decide(
                (context != null) ? context : ShadowContextHolder.current(),
                request.method(),
                request.url().uri());
        if (decision == null) {
            return chain.proceed(request);
        }
        if (decision.isBlocked()) {
            return stubResponse(request, ShadowCalls.stubOrThrow(decision));
        }
        Request.Builder decided =
                request.newBuilder().url(HttpUrl.get(decision.target().toString()));
        this.calls.mark(decision, new Headers(request, decided));
        if (!chain.getFollowRedirects()) {
            return chain.proceed(decided.build());
        }
        return follow(chain, decided.build(), decision);
    }

    /**
     * Send a shadow call through the no-follow twin of the client that made it, and follow each
     * redirect it gets only as far as the policy lets it go.
     */
    private Response follow(Interceptor.Chain chain, Request first, OutboundDecision decision) throws IOException {
        OkHttpClient twin = noFollowTwin(chain);
        Request sent = first;
        OutboundDecision current = decision;
        for (int followed = 0; ; followed++) {
            if (chain.call().isCanceled()) {
                throw new IOException("Canceled");
            }
            Response response = twin.newCall(sent).execute();
            URI location = location(chain, response, sent, current, followed);
            if (location == null) {
                return response;
            }
            response.close();
            int status = response.code();
            OutboundDecision next = this.calls.decideRedirect(current, status, location);
            if (next.isBlocked()) {
                return stubResponse(sent, ShadowCalls.stubOrThrow(next));
            }
            sent = hop(sent, current, next, status);
            current = next;
        }
    }

    /**
     * Where the redirect of a shadow call points, when the client that made it would follow it:
     * not from HTTPS to HTTP unless the client follows such redirects, and not when the body to
     * send again can be read only once.
     */
    private static @Nullable URI location(
            Interceptor.Chain chain, Response response, Request sent, OutboundDecision current, int followed) {
        int status = response.code();
        URI location = ShadowCalls.redirectToFollow(current, status, response.header("Location"), followed);
        if (location == null) {
            return null;
        }
        if (!chain.getFollowSslRedirects()
                && !location.getScheme().equalsIgnoreCase(current.target().getScheme())) {
            return null;
        }
        RequestBody body = sent.body();
        if (Redirects.keepsBody(status, current.call().method()) && body != null && body.isOneShot()) {
            return null;
        }
        return location;
    }

    private Request hop(Request sent, OutboundDecision current, OutboundDecision next, int status) {
        RequestBody body = Redirects.keepsBody(status, current.call().method()) ? sent.body() : null;
        Request.Builder builder = sent.newBuilder()
                .url(HttpUrl.get(next.target().toString()))
                .method(next.call().method(), body);
        this.calls.prepareRedirect(current, next, status, new Headers(sent, builder));
        return builder.build();
    }

    /**
     * The client that made a call, with redirects not followed and without this interceptor:
     * its own interceptors, connection pool, dispatcher and settings. Made once per client.
     */
    private OkHttpClient noFollowTwin(Interceptor.Chain chain) {
        OkHttpClient client = (chain.call() instanceof RealCall call) ? call.getClient() : this.client;
        synchronized (this.twins) {
            return this.twins.computeIfAbsent(client, (made) -> {
                OkHttpClient.Builder builder = made.newBuilder().followRedirects(false);
                builder.interceptors().removeIf(ShadowOkHttpInterceptor.class::isInstance);
                return builder.build();
            });
        }
    }

    private static Response stubResponse(Request request, OutboundStub stub) {
        String contentType = stub.contentType();
        MediaType mediaType = (contentType != null) ? MediaType.parse(contentType) : null;
        return new Response.Builder()
                .request(request)
                .protocol(Protocol.HTTP_1_1)
                .code(stub.status())
                .message("")
                .body(ResponseBody.create(stub.body(), mediaType))
                .build();
    }

    /**
     * Where a call was created in shadow: the unit of work and the thread.
     */
    private record Created(ShadowContext context, Thread thread) {}

    /**
     * The headers of an OkHttp request while the marker is written.
     */
    private static final class Headers implements MarkerPropagation.HeaderAccess {

        private final Request original;

        private final Request.Builder builder;

        private @Nullable Request current;

        Headers(Request original, Request.Builder builder) {
            this.original = original;
            this.builder = builder;
        }

        @Override
        public List<String> values(String name) {
            Request request = (this.current != null) ? this.current : this.original;
            return request.headers(name);
        }

        @Override
        public void set(String name, String value) {
            this.builder.header(name, value);
            this.current = this.builder.build();
        }

        @Override
        public void remove(String name) {
            this.builder.removeHeader(name);
            this.current = this.builder.build();
        }
    }
}
