package dev.shadowtx.web.servlet;

import dev.shadowtx.core.marker.RejectionReason;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/**
 * Writes the RFC 9457 problem responses of the filter. The bodies are built only from constants,
 * never from request data.
 */
final class ProblemResponses {

    /**
     * Problem type of a refused marker.
     */
    static final String MARKER_REJECTED_TYPE = "urn:shadowtx:problem:marker-rejected";

    private ProblemResponses() {}

    /**
     * Problem type of a shadow request refused by the bulkhead.
     */
    static final String SHADOW_SHED_TYPE = "urn:shadowtx:problem:shadow-capacity";

    /**
     * Problem type of a shadow request refused by the rate limit.
     */
    static final String SHADOW_RATE_TYPE = "urn:shadowtx:problem:shadow-rate";

    static void rejectMarker(HttpServletResponse response, RejectionReason reason) throws IOException {
        write(
                response,
                HttpServletResponse.SC_FORBIDDEN,
                "{\"type\":\"" + MARKER_REJECTED_TYPE + "\",\"title\":\"Shadow marker rejected\","
                        + "\"status\":403,\"detail\":\"" + reason.description() + "\",\"reason\":\"" + reason.code()
                        + "\"}");
    }

    static void shed(HttpServletResponse response) throws IOException {
        write(
                response,
                HttpServletResponse.SC_SERVICE_UNAVAILABLE,
                "{\"type\":\"" + SHADOW_SHED_TYPE
                        + "\",\"title\":\"Shadow capacity exceeded\",\"status\":503,"
                        + "\"detail\":\"Too many shadow requests are running; live traffic is not affected\"}");
    }

    static void rateLimited(HttpServletResponse response, long nanosUntilNextPermit) throws IOException {
        long seconds = Math.max(1L, TimeUnit.NANOSECONDS.toSeconds(nanosUntilNextPermit + 999_999_999L));
        response.setHeader("Retry-After", Long.toString(seconds));
        write(
                response,
                HttpServletResponse.SC_SERVICE_UNAVAILABLE,
                "{\"type\":\"" + SHADOW_RATE_TYPE
                        + "\",\"title\":\"Shadow rate exceeded\",\"status\":503,"
                        + "\"detail\":\"Too many shadow requests per second; live traffic is not affected\"}");
    }

    private static void write(HttpServletResponse response, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        response.resetBuffer();
        response.setStatus(status);
        response.setContentType("application/problem+json");
        response.setCharacterEncoding(StandardCharsets.UTF_8.name());
        response.setContentLength(bytes.length);
        response.getOutputStream().write(bytes);
        response.flushBuffer();
    }
}
