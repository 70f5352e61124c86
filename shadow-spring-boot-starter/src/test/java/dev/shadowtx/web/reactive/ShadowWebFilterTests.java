package dev.shadowtx.web.reactive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

import dev.shadowtx.core.context.MarkerSource;
import dev.shadowtx.core.context.ShadowContext;
import dev.shadowtx.core.context.ShadowContextAccessor;
import dev.shadowtx.core.context.ShadowContextHolder;
import dev.shadowtx.core.context.ShadowMode;
import dev.shadowtx.core.marker.Cidr;
import dev.shadowtx.core.marker.HeaderDetector;
import dev.shadowtx.core.marker.TrustPolicy;
import dev.shadowtx.core.marker.TrustedProxiesPolicy;
import dev.shadowtx.core.metrics.MicrometerShadowRecorder;
import dev.shadowtx.core.protection.ShadowBulkhead;
import dev.shadowtx.core.protection.ShadowRateLimiter;
import dev.shadowtx.web.ShadowAdmission;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;
import org.springframework.web.server.WebFilterChain;
import reactor.core.Disposable;
import reactor.core.publisher.Hooks;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/**
 * The web filter on its own, with a real bulkhead, rate limit and recorder: what reaches the chain,
 * which Reactor context it sees, and that a bulkhead permit comes back exactly once however the
 * exchange ends.
 */
class ShadowWebFilterTests {

    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

    private final ShadowBulkhead bulkhead = new ShadowBulkhead(2);

    private final ShadowWebFilter filter = filter(TrustPolicy.ANY, this.bulkhead, null);

    /**
     * As the starter does in every application (shadow.async.reactor=true, the default).
     */
    @BeforeAll
    static void enableReactorContextPropagation() {
        Hooks.enableAutomaticContextPropagation();
    }

    @AfterEach
    void clearThread() {
        ShadowContextHolder.clear();
    }

    @Test
    void unmarkedExchangeRunsWithNoShadowContextAndNoAttribute() {
        Recording chain = new Recording(Mono.empty());
        MockServerWebExchange exchange = exchange(null);
        this.filter.filter(exchange, chain).block();
        assertThat(chain.reactorContext.get()).isNull();
        assertThat(chain.threadContext.get()).isNull();
        assertThat(exchange.getAttributes()).doesNotContainKey(ShadowWebFilter.CONTEXT_ATTRIBUTE);
        assertThat(this.bulkhead.inUse()).isZero();
    }

    @Test
    void staleThreadLocalNeverMakesAnUnmarkedExchangeShadow() {
        ShadowContextHolder.set(ShadowContext.of(ShadowMode.SHADOW, MarkerSource.HEADER));
        Recording chain = new Recording(Mono.empty());
        this.filter.filter(exchange(null), chain).block();
        assertThat(chain.threadContext.get()).isNull();
        assertThat(chain.reactorContext.get()).isNull();
    }

    @Test
    void markedExchangeRunsWithTheContextInItsReactorContextAndOnTheThread() {
        Recording chain = new Recording(Mono.empty());
        MockServerWebExchange exchange = exchange("synthetic");
        this.filter.filter(exchange, chain).block();
        assertThat(chain.reactorContext.get())
                .isNotNull()
                .extracting(ShadowContext::mode)
                .isEqualTo(ShadowMode.SYNTHETIC);
        assertThat(chain.threadContext.get()).isEqualTo(chain.reactorContext.get());
        assertThat(exchange.<ShadowContext>getAttribute(ShadowWebFilter.CONTEXT_ATTRIBUTE))
                .isEqualTo(chain.reactorContext.get());
        assertThat(ShadowContextHolder.current()).isNull();
        assertThat(this.meters
                        .counter("shadow.requests", "mode", "synthetic", "source", "header")
                        .count())
                .isEqualTo(1);
        assertThat(this.bulkhead.inUse()).isZero();
    }

    @Test
    void permitIsHeldWhileTheExchangeRunsAndComesBackOnceWhenItCompletes() {
        Sinks.Empty<Void> done = Sinks.empty();
        Disposable running =
                this.filter.filter(exchange("shadow"), (ex) -> done.asMono()).subscribe();
        assertThat(this.bulkhead.inUse()).isEqualTo(1);
        done.tryEmitEmpty();
        assertThat(running.isDisposed()).isTrue();
        assertThat(this.bulkhead.inUse()).isZero();
    }

    @Test
    void permitComesBackOnceWhenTheExchangeFails() {
        Mono<Void> failing = this.filter.filter(exchange("shadow"), (ex) -> Mono.error(new IllegalStateException()));
        assertThatIllegalStateException().isThrownBy(failing::block);
        assertThat(this.bulkhead.inUse()).isZero();
    }

    @Test
    void permitComesBackOnceWhenTheExchangeIsCancelled() {
        Disposable running =
                this.filter.filter(exchange("shadow"), (ex) -> Mono.never()).subscribe();
        assertThat(this.bulkhead.inUse()).isEqualTo(1);
        running.dispose();
        running.dispose();
        assertThat(this.bulkhead.inUse()).isZero();
    }

    @Test
    void permitComesBackWhenTheChainThrowsWhileAssembling() {
        WebFilterChain throwing = (ex) -> {
            throw new IllegalStateException("assembly");
        };
        assertThatIllegalStateException().isThrownBy(() -> this.filter.filter(exchange("shadow"), throwing));
        assertThat(this.bulkhead.inUse()).isZero();
    }

    @Test
    void shadowExchangeOverTheCapIsShedWith503AndNeverReachesTheChain() {
        ShadowWebFilter single = filter(TrustPolicy.ANY, new ShadowBulkhead(1), null);
        single.filter(exchange("shadow"), (ex) -> Mono.never()).subscribe();
        Recording chain = new Recording(Mono.empty());
        MockServerWebExchange shed = exchange("shadow");
        single.filter(shed, chain).block();
        assertThat(chain.called).isFalse();
        assertThat(shed.getResponse().getStatusCode().value()).isEqualTo(503);
        assertThat(shed.getResponse().getBodyAsString().block()).contains("urn:shadowtx:problem:shadow-capacity");
        assertThat(this.meters
                        .counter("shadow.requests.shed", "mode", "shadow", "reason", "capacity")
                        .count())
                .isEqualTo(1);
        Recording live = new Recording(Mono.empty());
        single.filter(exchange(null), live).block();
        assertThat(live.called).isTrue();
    }

    @Test
    void shadowExchangeOverTheRateIsShedWith503AndRetryAfter() {
        ShadowWebFilter limited = filter(TrustPolicy.ANY, null, new ShadowRateLimiter(0.5, 1));
        limited.filter(exchange("shadow"), new Recording(Mono.empty())).block();
        Recording chain = new Recording(Mono.empty());
        MockServerWebExchange shed = exchange("shadow");
        limited.filter(shed, chain).block();
        assertThat(chain.called).isFalse();
        assertThat(shed.getResponse().getStatusCode().value()).isEqualTo(503);
        assertThat(shed.getResponse().getHeaders().getFirst("Retry-After")).isEqualTo("2");
        assertThat(shed.getResponse().getBodyAsString().block()).contains("urn:shadowtx:problem:shadow-rate");
    }

    @Test
    void untrustedMarkerIsRefusedWith403ProblemAndNeverReachesTheChain() {
        ShadowWebFilter trusting =
                filter(new TrustedProxiesPolicy(List.of(Cidr.parse("10.0.0.0/8"))), this.bulkhead, null);
        Recording chain = new Recording(Mono.empty());
        MockServerWebExchange refused = exchange("shadow");
        trusting.filter(refused, chain).block();
        assertThat(chain.called).isFalse();
        assertThat(refused.getResponse().getStatusCode().value()).isEqualTo(403);
        assertThat(refused.getResponse().getHeaders().getContentType())
                .hasToString("application/problem+json;charset=UTF-8");
        assertThat(refused.getResponse().getBodyAsString().block())
                .isEqualTo("{\"type\":\"urn:shadowtx:problem:marker-rejected\",\"title\":\"Shadow marker rejected\","
                        + "\"status\":403,\"detail\":\"The sender is not allowed to mark traffic as shadow\","
                        + "\"reason\":\"untrusted-peer\"}");
        assertThat(this.bulkhead.inUse()).isZero();
        MockServerWebExchange fromProxy = MockServerWebExchange.from(MockServerHttpRequest.get("/")
                .header("X-Shadow", "shadow")
                .remoteAddress(new InetSocketAddress("10.1.2.3", 4711)));
        Recording trusted = new Recording(Mono.empty());
        trusting.filter(fromProxy, trusted).block();
        assertThat(trusted.reactorContext.get()).isNotNull();
    }

    private ShadowWebFilter filter(
            TrustPolicy trust, @Nullable ShadowBulkhead bulkhead, @Nullable ShadowRateLimiter rateLimiter) {
        return new ShadowWebFilter(new ShadowAdmission(
                new HeaderDetector("X-Shadow"),
                trust,
                new MicrometerShadowRecorder(this.meters),
                bulkhead,
                rateLimiter));
    }

    private static MockServerWebExchange exchange(@Nullable String marker) {
        MockServerHttpRequest.BaseBuilder<?> request =
                MockServerHttpRequest.get("/").remoteAddress(new InetSocketAddress("127.0.0.1", 4711));
        if (marker != null) {
            request.header("X-Shadow", marker);
        }
        return MockServerWebExchange.from(request);
    }

    /**
     * A chain that records what the application would see: the shadow context of its Reactor
     * context and of the thread it is subscribed on.
     */
    private static final class Recording implements WebFilterChain {

        final AtomicReference<@Nullable ShadowContext> reactorContext = new AtomicReference<>();

        final AtomicReference<@Nullable ShadowContext> threadContext = new AtomicReference<>();

        private final Mono<Void> result;

        boolean called;

        Recording(Mono<Void> result) {
            this.result = result;
        }

        @Override
        public Mono<Void> filter(org.springframework.web.server.ServerWebExchange exchange) {
            this.called = true;
            return Mono.deferContextual((view) -> {
                this.reactorContext.set(view.getOrDefault(ShadowContextAccessor.KEY, null));
                this.threadContext.set(ShadowContextHolder.current());
                return this.result;
            });
        }
    }
}
