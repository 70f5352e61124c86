package dev.shadowtx.http.clients;

import dev.shadowtx.core.outbound.OutboundDecision;
import dev.shadowtx.core.outbound.OutboundStub;
import java.io.IOException;
import java.net.URI;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.CloseableHttpResponse;
import org.apache.hc.core5.http.ClassicHttpRequest;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.HttpHost;
import org.apache.hc.core5.http.io.entity.StringEntity;
import org.apache.hc.core5.http.message.BasicClassicHttpResponse;
import org.apache.hc.core5.http.protocol.HttpContext;
import org.apache.hc.core5.io.CloseMode;
import org.jspecify.annotations.Nullable;

/**
 * An Apache HttpClient 5 (classic) bean with the shadow policy: each call made in shadow is
 * propagated with the marker, rerouted or blocked before it reaches the network; live calls go to
 * the client unchanged. The application's client is final, so the bean is replaced by this
 * subclass of {@link CloseableHttpClient}, the type such beans are declared with.
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
        OutboundDecision decision = this.calls.decide(request.getMethod(), ApacheRequests.uri(target, request));
        if (decision == null) {
            return CloseableHttpResponse.adapt(this.client.executeOpen(target, request, context));
        }
        if (decision.isBlocked()) {
            OutboundStub stub = decision.stub();
            if (stub == null) {
                throw decision.toException();
            }
            return stub(stub);
        }
        URI decided = decision.target();
        request.setUri(decided);
        this.calls.mark(decision, new ApacheRequests.Headers(request));
        return CloseableHttpResponse.adapt(this.client.executeOpen(HttpHost.create(decided), request, context));
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
