package dev.shadowtx.compare.capture.servlet;

import dev.shadowtx.compare.capture.CapturedExchange;
import dev.shadowtx.compare.capture.CorrelationIds;
import dev.shadowtx.compare.capture.ExchangeCapture;
import dev.shadowtx.core.context.ShadowContextHolder;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jspecify.annotations.Nullable;
import org.springframework.core.MethodParameter;
import org.springframework.core.Ordered;
import org.springframework.core.ResolvableType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.HandlerMapping;
import org.springframework.web.servlet.mvc.method.annotation.ResponseBodyEmitter;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;

/**
 * Captures each sampled request of a servlet application: copies the request and response bodies
 * as they pass (up to the size limit), and when the response is complete, hands the exchange to
 * the publisher with its matched route, status and chosen headers. Runs after the shadow filter,
 * so the exchange's mode is the one the request was served in.
 * <p>
 * At sample rate 0 it passes every request straight on without reading anything. Streaming
 * responses (server-sent events, {@link StreamingResponseBody}, {@link ResponseBodyEmitter},
 * NDJSON) are not captured, only counted. Requests that continue asynchronously (for example a
 * {@code DeferredResult}) are captured when their async processing completes.
 */
public class ExchangeCaptureFilter implements Filter, Ordered {

    /**
     * Order of the filter: right after the shadow filter, before observation and security filters.
     */
    public static final int ORDER = Ordered.HIGHEST_PRECEDENCE + 5;

    private static final CorrelationIds.HeaderReader<HttpServletRequest> REQUEST_HEADERS =
            HttpServletRequest::getHeader;

    private static final CorrelationIds.HeaderReader<HttpServletResponse> RESPONSE_HEADERS =
            HttpServletResponse::getHeader;

    private final ExchangeCapture capture;

    /**
     * Create the filter.
     * @param capture what is captured and where it goes
     */
    public ExchangeCaptureFilter(ExchangeCapture capture) {
        this.capture = capture;
    }

    @Override
    public int getOrder() {
        return ORDER;
    }

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        if (this.capture.capturesNothing()
                || !(request instanceof HttpServletRequest http)
                || !(response instanceof HttpServletResponse httpResponse)) {
            chain.doFilter(request, response);
            return;
        }
        String id = this.capture.sampledId(http, REQUEST_HEADERS);
        if (id == null) {
            chain.doFilter(request, response);
            return;
        }
        CapturedExchange exchange = this.capture.start(
                id,
                ShadowContextHolder.current(),
                http.getMethod(),
                http.getRequestURI(),
                http.getQueryString(),
                http,
                REQUEST_HEADERS,
                http.getContentType());
        CapturingRequest capturingRequest = new CapturingRequest(http, exchange);
        CapturingResponse capturingResponse = new CapturingResponse(httpResponse, exchange.responseBody());
        boolean completed = false;
        try {
            chain.doFilter(capturingRequest, capturingResponse);
            completed = true;
        } finally {
            if (completed && http.isAsyncStarted()) {
                finishWhenAsyncCompletes(http, httpResponse, exchange);
            } else {
                finish(http, httpResponse, exchange, completed);
            }
        }
    }

    private void finishWhenAsyncCompletes(
            HttpServletRequest request, HttpServletResponse response, CapturedExchange exchange) {
        if (isStreaming(request, response)) {
            this.capture.skipStreaming(exchange);
            return;
        }
        AtomicBoolean done = new AtomicBoolean();
        request.getAsyncContext().addListener(new AsyncListener() {

            @Override
            public void onComplete(AsyncEvent event) {
                if (done.compareAndSet(false, true)) {
                    finish(request, response, exchange, true);
                }
            }

            @Override
            public void onTimeout(AsyncEvent event) {
                // the container completes the request after a timeout: captured in onComplete
            }

            @Override
            public void onError(AsyncEvent event) {
                // the container completes the request after an error: captured in onComplete
            }

            @Override
            public void onStartAsync(AsyncEvent event) {
                event.getAsyncContext().addListener(this);
            }
        });
    }

    private void finish(
            HttpServletRequest request, HttpServletResponse response, CapturedExchange exchange, boolean completed) {
        if (isStreaming(request, response)) {
            this.capture.skipStreaming(exchange);
            return;
        }
        int status = completed ? response.getStatus() : HttpServletResponse.SC_INTERNAL_SERVER_ERROR;
        exchange.complete(
                route(request),
                status,
                this.capture.responseHeaderValues(response, RESPONSE_HEADERS),
                response.getContentType());
        this.capture.finish(exchange);
    }

    private static @Nullable String route(HttpServletRequest request) {
        Object pattern = request.getAttribute(HandlerMapping.BEST_MATCHING_PATTERN_ATTRIBUTE);
        return (pattern != null) ? pattern.toString() : null;
    }

    private static boolean isStreaming(HttpServletRequest request, HttpServletResponse response) {
        if (ExchangeCapture.isStreamingContentType(response.getContentType())) {
            return true;
        }
        return request.getAttribute(HandlerMapping.BEST_MATCHING_HANDLER_ATTRIBUTE) instanceof HandlerMethod handler
                && isStreamingReturnType(handler.getReturnType());
    }

    private static boolean isStreamingReturnType(MethodParameter returnType) {
        Class<?> type = returnType.getParameterType();
        if (ResponseEntity.class.isAssignableFrom(type)) {
            type = ResolvableType.forMethodParameter(returnType).getGeneric(0).resolve(Object.class);
        }
        return StreamingResponseBody.class.isAssignableFrom(type) || ResponseBodyEmitter.class.isAssignableFrom(type);
    }
}
