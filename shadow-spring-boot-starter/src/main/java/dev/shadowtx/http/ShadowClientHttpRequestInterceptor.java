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

    /**
     * Create an interceptor.
     * @param policy the policy of the {@code http} channel
     */
    public ShadowClientHttpRequestInterceptor(OutboundPolicy policy) {
        this.policy = policy;
    }

    @Override
    public ClientHttpResponse intercept(HttpRequest request, byte[] body, ClientHttpRequestExecution execution)
            throws IOException {
        ShadowContext context = ShadowContextHolder.current();
        if (context == null || request.getAttributes().get(DECIDED_ATTRIBUTE) == DECIDED) {
            return execution.execute(request, body);
        }
        OutboundDecision decision =
                this.policy.decide(context, OutboundCall.of(request.getMethod().name(), request.getURI()));
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
            return execution.execute(decided, body);
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
