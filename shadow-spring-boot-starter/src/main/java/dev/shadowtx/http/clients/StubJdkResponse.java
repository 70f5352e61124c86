package dev.shadowtx.http.clients;

import dev.shadowtx.core.outbound.OutboundStub;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import javax.net.ssl.SSLSession;

/**
 * The response of a blocked JDK call that has a stub: the body goes through the caller's body
 * handler, as a real response would, but nothing touched the network.
 * @param <T> the body type
 */
final class StubJdkResponse<T> implements HttpResponse<T> {

    private final HttpRequest request;

    private final int status;

    private final HttpHeaders headers;

    private final T body;

    private StubJdkResponse(HttpRequest request, int status, HttpHeaders headers, T body) {
        this.request = request;
        this.status = status;
        this.headers = headers;
        this.body = body;
    }

    static <T> HttpResponse<T> of(HttpRequest request, OutboundStub stub, HttpResponse.BodyHandler<T> handler)
            throws IOException, InterruptedException {
        byte[] bytes = stub.body().getBytes(StandardCharsets.UTF_8);
        Map<String, List<String>> values = (stub.contentType() != null)
                ? Map.of("Content-Type", List.of(stub.contentType()), "Content-Length", List.of("" + bytes.length))
                : Map.of("Content-Length", List.of("" + bytes.length));
        HttpHeaders headers = HttpHeaders.of(values, (name, value) -> true);
        HttpResponse.BodySubscriber<T> subscriber = handler.apply(new Info(stub.status(), headers));
        subscriber.onSubscribe(new Flow.Subscription() {
            @Override
            public void request(long n) {}

            @Override
            public void cancel() {}
        });
        if (bytes.length > 0) {
            subscriber.onNext(List.of(ByteBuffer.wrap(bytes)));
        }
        subscriber.onComplete();
        try {
            return new StubJdkResponse<>(
                    request,
                    stub.status(),
                    headers,
                    subscriber.getBody().toCompletableFuture().get());
        } catch (ExecutionException ex) {
            throw new IOException("The body handler failed on the stub of a blocked call", ex.getCause());
        }
    }

    @Override
    public int statusCode() {
        return this.status;
    }

    @Override
    public HttpRequest request() {
        return this.request;
    }

    @Override
    public Optional<HttpResponse<T>> previousResponse() {
        return Optional.empty();
    }

    @Override
    public HttpHeaders headers() {
        return this.headers;
    }

    @Override
    public T body() {
        return this.body;
    }

    @Override
    public Optional<SSLSession> sslSession() {
        return Optional.empty();
    }

    @Override
    public URI uri() {
        return this.request.uri();
    }

    @Override
    public HttpClient.Version version() {
        return HttpClient.Version.HTTP_1_1;
    }

    private record Info(int statusCode, HttpHeaders headers) implements HttpResponse.ResponseInfo {

        @Override
        public HttpClient.Version version() {
            return HttpClient.Version.HTTP_1_1;
        }
    }
}
