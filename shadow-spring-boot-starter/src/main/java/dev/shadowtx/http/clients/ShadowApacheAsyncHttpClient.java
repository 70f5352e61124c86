package dev.shadowtx.http.clients;

import dev.shadowtx.core.context.ShadowContextHolder;
import dev.shadowtx.core.outbound.OutboundDecision;
import dev.shadowtx.core.outbound.OutboundStub;
import dev.shadowtx.core.outbound.Redirects;
import dev.shadowtx.http.DecidedCalls;
import dev.shadowtx.http.GuardedClients;
import java.io.IOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.async.CloseableHttpAsyncClient;
import org.apache.hc.client5.http.protocol.HttpClientContext;
import org.apache.hc.core5.concurrent.BasicFuture;
import org.apache.hc.core5.concurrent.ComplexFuture;
import org.apache.hc.core5.concurrent.FutureCallback;
import org.apache.hc.core5.function.Supplier;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.EntityDetails;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpException;
import org.apache.hc.core5.http.HttpHost;
import org.apache.hc.core5.http.HttpRequest;
import org.apache.hc.core5.http.HttpResponse;
import org.apache.hc.core5.http.HttpStatus;
import org.apache.hc.core5.http.impl.BasicEntityDetails;
import org.apache.hc.core5.http.message.BasicHttpRequest;
import org.apache.hc.core5.http.message.BasicHttpResponse;
import org.apache.hc.core5.http.nio.AsyncPushConsumer;
import org.apache.hc.core5.http.nio.AsyncRequestProducer;
import org.apache.hc.core5.http.nio.AsyncResponseConsumer;
import org.apache.hc.core5.http.nio.CapacityChannel;
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
 * unit of work that made it; its body is then streamed by the application's producer as usual. A
 * call that a {@code WebClient} decided already, and sends through this client
 * ({@code HttpComponentsClientHttpConnector} over the bean), is carried out as decided there, not
 * decided again ({@link DecidedCalls}).
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
        GuardedClients.add(this);
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
        if (ShadowContextHolder.current() == null && DecidedCalls.carried() == null) {
            return this.client.execute(target, producer, consumer, pushHandlerFactory, context, callback);
        }
        Head head = new Head();
        HttpRequest request;
        OutboundDecision decision;
        try {
            producer.sendRequest(head, context);
            request = head.request();
            URI planned = ApacheRequests.uri(target, request);
            OutboundDecision above = DecidedCalls.take(request.getMethod(), planned);
            decision = (above != null) ? above : this.calls.decide(request.getMethod(), planned);
        } catch (HttpException | IOException | RuntimeException ex) {
            return failed(producer, callback, ex);
        }
        if (decision == null) {
            return this.client.execute(
                    target,
                    new Replay(producer, request, head.entity, true),
                    consumer,
                    pushHandlerFactory,
                    context,
                    callback);
        }
        if (decision.isBlocked()) {
            OutboundStub stub = decision.stub();
            if (stub == null) {
                return failed(producer, callback, decision.toException());
            }
            producer.releaseResources();
            return stub(stub, consumer, context, new BasicFuture<>(callback));
        }
        return new Follow<>(producer, head.entity, consumer, pushHandlerFactory, context, callback)
                .start(request, decision);
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
            BasicFuture<T> future) {
        String contentType = (stub.contentType() != null) ? stub.contentType() : ContentType.TEXT_PLAIN.toString();
        byte[] body = stub.body().getBytes(StandardCharsets.UTF_8);
        BasicHttpResponse response = new BasicHttpResponse(stub.status());
        response.setHeader("Content-Type", contentType);
        EntityDetails entity = (body.length > 0 && stub.status() != HttpStatus.SC_NO_CONTENT)
                ? new BasicEntityDetails(body.length, ContentType.parse(contentType))
                : null;
        try {
            consumer.consumeResponse(response, entity, context, new Forward<>(future));
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
     * Sends a request head (the one taken earlier, changed by the decision, or the head of a
     * redirected request) and the application's body, if the head has one. The requests of a
     * followed call leave the release of the application's producer to the call, which sends its
     * body again after a redirect that keeps it.
     */
    private record Replay(
            AsyncRequestProducer producer,
            HttpRequest request,
            @Nullable EntityDetails entity,
            boolean releases) implements AsyncRequestProducer {

        @Override
        public void sendRequest(RequestChannel channel, @Nullable HttpContext context)
                throws HttpException, IOException {
            channel.sendRequest(this.request, this.entity, context);
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
            if (this.releases) {
                this.producer.releaseResources();
            }
        }
    }

    /**
     * A redirect answered to one request of a shadow call, to decide before it is followed.
     */
    private record Redirected(int status, URI location) {}

    /**
     * One shadow call, sent with a request configuration that does not follow redirects (set on
     * the call's context, restored when the call ends); the redirects the application's
     * configuration would follow are followed here, one request at a time: each is decided by the destination's rule before it is followed, and only
     * the final answer reaches the application's consumer.
     */
    private final class Follow<T> {

        private final AsyncRequestProducer producer;

        private final @Nullable EntityDetails entity;

        private final AsyncResponseConsumer<T> consumer;

        private final @Nullable HandlerFactory<AsyncPushConsumer> pushHandlerFactory;

        private final HttpClientContext context;

        private final @Nullable RequestConfig given;

        private final AtomicBoolean ended = new AtomicBoolean();

        private int limit;

        private final ComplexFuture<T> future;

        Follow(
                AsyncRequestProducer producer,
                @Nullable EntityDetails entity,
                AsyncResponseConsumer<T> consumer,
                @Nullable HandlerFactory<AsyncPushConsumer> pushHandlerFactory,
                @Nullable HttpContext context,
                @Nullable FutureCallback<T> callback) {
            this.producer = producer;
            this.entity = entity;
            this.consumer = consumer;
            this.pushHandlerFactory = pushHandlerFactory;
            this.context = HttpClientContext.castOrCreate(context);
            this.given = this.context.getRequestConfig();
            this.future = new ComplexFuture<>(callback);
        }

        Future<T> start(HttpRequest request, OutboundDecision decision) {
            RequestConfig config =
                    ApacheRequests.config(request, this.context, ShadowApacheAsyncHttpClient.this.client);
            this.limit = ApacheRequests.redirectsFollowed(config);
            this.context.setRequestConfig(RequestConfig.copy((config != null) ? config : RequestConfig.DEFAULT)
                    .setRedirectsEnabled(false)
                    .build());
            HttpRequest first = copy(request, decision.target(), request.getMethod());
            ShadowApacheAsyncHttpClient.this.calls.mark(decision, new ApacheRequests.Headers(first));
            send(first, this.entity, decision, 0);
            return this.future;
        }

        private void send(HttpRequest request, @Nullable EntityDetails body, OutboundDecision current, int followed) {
            if (followed > 0 && body != null) {
                // a repeatable producer starts its body again once released
                this.producer.releaseResources();
            }
            Future<Object> hop = ShadowApacheAsyncHttpClient.this.client.execute(
                    HttpHost.create(current.target()),
                    new Replay(this.producer, request, body, false),
                    new Hop(current, followed, body != null),
                    this.pushHandlerFactory,
                    this.context,
                    new FutureCallback<Object>() {
                        @Override
                        public void completed(Object result) {
                            next(request, body, current, followed, result);
                        }

                        @Override
                        public void failed(Exception ex) {
                            end();
                            Follow.this.future.failed(ex);
                        }

                        @Override
                        public void cancelled() {
                            end();
                            Follow.this.future.cancel();
                        }
                    });
            this.future.setDependency(hop);
        }

        @SuppressWarnings("unchecked")
        private void next(
                HttpRequest sent, @Nullable EntityDetails body, OutboundDecision current, int followed, Object result) {
            if (!(result instanceof Redirected redirected)) {
                end();
                this.future.completed((T) result);
                return;
            }
            try {
                ShadowCalls calls = ShadowApacheAsyncHttpClient.this.calls;
                OutboundDecision next = calls.decideRedirect(current, redirected.status(), redirected.location());
                if (next.isBlocked()) {
                    end();
                    OutboundStub stub = ShadowCalls.stubOrThrow(next);
                    stub(stub, this.consumer, this.context, this.future);
                    return;
                }
                HttpRequest hop = copy(sent, next.target(), next.call().method());
                boolean keepsBody =
                        Redirects.keepsBody(redirected.status(), current.call().method());
                calls.prepareRedirect(current, next, redirected.status(), new ApacheRequests.Headers(hop));
                send(hop, keepsBody ? body : null, next, followed + 1);
            } catch (RuntimeException ex) {
                this.producer.failed(ex);
                end();
                this.consumer.failed(ex);
                this.consumer.releaseResources();
                this.future.failed(ex);
            }
        }

        /**
         * Restore the context's request configuration and release the application's producer,
         * once, when the call ends in any way.
         */
        private void end() {
            if (this.ended.compareAndSet(false, true)) {
                this.context.setRequestConfig(this.given);
                this.producer.releaseResources();
            }
        }

        /**
         * Takes the answer to one request: a redirect to decide is read and dropped here, any
         * other answer goes to the application's consumer.
         */
        private final class Hop implements AsyncResponseConsumer<Object> {

            private final OutboundDecision current;

            private final int followed;

            private final boolean sendsBody;

            private @Nullable Redirected redirect;

            private @Nullable FutureCallback<Object> result;

            Hop(OutboundDecision current, int followed, boolean sendsBody) {
                this.current = current;
                this.followed = followed;
                this.sendsBody = sendsBody;
            }

            @Override
            public void consumeResponse(
                    HttpResponse response,
                    @Nullable EntityDetails entityDetails,
                    @Nullable HttpContext context,
                    FutureCallback<Object> resultCallback)
                    throws HttpException, IOException {
                int status = response.getCode();
                Header header = response.getFirstHeader("Location");
                URI location = (this.followed < Follow.this.limit)
                        ? ShadowCalls.redirectToFollow(
                                this.current, status, (header != null) ? header.getValue() : null, this.followed)
                        : null;
                boolean keepsBody =
                        Redirects.keepsBody(status, this.current.call().method());
                if (location != null && !(keepsBody && this.sendsBody && !Follow.this.producer.isRepeatable())) {
                    this.redirect = new Redirected(status, location);
                    this.result = resultCallback;
                    if (entityDetails == null) {
                        resultCallback.completed(this.redirect);
                    }
                    return;
                }
                // a callback of Object takes the consumer's result whatever its type
                @SuppressWarnings("unchecked")
                FutureCallback<T> forward = (FutureCallback<T>) (FutureCallback<?>) resultCallback;
                Follow.this.consumer.consumeResponse(response, entityDetails, context, forward);
            }

            @Override
            public void informationResponse(HttpResponse response, @Nullable HttpContext context)
                    throws HttpException, IOException {
                Follow.this.consumer.informationResponse(response, context);
            }

            @Override
            public void updateCapacity(CapacityChannel capacityChannel) throws IOException {
                if (this.redirect != null) {
                    capacityChannel.update(Integer.MAX_VALUE);
                } else {
                    Follow.this.consumer.updateCapacity(capacityChannel);
                }
            }

            @Override
            public void consume(ByteBuffer src) throws IOException {
                if (this.redirect == null) {
                    Follow.this.consumer.consume(src);
                }
            }

            @Override
            public void streamEnd(@Nullable List<? extends Header> trailers) throws HttpException, IOException {
                if (this.redirect == null) {
                    Follow.this.consumer.streamEnd(trailers);
                } else if (this.result != null) {
                    this.result.completed(this.redirect);
                }
            }

            @Override
            public void failed(Exception cause) {
                Follow.this.consumer.failed(cause);
            }

            @Override
            public void releaseResources() {
                if (this.redirect == null) {
                    Follow.this.consumer.releaseResources();
                }
            }
        }
    }

    /**
     * Completes the future of a call with the stub answer the application's consumer made.
     */
    private record Forward<T>(BasicFuture<T> future) implements FutureCallback<T> {

        @Override
        public void completed(T result) {
            this.future.completed(result);
        }

        @Override
        public void failed(Exception ex) {
            this.future.failed(ex);
        }

        @Override
        public void cancelled() {
            this.future.cancel();
        }
    }

    private static HttpRequest copy(HttpRequest request, URI uri, String method) {
        BasicHttpRequest copy = new BasicHttpRequest(method, uri);
        copy.setVersion(request.getVersion());
        copy.setHeaders(request.getHeaders());
        return copy;
    }
}
