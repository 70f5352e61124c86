package dev.shadowtx.compare.capture;

import dev.shadowtx.core.context.ShadowContext;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * What the servlet filter and the WebFlux filter share: which requests are captured, which
 * headers are kept, how much of a body, and where finished captures go.
 */
public final class ExchangeCapture {

    private final ExchangeSampler sampler;

    private final CorrelationIds correlationIds;

    private final String[] requestHeaders;

    private final String[] responseHeaders;

    private final int maxBodySize;

    private final ChunkPool chunks;

    private final ExchangePublisher publisher;

    /**
     * Create the capture.
     * @param sampler which ids are captured
     * @param correlationIds how the id is found
     * @param requestHeaders request headers kept in records
     * @param responseHeaders response headers kept in records
     * @param maxBodySize bytes of a body kept at most
     * @param chunks where body bytes are copied
     * @param publisher where finished captures go
     */
    public ExchangeCapture(
            ExchangeSampler sampler,
            CorrelationIds correlationIds,
            List<String> requestHeaders,
            List<String> responseHeaders,
            int maxBodySize,
            ChunkPool chunks,
            ExchangePublisher publisher) {
        if (maxBodySize < 0) {
            throw new IllegalArgumentException("shadow.compare.capture.max-body-size must not be negative");
        }
        this.sampler = sampler;
        this.correlationIds = correlationIds;
        this.requestHeaders = lowerCase(requestHeaders);
        this.responseHeaders = lowerCase(responseHeaders);
        this.maxBodySize = maxBodySize;
        this.chunks = chunks;
        this.publisher = publisher;
    }

    private static String[] lowerCase(List<String> names) {
        return names.stream()
                .map((name) -> name.trim().toLowerCase(Locale.ROOT))
                .toArray(String[]::new);
    }

    /**
     * Whether no request is ever captured (sample rate 0), so the request path can skip every check.
     * @return {@code true} at sample rate 0
     */
    public boolean capturesNothing() {
        return this.sampler.samplesNothing();
    }

    /**
     * Return the correlation id of a request if it is sampled.
     * @param headers what holds the request's headers
     * @param reader how a header is read from it
     * @param <C> what holds the headers
     * @return the id when the request is to be captured, else {@code null}
     */
    public <C> @Nullable String sampledId(C headers, CorrelationIds.HeaderReader<C> reader) {
        String id = this.correlationIds.resolve(headers, reader);
        return (id != null && this.sampler.samples(id)) ? id : null;
    }

    /**
     * Start capturing a sampled request.
     * @param id its correlation id
     * @param context its shadow context, {@code null} when live
     * @param method the HTTP method
     * @param path the path
     * @param query the raw query, or {@code null}
     * @param headers what holds the request's headers
     * @param reader how a header is read from it
     * @param contentType the request's content type, or {@code null}
     * @param <C> what holds the headers
     * @return the capture, to complete and {@link #finish} when the response is done
     */
    public <C> CapturedExchange start(
            String id,
            @Nullable ShadowContext context,
            String method,
            String path,
            @Nullable String query,
            C headers,
            CorrelationIds.HeaderReader<C> reader,
            @Nullable String contentType) {
        return new CapturedExchange(
                id,
                context,
                method,
                path,
                query,
                values(this.requestHeaders, headers, reader),
                contentType,
                this.maxBodySize,
                this.chunks);
    }

    /**
     * Read the kept response headers.
     * @param headers what holds the response's headers
     * @param reader how a header is read from it
     * @param <C> what holds the headers
     * @return their values in the configured order ({@code null} where absent)
     */
    public <C> @Nullable String[] responseHeaderValues(C headers, CorrelationIds.HeaderReader<C> reader) {
        return values(this.responseHeaders, headers, reader);
    }

    private static <C> @Nullable String[] values(String[] names, C headers, CorrelationIds.HeaderReader<C> reader) {
        @Nullable String[] values = new String[names.length];
        for (int i = 0; i < names.length; i++) {
            values[i] = reader.get(headers, names[i]);
        }
        return values;
    }

    /**
     * Hand a completed capture to the publisher.
     * @param exchange the capture
     */
    public void finish(CapturedExchange exchange) {
        this.publisher.offer(exchange);
    }

    /**
     * Drop a capture because its response is a stream, and count it.
     * @param exchange the capture
     */
    public void skipStreaming(CapturedExchange exchange) {
        this.publisher.skipStreaming(exchange);
    }

    /**
     * Whether a response content type is a stream (server-sent events, NDJSON, JSON streams):
     * such responses are not captured.
     * @param contentType the content type, or {@code null}
     * @return {@code true} for a stream
     */
    public static boolean isStreamingContentType(@Nullable String contentType) {
        if (contentType == null) {
            return false;
        }
        String type = contentType.toLowerCase(Locale.ROOT);
        return type.startsWith("text/event-stream")
                || type.startsWith("application/x-ndjson")
                || type.startsWith("application/ndjson")
                || type.startsWith("application/stream+json")
                || type.startsWith("application/jsonl")
                || type.startsWith("application/json-seq");
    }
}
