package dev.shadowtx.http.clients;

import dev.shadowtx.core.outbound.MarkerPropagation;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Arrays;
import java.util.List;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpHost;
import org.apache.hc.core5.http.HttpRequest;
import org.jspecify.annotations.Nullable;

/**
 * What the classic and the async Apache HttpClient 5 guards read and write on a request the same
 * way: where it goes, and its headers while the marker is written.
 */
final class ApacheRequests {

    private ApacheRequests() {}

    /**
     * Return the absolute URL of a request.
     * @param target the host the application passed, or {@code null} when the request names it
     * @param request the request
     * @return the URL
     * @throws IOException when the URL cannot be told, so the call is not sent
     */
    static URI uri(@Nullable HttpHost target, HttpRequest request) throws IOException {
        try {
            if (target != null) {
                return URI.create(target.toURI() + request.getRequestUri());
            }
            return request.getUri();
        } catch (URISyntaxException | IllegalArgumentException ex) {
            throw new IOException("Cannot tell where a shadow call goes: " + request, ex);
        }
    }

    /**
     * The headers of an Apache request while the marker is written.
     */
    record Headers(HttpRequest request) implements MarkerPropagation.HeaderAccess {

        @Override
        public List<String> values(String name) {
            return Arrays.stream(this.request.getHeaders(name))
                    .map(Header::getValue)
                    .toList();
        }

        @Override
        public void set(String name, String value) {
            this.request.setHeader(name, value);
        }

        @Override
        public void remove(String name) {
            this.request.removeHeaders(name);
        }
    }
}
