package dev.shadowtx.http;

import dev.shadowtx.core.ShadowBlockedException;
import dev.shadowtx.core.context.ShadowContext;
import dev.shadowtx.core.context.ShadowContextAccessor;
import dev.shadowtx.core.context.ShadowContextHolder;
import dev.shadowtx.core.outbound.OutboundCall;
import dev.shadowtx.core.outbound.OutboundDecision;
import dev.shadowtx.core.outbound.OutboundPolicy;
import dev.shadowtx.core.outbound.OutboundStub;
import java.net.URI;
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
import reactor.core.CoreSubscriber;
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
 * A shadow call is sent with the connector the client holds when the call is made, checked as a
 * client bean's is ({@link ConnectorBelow}): one that follows redirects by itself is put behind a
 * connector that sends shadow calls through a twin that does not, each redirect decided; one not
 * known has the call refused unless the policy blocks or stubs it.
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

    /**
     * Reactor context key of the decision this filter took for the call below it.
     */
    private static final Object HANDED_OVER = new Object();

    private final OutboundPolicy policy;

    private final @Nullable String refusal;

    /**
     * Create a filter.
     * @param policy the policy of the {@code http} channel
     */
    public ShadowExchangeFilterFunction(OutboundPolicy policy) {
        this(policy, null);
    }

    private ShadowExchangeFilterFunction(OutboundPolicy policy, @Nullable String refusal) {
        this.policy = policy;
        this.refusal = refusal;
    }

    /**
     * Return a filter for a client whose connector may follow redirects that the policy cannot
     * decide: its shadow calls never reach that connector (the calls the policy blocks are blocked
     * or stubbed as usual, the others are refused).
     * @param reason why the client's shadow calls are refused, for the decision log and the audit
     * @return the refusing filter
     */
    ShadowExchangeFilterFunction refusing(String reason) {
        return new ShadowExchangeFilterFunction(this.policy, reason);
    }

    /**
     * Return why this filter refuses every shadow call it does not block.
     * @return the reason, or {@code null} for a filter that sends the calls the policy allows
     */
    public @Nullable String getRefusal() {
        return this.refusal;
    }

    OutboundPolicy getPolicy() {
        return this.policy;
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
        OutboundCall call = OutboundCall.of(request.method().name(), request.url());
        String refusal = (this.refusal != null) ? this.refusal : ConnectorBelow.refusal(next, this::getPolicy);
        OutboundDecision decision = (refusal != null)
                ? this.policy.decideWithoutSending(context, call, refusal)
                : this.policy.decide(context, call);
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
        // the connector's client, when it is a guarded bean, carries out this decision: handed
        // over on the subscribing thread (JDK, Apache HttpClient 5 async, Jetty) and in the
        // Reactor context (Reactor Netty); the redirect-checking connector reads the shadow context
        return new HandingOver<>(next.exchange(decided), decision)
                .onErrorMap(
                        (ex) -> ex instanceof WebClientRequestException
                                && ex.getCause() instanceof ShadowBlockedException,
                        Throwable::getCause)
                .contextWrite((reactor) -> reactor.put(HANDED_OVER, decision).put(ShadowContextAccessor.KEY, context));
    }

    /**
     * Return the decision this filter took for a call, which the guarded Reactor Netty client bean
     * under a {@code WebClient} carries out instead of deciding the call again. Only a decision
     * this filter put in the Reactor context, under a key no one else holds, counts, and only for
     * a request with the decided method and URL (a redirect the client follows is decided anew).
     * @param view the Reactor context of the request
     * @param method the method of the request
     * @param uri the URL of the request
     * @return the decision, or {@code null} when this filter did not decide that request
     */
    public static @Nullable OutboundDecision handedOver(ContextView view, String method, URI uri) {
        Object decision = view.getOrDefault(HANDED_OVER, null);
        return (decision instanceof OutboundDecision handed && DecidedCalls.matches(handed, method, uri))
                ? handed
                : null;
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

    /**
     * Subscribes to the exchange with the decision handed over on the subscribing thread, where
     * the connector asks its client to send the call.
     */
    private static final class HandingOver<T> extends Mono<T> {

        private final Mono<T> exchange;

        private final OutboundDecision decision;

        HandingOver(Mono<T> exchange, OutboundDecision decision) {
            this.exchange = exchange;
            this.decision = decision;
        }

        @Override
        public void subscribe(CoreSubscriber<? super T> actual) {
            OutboundDecision outer = DecidedCalls.handOver(this.decision);
            try {
                this.exchange.subscribe(actual);
            } finally {
                DecidedCalls.restore(outer);
            }
        }
    }

    /**
     * Return the shadow filter of a {@link WebClient.Builder} (or of the client a {@code mutate()}
     * came from).
     * @param builder the builder
     * @return the first shadow filter, or {@code null}
     */
    public static @Nullable ShadowExchangeFilterFunction findIn(WebClient.Builder builder) {
        ShadowExchangeFilterFunction[] found = {null};
        builder.filters((filters) -> {
            for (ExchangeFilterFunction filter : filters) {
                if (found[0] == null && filter instanceof ShadowExchangeFilterFunction shadow) {
                    found[0] = shadow;
                }
            }
        });
        return found[0];
    }

    /**
     * Put this filter in place of any shadow filter a builder has, with the step that captures
     * the calling thread's shadow context.
     */
    WebClient.Builder replaceIn(WebClient.Builder builder) {
        builder.filters((filters) -> filters.removeIf(ShadowExchangeFilterFunction.class::isInstance));
        return applyTo(builder);
    }

    /**
     * Whether a {@link WebClient.Builder} (or the client a {@code mutate()} came from) carries a
     * shadow filter.
     * @param builder the builder
     * @return {@code true} when one of its filters is a shadow filter
     */
    public static boolean isAppliedTo(WebClient.Builder builder) {
        boolean[] applied = {false};
        builder.filters(
                (filters) -> applied[0] = filters.stream().anyMatch(ShadowExchangeFilterFunction.class::isInstance));
        return applied[0];
    }

    private boolean addTo(List<ExchangeFilterFunction> filters) {
        if (filters.contains(this)) {
            return false;
        }
        filters.add(this);
        return true;
    }
}
