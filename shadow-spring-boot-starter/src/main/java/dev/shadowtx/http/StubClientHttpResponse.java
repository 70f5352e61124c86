package dev.shadowtx.http;

import dev.shadowtx.core.outbound.OutboundStub;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.client.ClientHttpResponse;

/**
 * The response of a blocked call that has a stub: it never touched the network.
 */
final class StubClientHttpResponse implements ClientHttpResponse {

    private final OutboundStub stub;

    private final byte[] body;

    private final HttpHeaders headers = new HttpHeaders();

    StubClientHttpResponse(OutboundStub stub) {
        this.stub = stub;
        this.body = stub.body().getBytes(StandardCharsets.UTF_8);
        if (stub.contentType() != null) {
            this.headers.set(HttpHeaders.CONTENT_TYPE, stub.contentType());
        }
        this.headers.setContentLength(this.body.length);
    }

    @Override
    public HttpStatusCode getStatusCode() {
        return HttpStatusCode.valueOf(this.stub.status());
    }

    @Override
    public String getStatusText() {
        HttpStatus status = HttpStatus.resolve(this.stub.status());
        return (status != null) ? status.getReasonPhrase() : "";
    }

    @Override
    public HttpHeaders getHeaders() {
        return this.headers;
    }

    @Override
    public InputStream getBody() {
        return new ByteArrayInputStream(this.body);
    }

    @Override
    public void close() {}
}
