package dev.shadowtx.web;

import dev.shadowtx.core.marker.RejectionReason;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * An RFC 9457 problem response with which an inbound filter refuses a marked request. One
 * definition for the servlet and the reactive filters, so both answer byte for byte the same. The
 * bodies are built only from constants, never from request data.
 */
public final class ShadowProblem {

    /**
     * Content type of every problem response.
     */
    public static final String CONTENT_TYPE = "application/problem+json";

    /**
     * Problem type of a refused marker.
     */
    public static final String MARKER_REJECTED_TYPE = "urn:shadowtx:problem:marker-rejected";

    /**
     * Problem type of a shadow request refused by the bulkhead.
     */
    public static final String SHADOW_SHED_TYPE = "urn:shadowtx:problem:shadow-capacity";

    /**
     * Problem type of a shadow request refused by the rate limit.
     */
    public static final String SHADOW_RATE_TYPE = "urn:shadowtx:problem:shadow-rate";

    private static final ShadowProblem CAPACITY = new ShadowProblem(
            503,
            "{\"type\":\"" + SHADOW_SHED_TYPE
                    + "\",\"title\":\"Shadow capacity exceeded\",\"status\":503,"
                    + "\"detail\":\"Too many shadow requests are running; live traffic is not affected\"}",
            null);

    private static final String RATE_BODY = "{\"type\":\"" + SHADOW_RATE_TYPE
            + "\",\"title\":\"Shadow rate exceeded\",\"status\":503,"
            + "\"detail\":\"Too many shadow requests per second; live traffic is not affected\"}";

    private final int status;

    private final byte[] body;

    private final @Nullable String retryAfter;

    private ShadowProblem(int status, String body, @Nullable String retryAfter) {
        this.status = status;
        this.body = body.getBytes(StandardCharsets.UTF_8);
        this.retryAfter = retryAfter;
    }

    /**
     * The 403 answer to a marker from a sender the trust policy refuses.
     * @param reason why the marker was refused
     * @return the problem
     */
    public static ShadowProblem markerRejected(RejectionReason reason) {
        return new ShadowProblem(
                403,
                "{\"type\":\"" + MARKER_REJECTED_TYPE + "\",\"title\":\"Shadow marker rejected\","
                        + "\"status\":403,\"detail\":\"" + reason.description() + "\",\"reason\":\"" + reason.code()
                        + "\"}",
                null);
    }

    /**
     * The 503 answer to a shadow request over the bulkhead's cap.
     * @return the problem
     */
    public static ShadowProblem capacityExceeded() {
        return CAPACITY;
    }

    /**
     * The 503 answer, with {@code Retry-After}, to a shadow request over the rate limit.
     * @param nanosUntilNextPermit time until the next shadow request would be admitted
     * @return the problem
     */
    public static ShadowProblem rateExceeded(long nanosUntilNextPermit) {
        long seconds = Math.max(1L, TimeUnit.NANOSECONDS.toSeconds(nanosUntilNextPermit + 999_999_999L));
        return new ShadowProblem(503, RATE_BODY, Long.toString(seconds));
    }

    /**
     * Return the HTTP status.
     * @return the status code
     */
    public int status() {
        return this.status;
    }

    /**
     * Return the UTF-8 body. The array is shared: never modify it.
     * @return the body
     */
    public byte[] body() {
        return this.body;
    }

    /**
     * Return the value of the {@code Retry-After} header, in whole seconds.
     * @return the value, or {@code null} when the answer has no such header
     */
    public @Nullable String retryAfter() {
        return this.retryAfter;
    }
}
