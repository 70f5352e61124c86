package dev.shadowtx.web.servlet;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

import dev.shadowtx.core.marker.RejectionReason;
import jakarta.servlet.http.HttpServletResponse;

/**
 * Writes the RFC 9457 problem responses of the filter. The bodies are built only from constants,
 * never from request data.
 */
final class ProblemResponses {

	/**
	 * Problem type of a refused marker.
	 */
	static final String MARKER_REJECTED_TYPE = "urn:shadowtx:problem:marker-rejected";

	private ProblemResponses() {
	}

	static void rejectMarker(HttpServletResponse response, RejectionReason reason) throws IOException {
		String body = "{\"type\":\"" + MARKER_REJECTED_TYPE + "\",\"title\":\"Shadow marker rejected\","
				+ "\"status\":403,\"detail\":\"" + reason.description() + "\",\"reason\":\"" + reason.code() + "\"}";
		byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
		response.resetBuffer();
		response.setStatus(HttpServletResponse.SC_FORBIDDEN);
		response.setContentType("application/problem+json");
		response.setCharacterEncoding(StandardCharsets.UTF_8.name());
		response.setContentLength(bytes.length);
		response.getOutputStream().write(bytes);
		response.flushBuffer();
	}

}
