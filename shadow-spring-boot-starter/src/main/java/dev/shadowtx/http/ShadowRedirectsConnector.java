package dev.shadowtx.http;

import dev.shadowtx.core.context.ShadowContext;
import dev.shadowtx.core.context.ShadowContextAccessor;
import dev.shadowtx.core.outbound.OutboundDecision;
import dev.shadowtx.core.outbound.OutboundPolicy;
import dev.shadowtx.core.outbound.OutboundStub;
import dev.shadowtx.core.outbound.Redirects;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;
import org.reactivestreams.Publisher;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ResponseCookie;
import org.springframework.http.client.reactive.ClientHttpConnector;
import org.springframework.http.client.reactive.ClientHttpRequest;
import org.springframework.http.client.reactive.ClientHttpRequestDecorator;
import org.springframework.http.client.reactive.ClientHttpResponse;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * A {@code WebClient} connector whose shadow requests never follow a redirect below the shadow
 * policy: the reactive counterpart of {@link ShadowRedirectsRequestFactory}. A request is shadow
 * when its Reactor context holds a {@link ShadowContext} under {@link ShadowContextAccessor#KEY},
 * which {@link ShadowExchangeFilterFunction} puts there for every call it decided. Such a request
 * goes through a twin connector that does not follow redirects, and each redirect is decided by
 * {@link OutboundPolicy#decideRedirect} before it is followed.
 */
public final class ShadowRedirectsConnector implements ClientHttpConnector, DisposableBean {

    private final ClientHttpConnector live;

    private final OnFirstUse<ClientHttpConnector> noFollow;

    private final Supplier<OutboundPolicy> policy;

    /**
     * Wrap a connector that follows redirects.
     * @param live the application's connector, used for every live request
     * @param noFollow builds the same connector with redirects not followed, called once
     * @param policy the policy of the {@code http} channel, resolved on first use
     */
    public ShadowRedirectsConnector(
            ClientHttpConnector live, Supplier<ClientHttpConnector> noFollow, Supplier<OutboundPolicy> policy) {
        this.live = live;
        this.noFollow = new OnFirstUse<>(noFollow);
        this.policy = policy;
    }

    /**
     * Return the application's connector.
     * @return the connector used for live requests
     */
    public ClientHttpConnector getLive() {
        return this.live;
    }

    @Override
    public Mono<ClientHttpResponse> connect(
            HttpMethod method, URI uri, Function<? super ClientHttpRequest, Mono<Void>> requestCallback) {
        return Mono.deferContextual((view) -> {
            Object context = view.getOrDefault(ShadowContextAccessor.KEY, null);
            if (!(context instanceof ShadowContext shadow)) {
                return this.live.connect(method, uri, requestCallback);
            }
            OutboundDecision sent =
                    OutboundDecision.sent(this.policy.get().getChannel(), shadow.mode(), method.name(), uri);
            return follow(sent, List.of(), requestCallback, 0);
        });
    }

    private Mono<ClientHttpResponse> follow(
            OutboundDecision current,
            List<Hop> hops,
            Function<? super ClientHttpRequest, Mono<Void>> requestCallback,
            int followed) {
        OutboundPolicy policy = this.policy.get();
        Function<ClientHttpRequest, Mono<Void>> callback = hops.isEmpty()
                ? requestCallback::apply
                : (request) -> requestCallback.apply(new HopRequest(request, hops, policy));
        return this.noFollow
                .get()
                .connect(HttpMethod.valueOf(current.call().method()), current.target(), callback)
                .flatMap((response) -> {
                    int status = response.getStatusCode().value();
                    URI location = Redirects.isRedirect(status) && followed < Redirects.MAX_FOLLOWED
                            ? Redirects.location(
                                    current.target(), response.getHeaders().getFirst(HttpHeaders.LOCATION))
                            : null;
                    if (location == null) {
                        return Mono.just(response);
                    }
                    OutboundDecision decision = policy.decideRedirect(current, status, location);
                    Mono<Void> drained =
                            response.getBody().map(DataBufferUtils::release).then();
                    if (decision.isBlocked()) {
                        OutboundStub stub = decision.stub();
                        return drained.then(
                                (stub != null)
                                        ? Mono.just(new StubResponse(stub))
                                        : Mono.error(decision.toException()));
                    }
                    List<Hop> next = new ArrayList<>(hops);
                    next.add(new Hop(current, decision, status));
                    return drained.then(follow(decision, List.copyOf(next), requestCallback, followed + 1));
                });
    }

    @Override
    public void destroy() throws Exception {
        OnFirstUse.close(this.live);
        OnFirstUse.close(this.noFollow.ifMade());
    }

    /**
     * One redirect followed: from the request that got it to the request that follows it.
     */
    private record Hop(OutboundDecision previous, OutboundDecision next, int status) {}

    /**
     * The request that follows one or more redirects: the application's request as written by
     * {@code WebClient}, then changed as each hop requires (marker, credentials, body) before its
     * headers are sent.
     */
    private static final class HopRequest extends ClientHttpRequestDecorator {

        private final boolean keepsBody;

        HopRequest(ClientHttpRequest delegate, List<Hop> hops, OutboundPolicy policy) {
            super(delegate);
            this.keepsBody = hops.stream()
                    .allMatch((hop) -> Redirects.keepsBody(
                            hop.status(), hop.previous().call().method()));
            delegate.beforeCommit(() -> {
                HttpHeadersAccess headers = new HttpHeadersAccess(delegate.getHeaders());
                for (Hop hop : hops) {
                    policy.prepareRedirect(hop.previous(), hop.next(), hop.status(), headers);
                }
                return Mono.empty();
            });
        }

        @Override
        public Mono<Void> writeWith(Publisher<? extends DataBuffer> body) {
            return this.keepsBody ? super.writeWith(body) : discard(Flux.from(body));
        }

        @Override
        public Mono<Void> writeAndFlushWith(Publisher<? extends Publisher<? extends DataBuffer>> body) {
            return this.keepsBody
                    ? super.writeAndFlushWith(body)
                    : discard(Flux.from(body).flatMap(Flux::from));
        }

        private Mono<Void> discard(Flux<? extends DataBuffer> body) {
            return body.map(DataBufferUtils::release).then(setComplete());
        }
    }

    /**
     * What a redirect to a blocked destination with a stub answers.
     */
    private static final class StubResponse implements ClientHttpResponse {

        private final OutboundStub stub;

        private final HttpHeaders headers = new HttpHeaders();

        StubResponse(OutboundStub stub) {
            this.stub = stub;
            String contentType = stub.contentType();
            if (contentType != null) {
                this.headers.set(HttpHeaders.CONTENT_TYPE, contentType);
            }
            this.headers.setContentLength(stub.body().getBytes(StandardCharsets.UTF_8).length);
        }

        @Override
        public HttpStatusCode getStatusCode() {
            return HttpStatusCode.valueOf(this.stub.status());
        }

        @Override
        public MultiValueMap<String, ResponseCookie> getCookies() {
            return new LinkedMultiValueMap<>();
        }

        @Override
        public HttpHeaders getHeaders() {
            return this.headers;
        }

        @Override
        public Flux<DataBuffer> getBody() {
            return Flux.defer(() -> Flux.just(DefaultDataBufferFactory.sharedInstance.wrap(
                    this.stub.body().getBytes(StandardCharsets.UTF_8))));
        }
    }
}
