package dev.shadowtx.http.clients;

import dev.shadowtx.core.context.ShadowContext;
import dev.shadowtx.core.context.ShadowContextHolder;
import dev.shadowtx.core.outbound.MarkerPropagation;
import dev.shadowtx.core.outbound.OutboundDecision;
import dev.shadowtx.core.outbound.OutboundStub;
import java.io.IOException;
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
import okhttp3.Response;
import okhttp3.ResponseBody;
import org.jspecify.annotations.Nullable;

/**
 * The shadow policy on an {@link OkHttpClient} bean: an application interceptor that propagates,
 * reroutes or blocks each call made in shadow before it reaches the network. A call is judged by
 * the unit of work that created it, also when it is sent asynchronously ({@code enqueue}) from
 * OkHttp's dispatcher threads: the context is captured when the call is created.
 */
public final class ShadowOkHttpInterceptor implements Interceptor {

    private final ShadowCalls calls;

    private final Map<Call, ShadowContext> contexts = Collections.synchronizedMap(new WeakHashMap<>());

    private ShadowOkHttpInterceptor(ShadowCalls calls) {
        this.calls = calls;
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
        ShadowOkHttpInterceptor interceptor = new ShadowOkHttpInterceptor(calls);
        EventListener.Factory listeners = client.eventListenerFactory();
        OkHttpClient.Builder builder = client.newBuilder().eventListenerFactory((call) -> {
            ShadowContext context = ShadowContextHolder.current();
            if (context != null) {
                interceptor.contexts.put(call, context);
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

    @Override
    public Response intercept(Interceptor.Chain chain) throws IOException {
        Request request = chain.request();
        ShadowContext context = this.contexts.remove(chain.call());
        OutboundDecision decision = this.calls.decide(
                (context != null) ? context : ShadowContextHolder.current(),
                request.method(),
                request.url().uri());
        if (decision == null) {
            return chain.proceed(request);
        }
        if (decision.isBlocked()) {
            OutboundStub stub = decision.stub();
            if (stub == null) {
                throw decision.toException();
            }
            return stubResponse(request, stub);
        }
        HttpUrl target = HttpUrl.get(decision.target().toString());
        Request.Builder decided = request.newBuilder().url(target);
        this.calls.mark(decision, new Headers(request, decided));
        return chain.proceed(decided.build());
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
