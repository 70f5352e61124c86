package dev.shadowtx.http;

import dev.shadowtx.core.outbound.MarkerPropagation;
import java.util.List;
import org.springframework.http.HttpHeaders;

/**
 * Lets {@link MarkerPropagation} write on Spring's {@link HttpHeaders}.
 */
final class HttpHeadersAccess implements MarkerPropagation.HeaderAccess {

    private final HttpHeaders headers;

    HttpHeadersAccess(HttpHeaders headers) {
        this.headers = headers;
    }

    @Override
    public List<String> values(String name) {
        return this.headers.getOrEmpty(name);
    }

    @Override
    public void set(String name, String value) {
        this.headers.set(name, value);
    }

    @Override
    public void remove(String name) {
        this.headers.remove(name);
    }
}
