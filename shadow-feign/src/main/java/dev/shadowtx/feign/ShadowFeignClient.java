package dev.shadowtx.feign;

import dev.shadowtx.core.ShadowBlockedException;
import dev.shadowtx.core.context.ShadowContext;
import dev.shadowtx.core.context.ShadowContextHolder;
import dev.shadowtx.core.outbound.OutboundAction;
import dev.shadowtx.core.outbound.OutboundCall;
import dev.shadowtx.core.outbound.OutboundDecision;
import dev.shadowtx.core.outbound.OutboundPolicy;
import dev.shadowtx.core.outbound.OutboundStub;
import dev.shadowtx.core.outbound.Redirects;
import feign.Client;
import feign.Request;
import feign.RequestTemplate;
import feign.Response;
import feign.Target;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;

/**
 * Decorates a Feign {@link Client} with the shadow policy. It runs after every
 * {@code RequestInterceptor}, right before the network, so what it decides is what leaves the
 * application: a user interceptor cannot remove the marker or send a blocked call.
 * <p>
 * In a shadow unit of work a call is propagated with the marker (through the client as
 * configured, load balancer included), rerouted to a test double (through the client that calls
 * URLs directly, bypassing the load balancer, which would not know the test double), or blocked
 * before it reaches the network. Live calls go to the decorated client untouched.
 */
public final class ShadowFeignClient implements Client {

    private static final ThreadLocal<@Nullable Boolean> DECIDING = new ThreadLocal<>();

    private final Client delegate;

    private final Client direct;

    private final OutboundPolicy policy;

    /**
     * Create a decorated client.
     * @param delegate the client as configured, possibly load-balanced
     * @param direct the client that calls absolute URLs as they are (for a load-balanced
     * client, its delegate; otherwise the same client)
     * @param policy the policy of the {@code feign} channel
     */
    public ShadowFeignClient(Client delegate, Client direct, OutboundPolicy policy) {
        this.delegate = delegate;
        this.direct = direct;
        this.policy = policy;
    }

    @Override
    public Response execute(Request request, Request.Options options) throws IOException {
        ShadowContext context = ShadowContextHolder.current();
        if (context == null || DECIDING.get() != null) {
            return this.delegate.execute(request, options);
        }
        OutboundCall call = call(request);
        OutboundDecision decision = this.policy.decide(context, call);
        if (decision.isBlocked()) {
            return blocked(decision, request);
        }
        FeignHeaders headers = new FeignHeaders(request.headers());
        if (decision.marked()) {
            this.policy.getPropagation().write(decision.mode(), headers);
        } else {
            this.policy.getPropagation().erase(headers);
        }
        boolean rerouted = decision.action() == OutboundAction.REROUTE;
        Request decided = Request.create(
                request.httpMethod(),
                rerouted ? decision.target().toString() : request.url(),
                headers.asMap(),
                request.body(),
                request.charset(),
                request.requestTemplate());
        DECIDING.set(Boolean.TRUE);
        try {
            Client client = rerouted ? this.direct : this.delegate;
            if (!options.isFollowRedirects()) {
                return client.execute(decided, options);
            }
            return followRedirects(client, decided, decision, noFollow(options));
        } finally {
            DECIDING.remove();
        }
    }

    /**
     * Send a shadow call without letting the client follow redirects, and follow each one only
     * after the policy decided its destination: a test double or a shadow-aware collaborator
     * answering {@code 307} towards a live server must not carry the shadow write there.
     */
    private Response followRedirects(Client client, Request request, OutboundDecision decision, Request.Options options)
            throws IOException {
        Client current = client;
        Request sent = request;
        OutboundDecision previous = decision;
        for (int followed = 0; ; followed++) {
            Response response = current.execute(sent, options);
            int status = response.status();
            URI location = (Redirects.isRedirect(status) && followed < Redirects.MAX_FOLLOWED)
                    ? Redirects.location(previous.target(), firstHeader(response, "Location"))
                    : null;
            if (location == null) {
                return response;
            }
            response.close();
            OutboundDecision next = this.policy.decideRedirect(previous, status, location);
            if (next.isBlocked()) {
                return blocked(next, sent);
            }
            FeignHeaders headers = new FeignHeaders(sent.headers());
            this.policy.prepareRedirect(previous, next, status, headers);
            boolean keepsBody = Redirects.keepsBody(status, previous.call().method());
            sent = Request.create(
                    Request.HttpMethod.valueOf(next.call().method()),
                    next.target().toString(),
                    headers.asMap(),
                    keepsBody ? sent.body() : null,
                    sent.charset(),
                    sent.requestTemplate());
            current = Redirects.sameOrigin(previous.target(), next.target()) ? current : this.direct;
            previous = next;
        }
    }

    private static Response blocked(OutboundDecision decision, Request request) {
        OutboundStub stub = decision.stub();
        if (stub == null) {
            throw decision.toException();
        }
        return stubResponse(stub, request);
    }

    private static Request.Options noFollow(Request.Options options) {
        return new Request.Options(
                options.connectTimeout(),
                options.connectTimeoutUnit(),
                options.readTimeout(),
                options.readTimeoutUnit(),
                false);
    }

    private static @Nullable String firstHeader(Response response, String name) {
        for (Map.Entry<String, Collection<String>> header : response.headers().entrySet()) {
            if (header.getKey() != null
                    && header.getKey().equalsIgnoreCase(name)
                    && !header.getValue().isEmpty()) {
                return header.getValue().iterator().next();
            }
        }
        return null;
    }

    /**
     * Return the decorated client.
     * @return the client as configured
     */
    public Client getDelegate() {
        return this.delegate;
    }

    private OutboundCall call(Request request) {
        String method = request.httpMethod().name();
        Target<?> target = target(request.requestTemplate());
        String name = (target != null) ? target.name() : null;
        URI uri;
        try {
            uri = URI.create(request.url());
        } catch (IllegalArgumentException ex) {
            throw new ShadowBlockedException(
                    "feign", method + " <unparseable URL>" + ((name != null) ? " (client " + name + ")" : ""));
        }
        return new OutboundCall(method, uri, name, basePath(target, request.url()));
    }

    private static @Nullable Target<?> target(@Nullable RequestTemplate template) {
        return (template != null) ? template.feignTarget() : null;
    }

    private static String basePath(@Nullable Target<?> target, String url) {
        if (target == null) {
            return "";
        }
        try {
            String base = target.url();
            if (base != null && url.startsWith(base)) {
                String path = URI.create(base).getRawPath();
                return (path != null) ? path : "";
            }
        } catch (RuntimeException ex) {
            // a target without a fixed URL (URI given per call): the whole path is kept
        }
        return "";
    }

    private static Response stubResponse(OutboundStub stub, Request request) {
        byte[] body = stub.body().getBytes(StandardCharsets.UTF_8);
        Map<String, Collection<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        if (stub.contentType() != null) {
            headers.put("Content-Type", List.of(stub.contentType()));
        }
        headers.put("Content-Length", List.of(Integer.toString(body.length)));
        HttpStatus status = HttpStatus.resolve(stub.status());
        return Response.builder()
                .status(stub.status())
                .reason((status != null) ? status.getReasonPhrase() : "")
                .request(request)
                .headers(headers)
                .body(body)
                .build();
    }
}
