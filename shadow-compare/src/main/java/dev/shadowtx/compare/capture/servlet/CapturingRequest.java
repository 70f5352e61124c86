package dev.shadowtx.compare.capture.servlet;

import dev.shadowtx.compare.capture.BodyCapture;
import dev.shadowtx.compare.capture.CapturedExchange;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import org.jspecify.annotations.Nullable;

/**
 * A request whose body, as the application reads it, is also copied into a {@link BodyCapture}
 * (made when the application first asks for the body).
 * Parameters the container parses from a form body itself are not seen.
 */
final class CapturingRequest extends HttpServletRequestWrapper {

    private final CapturedExchange exchange;

    private @Nullable ServletInputStream input;

    private @Nullable BufferedReader reader;

    CapturingRequest(HttpServletRequest request, CapturedExchange exchange) {
        super(request);
        this.exchange = exchange;
    }

    @Override
    public ServletInputStream getInputStream() throws IOException {
        ServletInputStream input = this.input;
        if (input == null) {
            input = new TeeInputStream(super.getInputStream(), this.exchange.requestBody());
            this.input = input;
        }
        return input;
    }

    @Override
    public BufferedReader getReader() throws IOException {
        BufferedReader reader = this.reader;
        if (reader == null) {
            String encoding = getCharacterEncoding();
            Charset charset = (encoding != null) ? Charset.forName(encoding) : StandardCharsets.ISO_8859_1;
            reader = new BufferedReader(new InputStreamReader(getInputStream(), charset));
            this.reader = reader;
        }
        return reader;
    }

    private static final class TeeInputStream extends ServletInputStream {

        private final ServletInputStream delegate;

        private final BodyCapture body;

        TeeInputStream(ServletInputStream delegate, BodyCapture body) {
            this.delegate = delegate;
            this.body = body;
        }

        @Override
        public int read() throws IOException {
            int b = this.delegate.read();
            if (b >= 0) {
                this.body.write(b);
            }
            return b;
        }

        @Override
        public int read(byte[] bytes, int off, int len) throws IOException {
            int n = this.delegate.read(bytes, off, len);
            if (n > 0) {
                this.body.write(bytes, off, n);
            }
            return n;
        }

        @Override
        public boolean isFinished() {
            return this.delegate.isFinished();
        }

        @Override
        public boolean isReady() {
            return this.delegate.isReady();
        }

        @Override
        public void setReadListener(ReadListener listener) {
            this.delegate.setReadListener(listener);
        }
    }
}
