package dev.shadowtx.compare.capture.reactive;

import dev.shadowtx.compare.capture.BodyCapture;
import dev.shadowtx.compare.capture.CapturedExchange;
import dev.shadowtx.compare.capture.CorrelationIds;
import dev.shadowtx.compare.capture.ExchangeCapture;
import dev.shadowtx.core.context.ShadowContext;
import dev.shadowtx.web.reactive.ShadowWebFilter;
import java.nio.ByteBuffer;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jspecify.annotations.Nullable;
import org.reactivestreams.Publisher;
import org.springframework.core.Ordered;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpRequestDecorator;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.http.server.reactive.ServerHttpResponseDecorator;
import org.springframework.web.ErrorResponse;
import org.springframework.web.reactive.HandlerMapping;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Captures each sampled exchange of a WebFlux application: copies the request and response body
 * buffers as they pass (up to the size limit) and, when the handling completes, hands the
 * exchange to the publisher with its matched route, status and chosen headers. Runs after the
 * shadow web filter, so the exchange's mode is the one it was served in.
 * <p>
 * Streamed responses ({@code Flux} bodies written with flushes, server-sent events, NDJSON) are
 * not captured, only counted. When the handling fails, the exchange is captured with the status of
 * the error ({@code 500} unless the exception carries one) and no response body: WebFlux renders
 * error bodies after the filters, where they cannot be seen.
 */
public class ExchangeCaptureWebFilter implements WebFilter, Ordered {

    /**
     * Order of the filter: right after the shadow web filter.
     */
    public static final int ORDER = Ordered.HIGHEST_PRECEDENCE + 5;

    private static final CorrelationIds.HeaderReader<HttpHeaders> HEADERS = HttpHeaders::getFirst;

    private final ExchangeCapture capture;

    /**
     * Create the filter.
     * @param capture what is captured and where it goes
     */
    public ExchangeCaptureWebFilter(ExchangeCapture capture) {
        this.capture = capture;
    }

    @Override
    public int getOrder() {
        return ORDER;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        if (this.capture.capturesNothing()) {
            return chain.filter(exchange);
        }
        ServerHttpRequest request = exchange.getRequest();
        HttpHeaders headers = request.getHeaders();
        String id = this.capture.sampledId(headers, HEADERS);
        if (id == null) {
            return chain.filter(exchange);
        }
        ShadowContext context = exchange.getAttribute(ShadowWebFilter.CONTEXT_ATTRIBUTE);
        CapturedExchange captured = this.capture.start(
                id,
                context,
                request.getMethod().name(),
                request.getPath().value(),
                request.getURI().getRawQuery(),
                headers,
                HEADERS,
                headers.getFirst(HttpHeaders.CONTENT_TYPE));
        CapturingResponse response = new CapturingResponse(exchange.getResponse(), captured.responseBody());
        ServerWebExchange capturing = exchange.mutate()
                .request(new CapturingRequest(request, captured))
                .response(response)
                .build();
        AtomicBoolean done = new AtomicBoolean();
        return chain.filter(capturing)
                .doOnSuccess((ignored) -> {
                    if (done.compareAndSet(false, true)) {
                        finish(exchange, response, captured, null);
                    }
                })
                .doOnError((error) -> {
                    if (done.compareAndSet(false, true)) {
                        finish(exchange, response, captured, error);
                    }
                })
                .doOnCancel(() -> {
                    if (done.compareAndSet(false, true)) {
                        captured.release();
                    }
                });
    }

    private void finish(
            ServerWebExchange exchange,
            CapturingResponse response,
            CapturedExchange captured,
            @Nullable Throwable error) {
        HttpHeaders headers = response.getHeaders();
        String contentType = headers.getFirst(HttpHeaders.CONTENT_TYPE);
        if (response.streaming || ExchangeCapture.isStreamingContentType(contentType)) {
            this.capture.skipStreaming(captured);
            return;
        }
        Object pattern = exchange.getAttribute(HandlerMapping.BEST_MATCHING_PATTERN_ATTRIBUTE);
        captured.complete(
                (pattern != null) ? pattern.toString() : null,
                status(response, error),
                this.capture.responseHeaderValues(headers, HEADERS),
                contentType);
        this.capture.finish(captured);
    }

    private static int status(ServerHttpResponse response, @Nullable Throwable error) {
        if (error instanceof ErrorResponse errorResponse) {
            return errorResponse.getStatusCode().value();
        }
        if (error != null) {
            return 500;
        }
        HttpStatusCode status = response.getStatusCode();
        return (status != null) ? status.value() : 200;
    }

    private static void copy(DataBuffer buffer, BodyCapture body) {
        try (DataBuffer.ByteBufferIterator buffers = buffer.readableByteBuffers()) {
            while (buffers.hasNext()) {
                ByteBuffer next = buffers.next();
                body.write(next);
            }
        }
    }

    private static final class CapturingRequest extends ServerHttpRequestDecorator {

        private final CapturedExchange exchange;

        CapturingRequest(ServerHttpRequest delegate, CapturedExchange exchange) {
            super(delegate);
            this.exchange = exchange;
        }

        @Override
        public Flux<DataBuffer> getBody() {
            BodyCapture body = this.exchange.requestBody();
            return super.getBody().doOnNext((buffer) -> copy(buffer, body));
        }
    }

    private static final class CapturingResponse extends ServerHttpResponseDecorator {

        private final BodyCapture body;

        volatile boolean streaming;

        CapturingResponse(ServerHttpResponse delegate, BodyCapture body) {
            super(delegate);
            this.body = body;
        }

        @Override
        public Mono<Void> writeWith(Publisher<? extends DataBuffer> body) {
            if (ExchangeCapture.isStreamingContentType(getHeaders().getFirst(HttpHeaders.CONTENT_TYPE))) {
                this.streaming = true;
                return super.writeWith(body);
            }
            return super.writeWith(Flux.from(body).doOnNext((buffer) -> copy(buffer, this.body)));
        }

        @Override
        public Mono<Void> writeAndFlushWith(Publisher<? extends Publisher<? extends DataBuffer>> body) {
            this.streaming = true;
            return super.writeAndFlushWith(body);
        }
    }
}
