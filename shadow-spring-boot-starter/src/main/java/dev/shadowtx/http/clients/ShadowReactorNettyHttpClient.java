package dev.shadowtx.http.clients;

import dev.shadowtx.core.ShadowBlockedException;
import dev.shadowtx.core.context.ShadowContext;
import dev.shadowtx.core.context.ShadowContextAccessor;
import dev.shadowtx.core.context.ShadowContextHolder;
import dev.shadowtx.core.outbound.MarkerPropagation;
import dev.shadowtx.core.outbound.OutboundDecision;
import dev.shadowtx.http.DecidedCalls;
import dev.shadowtx.http.GuardedClients;
import dev.shadowtx.http.ShadowExchangeFilterFunction;
import io.netty.handler.codec.http.HttpHeaders;
import java.net.URI;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.util.ClassUtils;
import reactor.netty.http.client.HttpClient;
import reactor.netty.http.client.HttpClientRequest;
import reactor.util.context.Context;
import reactor.util.context.ContextView;

/**
 * The shadow policy on a Reactor Netty {@link HttpClient} bean used directly (not through a
 * {@code WebClient}). The client is immutable and its class has final methods, so the bean is
 * replaced by a copy configured with two hooks: when a request is subscribed, the shadow context
 * of the subscribing thread is put in the request's Reactor context (unless the context already
 * carries one); just before the request is written, the call is decided by that context.
 * <p>
 * The connection is chosen before that point, so what the policy can do is narrower than for
 * other clients: a call to propagate gets the marker; a blocked call, a call with a stub and a
 * call to reroute are refused with {@link ShadowBlockedException} before any byte of the request
 * is written (a connection to the planned host may already be open). For rerouting and stubs,
 * use the client through a {@code WebClient} built from Boot's builder
 * ({@code ReactorClientHttpConnector} over this bean): the {@code WebClient} decides the call and
 * this client carries out that decision instead of deciding the call again; a redirect the client
 * follows is a new request, decided here.
 */
public final class ShadowReactorNettyHttpClient {

    private static final boolean WEBFLUX_PRESENT = ClassUtils.isPresent(
            "org.springframework.web.reactive.function.client.WebClient",
            ShadowReactorNettyHttpClient.class.getClassLoader());

    /**
     * Reactor context key of the decision a {@code RestClient} or {@code RestTemplate} took for
     * the call it sends through this client ({@code ReactorClientHttpRequestFactory} over the
     * bean), captured on the thread that subscribes; private, so only this guard writes it.
     */
    private static final Object CARRIED = new Object();

    private ShadowReactorNettyHttpClient() {}

    /**
     * Return a copy of a client with the shadow policy.
     * @param client the application's client
     * @param calls the policy of the {@code http} channel
     * @return the guarded copy, or the same client when it is guarded already
     */
    public static HttpClient guard(HttpClient client, ShadowCalls calls) {
        if (isGuarded(client)) {
            return client;
        }
        HttpClient guarded = client.mapConnect((connect) -> connect.contextWrite((context) -> {
                    ShadowContext current = ShadowContextHolder.current();
                    Context result = (current == null || context.hasKey(ShadowContextAccessor.KEY))
                            ? context
                            : context.put(ShadowContextAccessor.KEY, current);
                    OutboundDecision carried = DecidedCalls.carried();
                    return (carried != null) ? result.put(CARRIED, carried) : result;
                }))
                .doOnRequest((request, connection) -> judge(request, calls));
        GuardedClients.add(guarded);
        return guarded;
    }

    /**
     * Whether a client carries the shadow policy.
     * @param client the client
     * @return {@code true} when guarded
     */
    public static boolean isGuarded(HttpClient client) {
        return GuardedClients.contains(client);
    }

    private static void judge(HttpClientRequest request, ShadowCalls calls) {
        ContextView view = request.currentContextView();
        ShadowContext context = (view.getOrDefault(ShadowContextAccessor.KEY, null) instanceof ShadowContext found)
                ? found
                : ShadowContextHolder.current();
        URI planned = URI.create(request.resourceUrl());
        String method = request.method().name();
        OutboundDecision above = handedOver(view, method, planned);
        OutboundDecision decision = (above != null) ? above : calls.decide(context, method, planned, false, false);
        if (decision == null) {
            return;
        }
        if (decision.isBlocked()) {
            throw decision.toException();
        }
        calls.mark(decision, new Headers(request.requestHeaders()));
    }

    /**
     * The decision a {@code WebClient} (in the Reactor context) or a {@code RestClient} /
     * {@code RestTemplate} (captured when the call was subscribed) took for this very request.
     */
    private static @Nullable OutboundDecision handedOver(ContextView view, String method, URI planned) {
        OutboundDecision fromWebClient =
                WEBFLUX_PRESENT ? ShadowExchangeFilterFunction.handedOver(view, method, planned) : null;
        if (fromWebClient != null) {
            return fromWebClient;
        }
        Object captured = view.getOrDefault(CARRIED, null);
        return (captured instanceof OutboundDecision decision && DecidedCalls.matches(decision, method, planned))
                ? decision
                : null;
    }

    /**
     * The headers of a Reactor Netty request while the marker is written.
     */
    private record Headers(HttpHeaders headers) implements MarkerPropagation.HeaderAccess {

        @Override
        public List<String> values(String name) {
            return this.headers.getAll(name);
        }

        @Override
        public void set(String name, String value) {
            this.headers.set(name, value);
        }

        @Override
        public void remove(String name) {
            this.headers.remove(name);
        }
    }
}
