package dev.shadowtx.http.clients;

import dev.shadowtx.core.outbound.OutboundDecision;
import dev.shadowtx.core.outbound.OutboundStub;
import dev.shadowtx.core.outbound.Redirects;
import dev.shadowtx.http.DecidedCalls;
import dev.shadowtx.http.GuardedClients;
import java.io.IOException;
import java.net.URI;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.CloseableHttpResponse;
import org.apache.hc.client5.http.protocol.HttpClientContext;
import org.apache.hc.core5.http.ClassicHttpRequest;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.http.HttpHost;
import org.apache.hc.core5.http.io.entity.EntityUtils;
import org.apache.hc.core5.http.io.entity.StringEntity;
import org.apache.hc.core5.http.message.BasicClassicHttpRequest;
import org.apache.hc.core5.http.message.BasicClassicHttpResponse;
import org.apache.hc.core5.http.protocol.HttpContext;
import org.apache.hc.core5.io.CloseMode;
import org.jspecify.annotations.Nullable;

/**
 * An Apache HttpClient 5 (classic) bean with the shadow policy: each call made in shadow is
 * propagated with the marker, rerouted or blocked before it reaches the network; live calls go to
 * the client unchanged. The application's client is final, so the bean is replaced by this
 * subclass of {@link CloseableHttpClient}, the type such beans are declared with. A call that a
 * {@code RestClient} or {@code RestTemplate} decided already, and sends through this client
 * ({@code HttpComponentsClientHttpRequestFactory} over the bean), is carried out as decided
 * there, not decided again ({@link DecidedCalls}).
 * <p>
 * The client follows redirects below this guard, so a shadow call is sent with a request
 * configuration that does not follow them (on the call's own context, restored afterwards), and
 * each redirect it gets is decided by the destination's rule before it is followed: followed when
 * propagated or rerouted, otherwise answered with the destination's stub or refused. A shadow
 * call follows redirects only when the application's request configuration lets its live twin
 * follow them, and no more of them.
 */
public final class ShadowApacheHttpClient extends CloseableHttpClient {

    private final CloseableHttpClient client;

    private final ShadowCalls calls;

    /**
     * Guard a client.
     * @param client the application's client
     * @param calls the policy of the {@code http} channel
     */
    public ShadowApacheHttpClient(CloseableHttpClient client, ShadowCalls calls) {
        this.client = client;
        this.calls = calls;
        GuardedClients.add(this);
    }

    /**
     * Return the application's client.
     * @return the wrapped client
     */
    public CloseableHttpClient getClient() {
        return this.client;
    }

    @Override
    protected CloseableHttpResponse doExecute(
            @Nullable HttpHost target, ClassicHttpRequest request, @Nullable HttpContext context) throws IOException {
        URI planned = ApacheRequests.uri(target, request);
        OutboundDecision above = DecidedCalls.take(request.getMethod(), planned);
        OutboundDecision decision = (above != null) ? above : this.calls.decide(request.getMethod(), planned);
        if (decision == null) {
            return CloseableHttpResponse.adapt(this.client.executeOpen(target, request, context));
        }
        if (decision.isBlocked()) {
            return stub(ShadowCalls.stubOrThrow(decision));
        }
        HttpClientContext shadowContext = HttpClientContext.castOrCreate(context);
        RequestConfig config = ApacheRequests.config(request, shadowContext, this.client);
        RequestConfig given = shadowContext.getRequestConfig();
        shadowContext.setRequestConfig(RequestConfig.copy((config != null) ? config : RequestConfig.DEFAULT)
                .setRedirectsEnabled(false)
                .build());
        try {
            ClassicHttpRequest sent = copy(request, decision.target(), request.getMethod(), request.getEntity());
            this.calls.mark(decision, new ApacheRequests.Headers(sent));
            return follow(sent, decision, shadowContext, ApacheRequests.redirectsFollowed(config));
        } finally {
            shadowContext.setRequestConfig(given);
        }
    }

    /**
     * Send a shadow call with redirects not followed, and follow each redirect it gets only as far
     * as the policy lets it go, and no further than the application's client would.
     */
    private CloseableHttpResponse follow(
            ClassicHttpRequest first, OutboundDecision decision, HttpClientContext context, int limit)
            throws IOException {
        ClassicHttpRequest sent = first;
        OutboundDecision current = decision;
        for (int followed = 0; ; followed++) {
            ClassicHttpResponse response = this.client.executeOpen(HttpHost.create(current.target()), sent, context);
            int status = response.getCode();
            Header header = response.getFirstHeader("Location");
            URI location = (followed < limit)
                    ? ShadowCalls.redirectToFollow(
                            current, status, (header != null) ? header.getValue() : null, followed)
                    : null;
            HttpEntity entity = sent.getEntity();
            boolean keepsBody = Redirects.keepsBody(status, current.call().method());
            if (location == null || (keepsBody && entity != null && !entity.isRepeatable())) {
                return CloseableHttpResponse.adapt(response);
            }
            EntityUtils.consume(response.getEntity());
            response.close();
            OutboundDecision next = this.calls.decideRedirect(current, status, location);
            if (next.isBlocked()) {
                return stub(ShadowCalls.stubOrThrow(next));
            }
            ClassicHttpRequest hop = copy(sent, next.target(), next.call().method(), keepsBody ? entity : null);
            this.calls.prepareRedirect(current, next, status, new ApacheRequests.Headers(hop));
            sent = hop;
            current = next;
        }
    }

    private static ClassicHttpRequest copy(
            ClassicHttpRequest request, URI uri, String method, @Nullable HttpEntity entity) {
        BasicClassicHttpRequest copy = new BasicClassicHttpRequest(method, uri);
        copy.setVersion(request.getVersion());
        copy.setHeaders(request.getHeaders());
        copy.setEntity(entity);
        return copy;
    }

    private static CloseableHttpResponse stub(OutboundStub stub) {
        BasicClassicHttpResponse response = new BasicClassicHttpResponse(stub.status());
        String contentType = stub.contentType();
        response.setEntity(new StringEntity(
                stub.body(), (contentType != null) ? ContentType.parse(contentType) : ContentType.DEFAULT_TEXT));
        return CloseableHttpResponse.adapt(response);
    }

    @Override
    public void close() throws IOException {
        this.client.close();
    }

    @Override
    public void close(CloseMode closeMode) {
        this.client.close(closeMode);
    }

    @Override
    public String toString() {
        return "Shadow-guarded " + this.client;
    }
}
