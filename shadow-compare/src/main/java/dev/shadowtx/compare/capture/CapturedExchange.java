package dev.shadowtx.compare.capture;

import dev.shadowtx.core.context.ShadowContext;
import dev.shadowtx.core.context.ShadowMode;
import org.jspecify.annotations.Nullable;

/**
 * What was captured of one exchange, as raw as the request thread can leave it: header values as
 * read, bodies as bytes. Redaction, decoding and JSON happen on the publisher thread, so the
 * request pays only for copying.
 */
public final class CapturedExchange {

    private static final @Nullable String[] NO_HEADERS = new String[0];

    private final String id;

    private final String mode;

    private final long epochMillis;

    private final long startNanos;

    private final String method;

    private final String path;

    private final @Nullable String query;

    private final @Nullable String[] requestHeaders;

    private final @Nullable String requestContentType;

    private final int maxBodySize;

    private final ChunkPool chunks;

    /**
     * Made when the application first reads the request body: most requests have none.
     */
    private @Nullable BodyCapture requestBody;

    private final BodyCapture responseBody;

    private @Nullable String route;

    private int status;

    private @Nullable String[] responseHeaders;

    private @Nullable String responseContentType;

    private long durationNanos;

    /**
     * Start capturing an exchange as it arrives.
     * @param id the correlation id
     * @param context the shadow context of the request, {@code null} when live
     * @param method the HTTP method
     * @param path the request path
     * @param query the raw query string, or {@code null}
     * @param requestHeaders values of the chosen request headers, in the order they are chosen
     * (an element is {@code null} when the header is absent)
     * @param requestContentType the request's content type, or {@code null}
     * @param maxBodySize bytes of a body kept at most
     * @param chunks where body bytes are copied
     */
    public CapturedExchange(
            String id,
            @Nullable ShadowContext context,
            String method,
            String path,
            @Nullable String query,
            @Nullable String[] requestHeaders,
            @Nullable String requestContentType,
            int maxBodySize,
            ChunkPool chunks) {
        this.id = id;
        this.mode = mode(context);
        this.epochMillis = System.currentTimeMillis();
        this.startNanos = System.nanoTime();
        this.method = method;
        this.path = path;
        this.query = query;
        this.requestHeaders = requestHeaders;
        this.requestContentType = requestContentType;
        this.maxBodySize = maxBodySize;
        this.chunks = chunks;
        this.responseBody = new BodyCapture(maxBodySize, chunks);
        this.responseHeaders = NO_HEADERS;
    }

    private static String mode(@Nullable ShadowContext context) {
        if (context == null) {
            return "live";
        }
        return (context.mode() == ShadowMode.SYNTHETIC) ? "synthetic" : "shadow";
    }

    /**
     * Record how the exchange ended.
     * @param route the matched route pattern, or {@code null} when no handler matched
     * @param status the response status
     * @param responseHeaders values of the chosen response headers, in the order they are chosen
     * @param responseContentType the response's content type, or {@code null}
     */
    public void complete(
            @Nullable String route,
            int status,
            @Nullable String[] responseHeaders,
            @Nullable String responseContentType) {
        this.route = route;
        this.status = status;
        this.responseHeaders = responseHeaders;
        this.responseContentType = responseContentType;
        this.durationNanos = System.nanoTime() - this.startNanos;
    }

    /**
     * Give the body chunks back: the record is published or dropped.
     */
    public void release() {
        BodyCapture requestBody = this.requestBody;
        if (requestBody != null) {
            requestBody.release();
        }
        this.responseBody.release();
    }

    String id() {
        return this.id;
    }

    String mode() {
        return this.mode;
    }

    long epochMillis() {
        return this.epochMillis;
    }

    String method() {
        return this.method;
    }

    String path() {
        return this.path;
    }

    @Nullable
    String query() {
        return this.query;
    }

    @Nullable
    String[] requestHeaders() {
        return this.requestHeaders;
    }

    @Nullable
    String requestContentType() {
        return this.requestContentType;
    }

    /**
     * Where the request body is copied, made on the first call: call it when the application
     * starts reading the body.
     * @return the request body capture
     */
    public BodyCapture requestBody() {
        BodyCapture requestBody = this.requestBody;
        if (requestBody == null) {
            requestBody = new BodyCapture(this.maxBodySize, this.chunks);
            this.requestBody = requestBody;
        }
        return requestBody;
    }

    /**
     * What was kept of the request body, empty when the application did not read it.
     */
    BodyCapture keptRequestBody() {
        BodyCapture requestBody = this.requestBody;
        return (requestBody != null) ? requestBody : BodyCapture.NONE;
    }

    /**
     * Where the response body is copied.
     * @return the response body capture
     */
    public BodyCapture responseBody() {
        return this.responseBody;
    }

    @Nullable
    String route() {
        return this.route;
    }

    int status() {
        return this.status;
    }

    @Nullable
    String[] responseHeaders() {
        return this.responseHeaders;
    }

    @Nullable
    String responseContentType() {
        return this.responseContentType;
    }

    long durationNanos() {
        return this.durationNanos;
    }
}
