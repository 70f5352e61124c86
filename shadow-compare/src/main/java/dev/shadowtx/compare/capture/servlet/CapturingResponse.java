package dev.shadowtx.compare.capture.servlet;

import dev.shadowtx.compare.capture.BodyCapture;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.Charset;
import org.jspecify.annotations.Nullable;

/**
 * A response whose body, as the application writes it, goes to the client unchanged and is also
 * copied into a {@link BodyCapture}; nothing is buffered beyond what the container buffers.
 */
final class CapturingResponse extends HttpServletResponseWrapper {

    private final BodyCapture body;

    private @Nullable ServletOutputStream output;

    private @Nullable PrintWriter writer;

    CapturingResponse(HttpServletResponse response, BodyCapture body) {
        super(response);
        this.body = body;
    }

    @Override
    public ServletOutputStream getOutputStream() throws IOException {
        ServletOutputStream output = this.output;
        if (output == null) {
            output = new TeeOutputStream(super.getOutputStream(), this.body);
            this.output = output;
        }
        return output;
    }

    @Override
    public PrintWriter getWriter() throws IOException {
        PrintWriter writer = this.writer;
        if (writer == null) {
            writer = new PrintWriter(
                    new TeeWriter(super.getWriter(), this.body, Charset.forName(getCharacterEncoding())));
            this.writer = writer;
        }
        return writer;
    }

    @Override
    public void reset() {
        super.reset();
        this.body.reset();
    }

    @Override
    public void resetBuffer() {
        super.resetBuffer();
        this.body.reset();
    }

    private static final class TeeOutputStream extends ServletOutputStream {

        private final ServletOutputStream delegate;

        private final BodyCapture body;

        TeeOutputStream(ServletOutputStream delegate, BodyCapture body) {
            this.delegate = delegate;
            this.body = body;
        }

        @Override
        public void write(int b) throws IOException {
            this.delegate.write(b);
            this.body.write(b);
        }

        @Override
        public void write(byte[] bytes, int off, int len) throws IOException {
            this.delegate.write(bytes, off, len);
            this.body.write(bytes, off, len);
        }

        @Override
        public void flush() throws IOException {
            this.delegate.flush();
        }

        @Override
        public void close() throws IOException {
            this.delegate.close();
        }

        @Override
        public boolean isReady() {
            return this.delegate.isReady();
        }

        @Override
        public void setWriteListener(WriteListener listener) {
            this.delegate.setWriteListener(listener);
        }
    }

    /**
     * Passes characters to the container's writer and their encoded bytes to the capture.
     */
    private static final class TeeWriter extends Writer {

        private final PrintWriter delegate;

        private final BodyCapture body;

        private final Charset charset;

        TeeWriter(PrintWriter delegate, BodyCapture body, Charset charset) {
            this.delegate = delegate;
            this.body = body;
            this.charset = charset;
        }

        @Override
        public void write(char[] chars, int off, int len) {
            this.delegate.write(chars, off, len);
            this.body.write(this.charset.encode(java.nio.CharBuffer.wrap(chars, off, len)));
        }

        @Override
        public void write(String text, int off, int len) {
            this.delegate.write(text, off, len);
            this.body.write(this.charset.encode(java.nio.CharBuffer.wrap(text, off, off + len)));
        }

        @Override
        public void flush() {
            this.delegate.flush();
        }

        @Override
        public void close() {
            this.delegate.close();
        }
    }
}
