package dev.shadowtx.web.reactive;

import dev.shadowtx.core.context.ShadowContext;
import dev.shadowtx.core.context.ShadowContextAccessor;
import dev.shadowtx.core.context.ShadowContextHolder;
import dev.shadowtx.core.marker.MarkerCarrier;
import dev.shadowtx.core.marker.MarkerSignature;
import dev.shadowtx.web.ShadowAdmission;
import dev.shadowtx.web.ShadowProblem;
import java.nio.charset.StandardCharsets;
import org.jspecify.annotations.Nullable;
import org.springframework.core.Ordered;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpRequestDecorator;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The reactive twin of {@code ShadowRequestFilter}: detects the shadow marker of each inbound
 * exchange, applies the trust policy, the shadow rate limit and the bulkhead (the same
 * {@link ShadowAdmission}), and binds the {@link ShadowContext} for the whole exchange.
 * <ul>
 * <li>An unmarked exchange passes straight through: nothing is added to its Reactor context, and
 * a stale context left on the thread is cleared, so it can never run as shadow.</li>
 * <li>A marked exchange from a trusted sender runs with the context in its Reactor context under
 * {@link ShadowContextAccessor#KEY}, where the R2DBC guard and the {@code WebClient} filter read
 * it; with Reactor's automatic context propagation (on by default with the starter) the
 * thread-local holder is restored from it in every operator and on every scheduler.</li>
 * <li>A refused exchange (untrusted marker 403, rate limit or bulkhead 503) is answered with
 * {@code application/problem+json} and never reaches the application.</li>
 * </ul>
 * A bulkhead permit is given back exactly once, when the exchange completes, fails or is cancelled.
 */
public class ShadowWebFilter implements WebFilter, Ordered {

    /**
     * Order of the filter: before every other web filter, Spring Security's included.
     */
    public static final int ORDER = Ordered.HIGHEST_PRECEDENCE;

    /**
     * Exchange attribute that holds the bound {@link ShadowContext} of a marked exchange.
     */
    public static final String CONTEXT_ATTRIBUTE = ShadowWebFilter.class.getName() + ".context";

    private static final MediaType PROBLEM_JSON =
            new MediaType(MediaType.APPLICATION_PROBLEM_JSON, StandardCharsets.UTF_8);

    private final ShadowAdmission admission;

    /**
     * Create a filter.
     * @param admission decides on each exchange
     */
    public ShadowWebFilter(ShadowAdmission admission) {
        this.admission = admission;
    }

    @Override
    public int getOrder() {
        return ORDER;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        if (!this.admission.mayBeMarked(ServerHttpMarkerCarrier.PROBE, exchange.getRequest())) {
            return live(exchange, chain);
        }
        ServerHttpMarkerCarrier carrier = new ServerHttpMarkerCarrier(exchange.getRequest());
        if (this.admission.readsBodyOf(carrier)) {
            return readBody(exchange.getRequest(), this.admission.bodyDigestMaxSize())
                    .flatMap((body) -> {
                        byte[] bytes = body.bytes();
                        if (bytes == null) {
                            return decide(exchange, chain, body.digest());
                        }
                        ServerHttpRequest replayed = new ReplayedBodyRequest(exchange.getRequest(), bytes);
                        return decide(exchange.mutate().request(replayed).build(), chain, body.digest());
                    });
        }
        return decide(exchange, chain, carrier);
    }

    private Mono<Void> decide(ServerWebExchange exchange, WebFilterChain chain, String bodyDigest) {
        return decide(exchange, chain, new ServerHttpMarkerCarrier(exchange.getRequest(), bodyDigest));
    }

    private Mono<Void> decide(ServerWebExchange exchange, WebFilterChain chain, ServerHttpMarkerCarrier carrier) {
        ShadowAdmission.Decision decision = this.admission.admit(carrier);
        ShadowContext context = decision.context();
        if (context == null) {
            ShadowProblem problem = decision.problem();
            if (problem != null) {
                return write(exchange.getResponse(), problem);
            }
            return live(exchange, chain);
        }
        exchange.getAttributes().put(CONTEXT_ATTRIBUTE, context);
        Mono<Void> filtered;
        try {
            filtered = chain.filter(exchange);
        } catch (RuntimeException ex) {
            this.admission.release(decision);
            throw ex;
        }
        if (decision.permitTaken()) {
            filtered = filtered.doFinally((signal) -> this.admission.release(decision));
        }
        return filtered.contextWrite((reactorContext) -> reactorContext.put(ShadowContextAccessor.KEY, context));
    }

    /**
     * Pass an unmarked exchange on, clearing a stale context left on the thread.
     */
    private static Mono<Void> live(ServerWebExchange exchange, WebFilterChain chain) {
        if (ShadowContextHolder.isShadow()) {
            ShadowContextHolder.clear();
        }
        return chain.filter(exchange);
    }

    /**
     * Read a body, at most {@code maxSize} bytes, and take its digest. A larger body is not kept:
     * its request is refused.
     */
    private static Mono<ReadBody> readBody(ServerHttpRequest request, long maxSize) {
        if (request.getHeaders().getContentLength() > maxSize) {
            return Mono.just(ReadBody.TOO_LARGE);
        }
        int limit = (int) Math.min(maxSize, Integer.MAX_VALUE - 8);
        return DataBufferUtils.join(request.getBody(), limit)
                .map((buffer) -> {
                    byte[] bytes = new byte[buffer.readableByteCount()];
                    buffer.read(bytes);
                    DataBufferUtils.release(buffer);
                    return bytes;
                })
                .defaultIfEmpty(new byte[0])
                .map((bytes) -> new ReadBody(bytes, MarkerSignature.bodyDigest(bytes)))
                .onErrorResume(DataBufferLimitException.class, (ex) -> Mono.just(ReadBody.TOO_LARGE));
    }

    /**
     * A body read to check its digest: its bytes and digest, or no bytes when it was too large.
     */
    private record ReadBody(byte @Nullable [] bytes, String digest) {

        static final ReadBody TOO_LARGE = new ReadBody(null, MarkerCarrier.BODY_TOO_LARGE);
    }

    /**
     * A request whose body was read to check its digest, and is read again by the application
     * from memory.
     */
    private static final class ReplayedBodyRequest extends ServerHttpRequestDecorator {

        private final byte[] body;

        ReplayedBodyRequest(ServerHttpRequest request, byte[] body) {
            super(request);
            this.body = body;
        }

        @Override
        public Flux<DataBuffer> getBody() {
            return Flux.defer(() -> Flux.just(DefaultDataBufferFactory.sharedInstance.wrap(this.body.clone())));
        }
    }

    private static Mono<Void> write(ServerHttpResponse response, ShadowProblem problem) {
        byte[] body = problem.body();
        response.setStatusCode(HttpStatusCode.valueOf(problem.status()));
        HttpHeaders headers = response.getHeaders();
        headers.setContentType(PROBLEM_JSON);
        headers.setContentLength(body.length);
        String retryAfter = problem.retryAfter();
        if (retryAfter != null) {
            headers.set(HttpHeaders.RETRY_AFTER, retryAfter);
        }
        return response.writeWith(
                Mono.fromSupplier(() -> response.bufferFactory().wrap(body)));
    }
}
