package dev.shadowtx.web.servlet;

import dev.shadowtx.web.ShadowProblem;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * Writes the {@link ShadowProblem} answers of the filter on a servlet response.
 */
final class ProblemResponses {

    private ProblemResponses() {}

    static void write(HttpServletResponse response, ShadowProblem problem) throws IOException {
        byte[] bytes = problem.body();
        response.resetBuffer();
        String retryAfter = problem.retryAfter();
        if (retryAfter != null) {
            response.setHeader("Retry-After", retryAfter);
        }
        response.setStatus(problem.status());
        response.setContentType(ShadowProblem.CONTENT_TYPE);
        response.setCharacterEncoding(StandardCharsets.UTF_8.name());
        response.setContentLength(bytes.length);
        response.getOutputStream().write(bytes);
        response.flushBuffer();
    }
}
