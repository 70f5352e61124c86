package dev.shadowtx.http;

import dev.shadowtx.core.context.ShadowContext;
import dev.shadowtx.core.context.ShadowContextHolder;
import dev.shadowtx.core.outbound.OutboundCall;
import dev.shadowtx.core.outbound.OutboundDecision;
import dev.shadowtx.core.outbound.OutboundPolicy;
import dev.shadowtx.core.outbound.OutboundStub;
import java.io.IOException;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpRequest;
import org.springframework.http.client.ClientHttpRequestExecution;
import org.springframework.http.client.ClientHttpRequestInterceptor;
import org.springframework.http.client.ClientHttpResponse;
import org.springframework.http.client.support.HttpRequestWrapper;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestTemplate;

/**
 * Applies the shadow policy to {@link RestClient} and {@link RestTemplate} calls: in a shadow unit
 * of work each call is propagated with the marker, rerouted to a test double or blocked (raising
 * {@link dev.shadowtx.core.ShadowBlockedException} or answering with a stub) before it reaches the
 * network. Live calls pass through untouched: not one header is added or changed.
 * <p>
 * A shadow call is sent with the request factory the client holds when the call is made, checked
 * as a client bean's is ({@link FactoryBelow}): one that follows redirects by itself sends it
 * through a twin that does not, each redirect decided; one not known has the call refused unless
 * the policy blocks or stubs it.
 * <p>
 * The clients built from Boot's {@code RestClient.Builder} and {@code RestTemplateBuilder} get it
 * automatically. Apply it to a client built by hand with {@link #applyTo(RestClient.Builder)} or
 * {@link #applyTo(RestTemplate)}; applying it twice has no further effect.
 */
public class ShadowClientHttpRequestInterceptor implements ClientHttpRequestInterceptor {

    /**
     * Request attribute set once a call has been decided, so that a second instance of this
     * interceptor (or a second pass through the chain) does not decide it again.
     */
    public static final String DECIDED_ATTRIBUTE = ShadowClientHttpRequestInterceptor.class.getName() + ".decided";

    /**
     * The value of {@link #DECIDED_ATTRIBUTE} that this interceptor sets; only this value marks a
     * request decided, so an application setting the attribute itself does not skip the policy.
     */
    private static final Object DECIDED = new Object();

    private final OutboundPolicy policy;

    private final @Nullable String refusal;

    /**
     * Create an interceptor.
     * @param policy the policy of the {@code http} channel
     */
    public ShadowClientHttpRequestInterceptor(OutboundPolicy policy) {
        this(policy, null);
    }

    private ShadowClientHttpRequestInterceptor(OutboundPolicy policy, @Nullable String refusal) {
        this.policy = policy;
        this.refusal = refusal;
    }

    /**
     * Return an interceptor for a client whose request factory may follow redirects that the
     * policy cannot decide: its shadow calls never reach that factory (the calls the policy blocks
     * are blocked or stubbed as usual, the others are refused).
     * @param reason why the client's shadow calls are refused, for the decision log and the audit
     * @return the refusing interceptor
     */
    ShadowClientHttpRequestInterceptor refusing(String reason) {
        return new ShadowClientHttpRequestInterceptor(this.policy, reason);
    }

    /**
     * Return why this interceptor refuses every shadow call it does not block.
     * @return the reason, or {@code null} for an interceptor that sends the calls the policy allows
     */
    public @Nullable String getRefusal() {
        return this.refusal;
    }

    OutboundPolicy getPolicy() {
        return this.policy;
    }

    @Override
    public ClientHttpResponse intercept(HttpRequest request, byte[] body, ClientHttpRequestExecution execution)
            throws IOException {
        ShadowContext context = ShadowContextHolder.current();
        if (context == null || request.getAttributes().get(DECIDED_ATTRIBUTE) == DECIDED) {
            return execution.execute(request, body);
        }
        OutboundCall call = OutboundCall.of(request.getMethod().name(), request.getURI());
        FactoryBelow below = (this.refusal == null) ? FactoryBelow.of(request, this, this::getPolicy) : null;
        String refusal = (below != null) ? below.refusal() : this.refusal;
        OutboundDecision decision = (refusal != null)
                ? this.policy.decideWithoutSending(context, call, refusal)
                : this.policy.decide(context, call);
        if (decision.isBlocked()) {
            OutboundStub stub = decision.stub();
            if (stub == null) {
                throw decision.toException();
            }
            return new StubClientHttpResponse(stub);
        }
        DecidedRequest decided = new DecidedRequest(request, decision.target());
        HttpHeadersAccess headers = new HttpHeadersAccess(decided.getHeaders());
        if (decision.marked()) {
            this.policy.getPropagation().write(decision.mode(), headers);
        } else {
            this.policy.getPropagation().erase(headers);
        }
        OutboundDecision outer = DecidedCalls.handOver(decision);
        try {
            return (below != null) ? below.execute(decided, body, execution) : execution.execute(decided, body);
        } finally {
            DecidedCalls.restore(outer);
        }
    }

    /**
     * Add this interceptor to a {@link RestClient.Builder}, unless it already has it.
     * @param builder a builder, for example one made with {@code RestClient.builder()}
     * @return the same builder
     */
    public RestClient.Builder applyTo(RestClient.Builder builder) {
        return builder.requestInterceptors(this::addTo);
    }

    /**
     * Add this interceptor to a {@link RestTemplate}, unless it already has it.
     * @param restTemplate a template, for example one made with {@code new RestTemplate()}
     * @return the same template
     */
    public RestTemplate applyTo(RestTemplate restTemplate) {
        List<ClientHttpRequestInterceptor> interceptors = restTemplate.getInterceptors();
        if (!interceptors.contains(this)) {
            interceptors.add(this);
        }
        return restTemplate;
    }

    /**
     * Whether a {@link RestTemplate} carries a shadow interceptor.
     * @param restTemplate the template
     * @return {@code true} when one of its interceptors is a shadow interceptor
     */
    public static boolean isAppliedTo(RestTemplate restTemplate) {
        return isAmong(restTemplate.getInterceptors());
    }

    /**
     * Whether a {@link RestClient.Builder} (or the client a {@code mutate()} came from) carries a
     * shadow interceptor.
     * @param builder the builder
     * @return {@code true} when one of its interceptors is a shadow interceptor
     */
    public static boolean isAppliedTo(RestClient.Builder builder) {
        boolean[] applied = {false};
        builder.requestInterceptors((interceptors) -> applied[0] = isAmong(interceptors));
        return applied[0];
    }

    /**
     * Return the shadow interceptor among a client's interceptors.
     * @param interceptors the interceptors of a client or builder
     * @return the first shadow interceptor, or {@code null}
     */
    public static @Nullable ShadowClientHttpRequestInterceptor findIn(List<ClientHttpRequestInterceptor> interceptors) {
        for (ClientHttpRequestInterceptor interceptor : interceptors) {
            if (interceptor instanceof ShadowClientHttpRequestInterceptor shadow) {
                return shadow;
            }
        }
        return null;
    }

    /**
     * Put this interceptor in place of any shadow interceptor a client has.
     */
    void replaceIn(List<ClientHttpRequestInterceptor> interceptors) {
        interceptors.removeIf(ShadowClientHttpRequestInterceptor.class::isInstance);
        interceptors.add(this);
    }

    private static boolean isAmong(List<ClientHttpRequestInterceptor> interceptors) {
        return interceptors.stream().anyMatch(ShadowClientHttpRequestInterceptor.class::isInstance);
    }

    private void addTo(List<ClientHttpRequestInterceptor> interceptors) {
        if (!interceptors.contains(this)) {
            interceptors.add(this);
        }
    }

    /**
     * The request as decided: its (possibly rerouted) URL, and the attribute that marks it decided.
     */
    private static final class DecidedRequest extends HttpRequestWrapper {

        private final URI uri;

        private final Map<String, Object> attributes;

        DecidedRequest(HttpRequest request, URI uri) {
            super(request);
            this.uri = uri;
            this.attributes = new LinkedHashMap<>(request.getAttributes());
            this.attributes.put(DECIDED_ATTRIBUTE, DECIDED);
        }

        @Override
        public URI getURI() {
            return this.uri;
        }

        @Override
        public Map<String, Object> getAttributes() {
            return this.attributes;
        }
    }
}
