package dev.shadowtx.http.clients;

import dev.shadowtx.core.context.ShadowContextHolder;
import dev.shadowtx.core.outbound.OutboundDecision;
import dev.shadowtx.core.outbound.OutboundStub;
import java.io.IOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Future;
import org.apache.hc.client5.http.impl.async.CloseableHttpAsyncClient;
import org.apache.hc.core5.concurrent.BasicFuture;
import org.apache.hc.core5.concurrent.FutureCallback;
import org.apache.hc.core5.function.Supplier;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.EntityDetails;
import org.apache.hc.core5.http.HttpException;
import org.apache.hc.core5.http.HttpHost;
import org.apache.hc.core5.http.HttpRequest;
import org.apache.hc.core5.http.HttpStatus;
import org.apache.hc.core5.http.impl.BasicEntityDetails;
import org.apache.hc.core5.http.message.BasicHttpResponse;
import org.apache.hc.core5.http.nio.AsyncPushConsumer;
import org.apache.hc.core5.http.nio.AsyncRequestProducer;
import org.apache.hc.core5.http.nio.AsyncResponseConsumer;
import org.apache.hc.core5.http.nio.DataStreamChannel;
import org.apache.hc.core5.http.nio.HandlerFactory;
import org.apache.hc.core5.http.nio.RequestChannel;
import org.apache.hc.core5.http.protocol.HttpContext;
import org.apache.hc.core5.io.CloseMode;
import org.apache.hc.core5.reactor.IOReactorStatus;
import org.apache.hc.core5.util.TimeValue;
import org.jspecify.annotations.Nullable;

/**
 * An Apache HttpClient 5 async bean ({@link CloseableHttpAsyncClient}) with the shadow policy:
 * each call made in shadow is propagated with the marker, rerouted, answered by its stub or
 * refused before it reaches the network; live calls go to the client unchanged. The request head
 * is taken from the application's producer on the calling thread, so the call is judged by the
 * unit of work that made it; its body is then streamed by the application's producer as usual.
 * The application's client class is final, so the bean is replaced by this subclass of the type
 * such beans are declared with.
 */
public final class ShadowApacheAsyncHttpClient extends CloseableHttpAsyncClient {

    private final CloseableHttpAsyncClient client;

    private final ShadowCalls calls;

    /**
     * Guard a client.
     * @param client the application's client
     * @param calls the policy of the {@code http} channel
     */
    public ShadowApacheAsyncHttpClient(CloseableHttpAsyncClient client, ShadowCalls calls) {
        this.client = client;
        this.calls = calls;
    }

    /**
     * Return the application's client.
     * @return the wrapped client
     */
    public CloseableHttpAsyncClient getClient() {
        return this.client;
    }

    @Override
    protected <T> Future<T> doExecute(
            @Nullable HttpHost target,
            AsyncRequestProducer producer,
            AsyncResponseConsumer<T> consumer,
            @Nullable HandlerFactory<AsyncPushConsumer> pushHandlerFactory,
            @Nullable HttpContext context,
            @Nullable FutureCallback<T> callback) {
        if (ShadowContextHolder.current() == null) {
            return this.client.execute(target, producer, consumer, pushHandlerFactory, context, callback);
        }
        Head head = new Head();
        HttpRequest request;
        OutboundDecision decision;
        try {
            producer.sendRequest(head, context);
            request = head.request();
            decision = this.calls.decide(request.getMethod(), ApacheRequests.uri(target, request));
        } catch (HttpException | IOException | RuntimeException ex) {
            return failed(producer, callback, ex);
        }
        if (decision == null) {
            return this.client.execute(
                    target, new Replay(producer, head), consumer, pushHandlerFactory, context, callback);
        }
        if (decision.isBlocked()) {
            OutboundStub stub = decision.stub();
            if (stub == null) {
                return failed(producer, callback, decision.toException());
            }
            producer.releaseResources();
            return stub(stub, consumer, context, callback);
        }
        URI decided = decision.target();
        request.setScheme(decided.getScheme());
        request.setAuthority(new org.apache.hc.core5.net.URIAuthority(decided.getHost(), decided.getPort()));
        request.setPath(path(decided));
        this.calls.mark(decision, new ApacheRequests.Headers(request));
        return this.client.execute(
                HttpHost.create(decided), new Replay(producer, head), consumer, pushHandlerFactory, context, callback);
    }

    private static String path(URI uri) {
        String path = (uri.getRawPath() != null && !uri.getRawPath().isEmpty()) ? uri.getRawPath() : "/";
        return (uri.getRawQuery() != null) ? path + "?" + uri.getRawQuery() : path;
    }

    private static <T> Future<T> failed(
            AsyncRequestProducer producer, @Nullable FutureCallback<T> callback, Exception ex) {
        producer.failed(ex);
        producer.releaseResources();
        BasicFuture<T> future = new BasicFuture<>(callback);
        future.failed(ex);
        return future;
    }

    private static <T> Future<T> stub(
            OutboundStub stub,
            AsyncResponseConsumer<T> consumer,
            @Nullable HttpContext context,
            @Nullable FutureCallback<T> callback) {
        BasicFuture<T> future = new BasicFuture<>(callback);
        String contentType = (stub.contentType() != null) ? stub.contentType() : ContentType.TEXT_PLAIN.toString();
        byte[] body = stub.body().getBytes(StandardCharsets.UTF_8);
        BasicHttpResponse response = new BasicHttpResponse(stub.status());
        response.setHeader("Content-Type", contentType);
        EntityDetails entity = (body.length > 0 && stub.status() != HttpStatus.SC_NO_CONTENT)
                ? new BasicEntityDetails(body.length, ContentType.parse(contentType))
                : null;
        try {
            consumer.consumeResponse(response, entity, context, new FutureCallback<T>() {
                @Override
                public void completed(T result) {
                    future.completed(result);
                }

                @Override
                public void failed(Exception ex) {
                    future.failed(ex);
                }

                @Override
                public void cancelled() {
                    future.cancel();
                }
            });
            if (entity != null) {
                consumer.consume(ByteBuffer.wrap(body));
                consumer.streamEnd(null);
            }
        } catch (HttpException | IOException | RuntimeException ex) {
            consumer.failed(ex);
            future.failed(ex);
        } finally {
            consumer.releaseResources();
        }
        return future;
    }

    @Override
    public void start() {
        this.client.start();
    }

    @Override
    public IOReactorStatus getStatus() {
        return this.client.getStatus();
    }

    @Override
    public void awaitShutdown(TimeValue waitTime) throws InterruptedException {
        this.client.awaitShutdown(waitTime);
    }

    @Override
    public void initiateShutdown() {
        this.client.initiateShutdown();
    }

    @Override
    @Deprecated
    @SuppressWarnings("deprecation")
    public void register(String hostname, String uriPattern, Supplier<AsyncPushConsumer> supplier) {
        this.client.register(hostname, uriPattern, supplier);
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

    /**
     * Takes the request head an application's producer sends, before the call is decided.
     */
    private static final class Head implements RequestChannel {

        private @Nullable HttpRequest request;

        private @Nullable EntityDetails entity;

        @Override
        public void sendRequest(HttpRequest request, @Nullable EntityDetails entity, @Nullable HttpContext context) {
            this.request = request;
            this.entity = entity;
        }

        HttpRequest request() throws IOException {
            if (this.request == null) {
                throw new IOException("The request producer did not send its request head when asked: a shadow "
                        + "call cannot be judged, so it is not sent");
            }
            return this.request;
        }
    }

    /**
     * Sends the head taken earlier (changed by the decision) and the application's body.
     */
    private record Replay(AsyncRequestProducer producer, Head head) implements AsyncRequestProducer {

        @Override
        public void sendRequest(RequestChannel channel, @Nullable HttpContext context)
                throws HttpException, IOException {
            channel.sendRequest(this.head.request(), this.head.entity, context);
        }

        @Override
        public boolean isRepeatable() {
            return this.producer.isRepeatable();
        }

        @Override
        public void failed(Exception cause) {
            this.producer.failed(cause);
        }

        @Override
        public int available() {
            return this.producer.available();
        }

        @Override
        public void produce(DataStreamChannel channel) throws IOException {
            this.producer.produce(channel);
        }

        @Override
        public void releaseResources() {
            this.producer.releaseResources();
        }
    }
}
