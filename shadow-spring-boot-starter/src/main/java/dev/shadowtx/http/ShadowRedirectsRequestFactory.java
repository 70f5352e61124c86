package dev.shadowtx.http;

import dev.shadowtx.core.context.ShadowContext;
import dev.shadowtx.core.context.ShadowContextHolder;
import dev.shadowtx.core.outbound.OutboundDecision;
import dev.shadowtx.core.outbound.OutboundPolicy;
import dev.shadowtx.core.outbound.OutboundStub;
import dev.shadowtx.core.outbound.Redirects;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.util.function.Supplier;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.client.AbstractClientHttpRequest;
import org.springframework.http.client.ClientHttpRequest;
import org.springframework.http.client.ClientHttpRequestFactory;
import org.springframework.http.client.ClientHttpResponse;

/**
 * A request factory whose shadow requests never follow a redirect below the shadow policy. The
 * client libraries behind {@code RestClient} and {@code RestTemplate} (JDK, Apache HttpClient,
 * Jetty, Reactor Netty, {@code HttpURLConnection}) follow redirects themselves, beneath the
 * interceptor that decided the call, so a test double or a shadow-aware collaborator answering
 * {@code 307 Location: http://live/...} would send the shadow write to a live server.
 * <p>
 * Live requests go to the application's factory untouched. A request made in a shadow unit of
 * work goes to a twin factory that does not follow redirects (built on first use), and each
 * redirect it gets is decided by {@link OutboundPolicy#decideRedirect}: followed if the policy
 * propagates or reroutes the new destination, otherwise failed with
 * {@link dev.shadowtx.core.ShadowBlockedException} (or answered with the destination's stub).
 * When the application's factory does not follow redirects, shadow requests do not either.
 */
public final class ShadowRedirectsRequestFactory implements ClientHttpRequestFactory, DisposableBean {

    private final ClientHttpRequestFactory live;

    private final OnFirstUse<ClientHttpRequestFactory> noFollow;

    private final Supplier<OutboundPolicy> policy;

    private final boolean followsUnsafeMethods;

    /**
     * Wrap a factory that follows redirects.
     * @param live the application's factory, used for every live request
     * @param noFollow builds the same factory with redirects not followed, called once
     * @param policy the policy of the {@code http} channel, resolved on first use
     * @param followsUnsafeMethods whether the application's factory follows the redirects of
     * every method; {@code false} for clients that follow only those of {@code GET} and
     * {@code HEAD} ({@code HttpURLConnection}, Jetty), whose shadow calls then follow no more
     */
    public ShadowRedirectsRequestFactory(
            ClientHttpRequestFactory live,
            Supplier<ClientHttpRequestFactory> noFollow,
            Supplier<OutboundPolicy> policy,
            boolean followsUnsafeMethods) {
        this.live = live;
        this.noFollow = new OnFirstUse<>(noFollow);
        this.policy = policy;
        this.followsUnsafeMethods = followsUnsafeMethods;
    }

    /**
     * Return the application's factory.
     * @return the factory used for live requests
     */
    public ClientHttpRequestFactory getLive() {
        return this.live;
    }

    @Override
    public ClientHttpRequest createRequest(URI uri, HttpMethod httpMethod) throws IOException {
        ShadowContext context = ShadowContextHolder.current();
        if (context == null) {
            return this.live.createRequest(uri, httpMethod);
        }
        return new RedirectCheckedRequest(
                OutboundDecision.sent(this.policy.get().getChannel(), context.mode(), httpMethod.name(), uri));
    }

    @Override
    public void destroy() throws Exception {
        OnFirstUse.close(this.live);
        OnFirstUse.close(this.noFollow.ifMade());
    }

    /**
     * A shadow request: sent through the factory that does not follow redirects, each redirect
     * decided before it is followed.
     */
    private final class RedirectCheckedRequest extends AbstractClientHttpRequest {

        private final OutboundDecision sent;

        private final ByteArrayOutputStream body = new ByteArrayOutputStream(256);

        RedirectCheckedRequest(OutboundDecision sent) {
            this.sent = sent;
        }

        @Override
        public HttpMethod getMethod() {
            return HttpMethod.valueOf(this.sent.call().method());
        }

        @Override
        public URI getURI() {
            return this.sent.target();
        }

        @Override
        protected OutputStream getBodyInternal(HttpHeaders headers) {
            return this.body;
        }

        @Override
        protected ClientHttpResponse executeInternal(HttpHeaders headers) throws IOException {
            OutboundPolicy policy = ShadowRedirectsRequestFactory.this.policy.get();
            HttpHeaders next = new HttpHeaders();
            next.putAll(headers);
            byte[] content = this.body.toByteArray();
            OutboundDecision current = this.sent;
            for (int followed = 0; ; followed++) {
                ClientHttpRequest request = ShadowRedirectsRequestFactory.this
                        .noFollow
                        .get()
                        .createRequest(
                                current.target(),
                                HttpMethod.valueOf(current.call().method()));
                request.getHeaders().putAll(next);
                request.getAttributes().putAll(getAttributes());
                if (content.length > 0) {
                    request.getBody().write(content);
                }
                ClientHttpResponse response = request.execute();
                int status = response.getStatusCode().value();
                URI location = Redirects.isRedirect(status)
                                && followed < Redirects.MAX_FOLLOWED
                                && (ShadowRedirectsRequestFactory.this.followsUnsafeMethods
                                        || Redirects.isSafe(current.call().method()))
                        ? Redirects.location(
                                current.target(), response.getHeaders().getFirst(HttpHeaders.LOCATION))
                        : null;
                if (location == null) {
                    return response;
                }
                response.close();
                OutboundDecision decision = policy.decideRedirect(current, status, location);
                if (decision.isBlocked()) {
                    OutboundStub stub = decision.stub();
                    if (stub == null) {
                        throw decision.toException();
                    }
                    return new StubClientHttpResponse(stub);
                }
                policy.prepareRedirect(current, decision, status, new HttpHeadersAccess(next));
                if (!Redirects.keepsBody(status, current.call().method())) {
                    content = new byte[0];
                }
                current = decision;
            }
        }
    }
}
