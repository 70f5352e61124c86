package dev.shadowtx.http;

import dev.shadowtx.core.ShadowBlockedException;
import dev.shadowtx.core.context.ShadowContext;
import dev.shadowtx.core.context.ShadowContextAccessor;
import dev.shadowtx.core.context.ShadowContextHolder;
import dev.shadowtx.core.outbound.OutboundCall;
import dev.shadowtx.core.outbound.OutboundDecision;
import dev.shadowtx.core.outbound.OutboundPolicy;
import dev.shadowtx.core.outbound.OutboundStub;
import dev.shadowtx.http.clients.ShadowCalls;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatusCode;
import org.springframework.web.reactive.function.client.ClientRequest;
import org.springframework.web.reactive.function.client.ClientResponse;
import org.springframework.web.reactive.function.client.ExchangeFilterFunction;
import org.springframework.web.reactive.function.client.ExchangeFunction;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.reactive.function.client.WebClientRequestException;
import reactor.core.publisher.Mono;
import reactor.util.context.ContextView;

/**
 * Applies the shadow policy to {@link WebClient} calls: in a shadow unit of work each call is
 * propagated with the marker, rerouted to a test double or blocked (failing with
 * {@link dev.shadowtx.core.ShadowBlockedException} or answering with a stub) before it reaches the
 * network. Live calls pass through untouched. The shadow context is put in the Reactor context of
 * the exchange, so that {@link ShadowRedirectsConnector} decides each redirect of the call before
 * following it.
 * <p>
 * A reactive call may run on another thread than the one that built it, so the shadow context is
 * looked for in three places, and any of them makes the call shadow (in doubt, shadow): the
 * request attribute {@link #CONTEXT_ATTRIBUTE}, captured on the calling thread when the request is
 * built (see {@link #applyTo(WebClient.Builder)}); the Reactor context under
 * {@link ShadowContextAccessor#KEY}, present with context-propagation's automatic mode or
 * {@code contextCapture()}; and the current thread.
 * <p>
 * The {@code WebClient}s built from Boot's {@code WebClient.Builder} get it automatically. Apply
 * it to a builder made by hand with {@link #applyTo(WebClient.Builder)}.
 */
public class ShadowExchangeFilterFunction implements ExchangeFilterFunction {

    /**
     * Request attribute holding the {@link ShadowContext} of the thread that built the request.
     */
    public static final String CONTEXT_ATTRIBUTE = ShadowExchangeFilterFunction.class.getName() + ".context";

    /**
     * Request attribute set once a call has been decided, so that it is not decided twice.
     */
    public static final String DECIDED_ATTRIBUTE = ShadowExchangeFilterFunction.class.getName() + ".decided";

    /**
     * The value of {@link #DECIDED_ATTRIBUTE} that this filter sets; only this value marks a
     * request decided, so an application setting the attribute itself does not skip the policy.
     */
    private static final Object DECIDED = new Object();

    private final OutboundPolicy policy;

    /**
     * Create a filter.
     * @param policy the policy of the {@code http} channel
     */
    public ShadowExchangeFilterFunction(OutboundPolicy policy) {
        this.policy = policy;
    }

    @Override
    public Mono<ClientResponse> filter(ClientRequest request, ExchangeFunction next) {
        if (request.attribute(DECIDED_ATTRIBUTE).orElse(null) == DECIDED) {
            return next.exchange(request);
        }
        ShadowContext captured =
                (ShadowContext) request.attribute(CONTEXT_ATTRIBUTE).orElse(null);
        return Mono.deferContextual((view) -> {
            ShadowContext context = resolve(captured, view);
            return (context != null) ? exchange(context, request, next) : next.exchange(request);
        });
    }

    private Mono<ClientResponse> exchange(ShadowContext context, ClientRequest request, ExchangeFunction next) {
        OutboundDecision decision =
                this.policy.decide(context, OutboundCall.of(request.method().name(), request.url()));
        if (decision.isBlocked()) {
            OutboundStub stub = decision.stub();
            return (stub != null) ? Mono.just(stubResponse(stub)) : Mono.error(decision.toException());
        }
        ClientRequest decided = ClientRequest.from(request)
                .url(decision.target())
                .attribute(DECIDED_ATTRIBUTE, DECIDED)
                .headers((headers) -> {
                    HttpHeadersAccess access = new HttpHeadersAccess(headers);
                    if (decision.marked()) {
                        this.policy.getPropagation().write(decision.mode(), access);
                    } else {
                        this.policy.getPropagation().erase(access);
                    }
                })
                .build();
        // the connector's own client, when it is a guarded bean, leaves a decided call alone;
        // the redirect-checking connector reads the shadow context
        return next.exchange(decided)
                .onErrorMap(
                        (ex) -> ex instanceof WebClientRequestException
                                && ex.getCause() instanceof ShadowBlockedException,
                        Throwable::getCause)
                .contextWrite(
                        (reactor) -> reactor.put(ShadowCalls.DECIDED, DECIDED).put(ShadowContextAccessor.KEY, context));
    }

    /**
     * Whether the call of a Reactor context was decided by this filter, which the guarded
     * Reactor Netty client bean under a {@code WebClient} asks so as not to decide it again.
     * Only the value this filter puts under {@link ShadowCalls#DECIDED} counts, so an
     * application writing that key itself does not skip the policy.
     * @param view the Reactor context of the call
     * @return {@code true} when this filter decided the call
     */
    public static boolean decided(ContextView view) {
        return view.getOrDefault(ShadowCalls.DECIDED, null) == DECIDED;
    }

    private static @Nullable ShadowContext resolve(@Nullable ShadowContext captured, ContextView view) {
        if (captured != null) {
            return captured;
        }
        Object fromReactor = view.getOrDefault(ShadowContextAccessor.KEY, null);
        if (fromReactor instanceof ShadowContext context) {
            return context;
        }
        return ShadowContextHolder.current();
    }

    private static ClientResponse stubResponse(OutboundStub stub) {
        ClientResponse.Builder response = ClientResponse.create(HttpStatusCode.valueOf(stub.status()));
        if (stub.contentType() != null) {
            response.header(HttpHeaders.CONTENT_TYPE, stub.contentType());
        }
        response.header(
                HttpHeaders.CONTENT_LENGTH, Integer.toString(stub.body().getBytes(StandardCharsets.UTF_8).length));
        return response.body(stub.body()).build();
    }

    /**
     * Add this filter to a {@link WebClient.Builder}, unless it already has it, together with the
     * default request step that captures the shadow context of the calling thread.
     * @param builder a builder, for example one made with {@code WebClient.builder()}
     * @return the same builder
     */
    public WebClient.Builder applyTo(WebClient.Builder builder) {
        boolean[] added = {false};
        builder.filters((filters) -> added[0] = addTo(filters));
        if (added[0]) {
            builder.defaultRequest((spec) -> {
                ShadowContext context = ShadowContextHolder.current();
                if (context != null) {
                    spec.attribute(CONTEXT_ATTRIBUTE, context);
                }
            });
        }
        return builder;
    }

    private boolean addTo(List<ExchangeFilterFunction> filters) {
        if (filters.contains(this)) {
            return false;
        }
        filters.add(this);
        return true;
    }
}
