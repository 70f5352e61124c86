package dev.shadowtx.http.clients;

import dev.shadowtx.core.ShadowBlockedException;
import dev.shadowtx.core.context.MarkerSource;
import dev.shadowtx.core.context.ShadowContext;
import dev.shadowtx.core.context.ShadowContextHolder;
import dev.shadowtx.core.outbound.MarkerPropagation;
import dev.shadowtx.core.outbound.OutboundDecision;
import dev.shadowtx.http.DecidedCalls;
import dev.shadowtx.http.GuardedClients;
import java.net.URI;
import java.util.List;
import java.util.Objects;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.RedirectCache;
import org.eclipse.jetty.client.Request;
import org.eclipse.jetty.client.transport.HttpRequest;
import org.eclipse.jetty.http.HttpFields;
import org.jspecify.annotations.Nullable;

/**
 * The shadow policy on a Jetty {@link HttpClient} bean, put on the application's own client
 * instance (its class has final lifecycle methods, so it is neither replaced nor proxied). Jetty
 * asks the client's {@link RedirectCache} where a request goes just before it picks the
 * destination, on the thread that sends it: there a call made in shadow is decided, refused when
 * blocked and pointed at its new destination when rerouted. The request listener that Jetty
 * notifies next, on the same thread, writes (or, for excluded hosts, erases) the marker. The
 * application's own redirect cache, if any, still serves live calls. A call that a
 * {@code RestClient}, {@code RestTemplate} or {@code WebClient} decided already, and sends through
 * this client ({@code JettyClientHttpRequestFactory} or {@code JettyClientHttpConnector} over the
 * bean), is carried out as decided there, not decided again ({@link DecidedCalls}).
 * <p>
 * A blocked call raises {@link ShadowBlockedException} from {@code send}, also when the
 * destination has a stub: Jetty offers no way to answer a request without a server. Jetty accepts
 * a redirect cache only before the client starts: a client started in its {@code @Bean} method
 * gets the request listener only, which decides the call once its destination is fixed, so its
 * calls to reroute are refused too (let Spring start it: {@code @Bean(initMethod = "start")}).
 * <p>
 * Jetty follows a redirect with a request it sends itself, on its own thread, in the conversation
 * of the call that got the redirect. The context of a shadow call is kept on that conversation, so
 * the request that follows its redirect is decided as a call of the same unit of work: marked and
 * sent when its destination's rule propagates it, refused otherwise (a redirect's destination is
 * fixed by then, so it can be neither rerouted nor stubbed). A request that is not Jetty's own does
 * not follow redirects in shadow.
 */
public final class ShadowJettyHttpClient implements RedirectCache, Request.QueuedListener {

    /**
     * Attribute of a Jetty conversation holding the context of the shadow call that began it.
     */
    private static final String CONVERSATION_CONTEXT = ShadowJettyHttpClient.class.getName() + ".context";

    private final ShadowCalls calls;

    private final @Nullable RedirectCache cache;

    private final ThreadLocal<@Nullable OutboundDecision> pending = new ThreadLocal<>();

    private ShadowJettyHttpClient(ShadowCalls calls, @Nullable RedirectCache cache) {
        this.calls = calls;
        this.cache = cache;
    }

    /**
     * Put the shadow policy on a client.
     * @param client the application's client
     * @param calls the policy of the {@code http} channel
     * @return the same client
     */
    public static HttpClient guard(HttpClient client, ShadowCalls calls) {
        if (!isGuarded(client)) {
            ShadowJettyHttpClient guard = new ShadowJettyHttpClient(calls, client.getRedirectCache());
            if (!client.isStarted()) {
                client.setRedirectCache(guard);
            }
            client.getRequestListeners().addQueuedListener(guard);
            GuardedClients.add(client);
        }
        return client;
    }

    /**
     * Whether a client carries the shadow policy.
     * @param client the client
     * @return {@code true} when guarded
     */
    public static boolean isGuarded(HttpClient client) {
        return GuardedClients.contains(client);
    }

    /**
     * Whether a guarded client can send a shadow call to another destination: only when the
     * policy was put on it before it started (Jetty refuses a new redirect cache afterwards).
     * @param client the client
     * @return {@code true} when rerouted calls are sent to their new destination
     */
    public static boolean reroutes(HttpClient client) {
        return client.getRedirectCache() instanceof ShadowJettyHttpClient;
    }

    @Override
    public @Nullable MethodOriginTarget get(MethodOriginTarget key) {
        this.pending.remove();
        ShadowContext context = ShadowContextHolder.current();
        if (context == null && DecidedCalls.carried() == null) {
            return live(key);
        }
        URI planned = URI.create(key.origin() + key.target());
        OutboundDecision above = DecidedCalls.take(key.method(), planned);
        OutboundDecision decision =
                (above != null) ? above : this.calls.decide(context, key.method(), planned, false, true);
        if (decision == null) {
            return live(key);
        }
        if (decision.isBlocked()) {
            throw decision.toException();
        }
        this.pending.set(decision);
        URI target = decision.target();
        if (target.equals(planned)) {
            return null;
        }
        String path = (target.getRawPath() != null && !target.getRawPath().isEmpty()) ? target.getRawPath() : "/";
        return new MethodOriginTarget(
                key.method(),
                URI.create(target.getScheme() + "://" + target.getRawAuthority()),
                (target.getRawQuery() != null) ? path + "?" + target.getRawQuery() : path);
    }

    private @Nullable MethodOriginTarget live(MethodOriginTarget key) {
        return (this.cache != null) ? this.cache.get(key) : null;
    }

    @Override
    public void onQueued(Request request) {
        OutboundDecision decision = this.pending.get();
        this.pending.remove();
        ShadowContext context = ShadowContextHolder.current();
        if (context == null && decision == null && DecidedCalls.carried() == null) {
            // a request Jetty sends by itself to follow a redirect, on its own thread: it belongs
            // to the conversation of the call that got the redirect, and is decided as that call's
            context = redirectedFrom(request);
            if (context != null) {
                OutboundDecision hop = Objects.requireNonNull(
                        this.calls.decide(context, request.getMethod(), request.getURI(), false, false));
                if (hop.isBlocked()) {
                    request.abort(hop.toException());
                    return;
                }
                request.headers((fields) -> this.calls.mark(hop, new Headers(fields)));
                return;
            }
        }
        if (decision == null && (context != null || DecidedCalls.carried() != null)) {
            // the redirect cache was not asked (the client had started before it was guarded):
            // decide here, where the destination is fixed already
            URI planned = request.getURI();
            OutboundDecision above = DecidedCalls.take(request.getMethod(), planned);
            decision = (above != null) ? above : this.calls.decide(context, request.getMethod(), planned, false, false);
            if (decision != null && decision.isBlocked()) {
                request.abort(decision.toException());
                return;
            }
        }
        if (decision != null) {
            OutboundDecision decided = decision;
            request.headers((fields) -> this.calls.mark(decided, new Headers(fields)));
            remember(request, (context != null) ? context : ShadowContext.of(decided.mode(), MarkerSource.HEADER));
        }
    }

    /**
     * Keep the context of a shadow call on its conversation, which Jetty shares with the requests
     * it sends to follow the call's redirects.
     */
    private static void remember(Request request, ShadowContext context) {
        if (request instanceof HttpRequest sent) {
            sent.getConversation().setAttribute(CONVERSATION_CONTEXT, context);
        } else {
            // a request Jetty did not make: its redirects could not be told from live calls
            request.followRedirects(false);
        }
    }

    private static @Nullable ShadowContext redirectedFrom(Request request) {
        return (request instanceof HttpRequest sent
                        && sent.getConversation().getAttribute(CONVERSATION_CONTEXT) instanceof ShadowContext context)
                ? context
                : null;
    }

    @Override
    public void put(MethodOriginTarget key, int status, MethodOriginTarget location) {
        if (this.cache != null && ShadowContextHolder.current() == null) {
            this.cache.put(key, status, location);
        }
    }

    @Override
    public int size() {
        return (this.cache != null) ? this.cache.size() : 0;
    }

    @Override
    public void clear() {
        if (this.cache != null) {
            this.cache.clear();
        }
    }

    /**
     * The headers of a Jetty request while the marker is written.
     */
    private record Headers(HttpFields.Mutable fields) implements MarkerPropagation.HeaderAccess {

        @Override
        public List<String> values(String name) {
            return this.fields.getValuesList(name);
        }

        @Override
        public void set(String name, String value) {
            this.fields.put(name, value);
        }

        @Override
        public void remove(String name) {
            this.fields.remove(name);
        }
    }
}
