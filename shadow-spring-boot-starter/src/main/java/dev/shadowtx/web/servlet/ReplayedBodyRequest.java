package dev.shadowtx.web.servlet;

import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URLDecoder;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A request whose body was read once, to compare it with its signed digest, and is read again by
 * the application from memory: the input stream, the reader and, for a form post, the form
 * parameters all come from the bytes that were checked.
 */
final class ReplayedBodyRequest extends HttpServletRequestWrapper {

    private final byte[] body;

    private @Nullable Map<String, String[]> parameters;

    ReplayedBodyRequest(HttpServletRequest request, byte[] body) {
        super(request);
        this.body = body;
    }

    @Override
    public ServletInputStream getInputStream() {
        return new BodyStream(new ByteArrayInputStream(this.body));
    }

    @Override
    public BufferedReader getReader() {
        return new BufferedReader(new InputStreamReader(new ByteArrayInputStream(this.body), charset()));
    }

    @Override
    public @Nullable String getParameter(String name) {
        String[] values = getParameterMap().get(name);
        return (values != null && values.length > 0) ? values[0] : null;
    }

    @Override
    public String @Nullable [] getParameterValues(String name) {
        return getParameterMap().get(name);
    }

    @Override
    public Enumeration<String> getParameterNames() {
        return Collections.enumeration(getParameterMap().keySet());
    }

    @Override
    public Map<String, String[]> getParameterMap() {
        Map<String, String[]> result = this.parameters;
        if (result == null) {
            result = parameters();
            this.parameters = result;
        }
        return result;
    }

    private Map<String, String[]> parameters() {
        Map<String, String[]> fromQuery = super.getParameterMap();
        String contentType = getContentType();
        if (contentType == null
                || !contentType.toLowerCase(Locale.ROOT).startsWith("application/x-www-form-urlencoded")) {
            return fromQuery;
        }
        Map<String, List<String>> merged = new LinkedHashMap<>();
        fromQuery.forEach((name, values) ->
                merged.computeIfAbsent(name, (key) -> new ArrayList<>()).addAll(List.of(values)));
        Charset charset = charset();
        for (String pair : new String(this.body, charset).split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int equals = pair.indexOf('=');
            String name = URLDecoder.decode((equals >= 0) ? pair.substring(0, equals) : pair, charset);
            String value = (equals >= 0) ? URLDecoder.decode(pair.substring(equals + 1), charset) : "";
            merged.computeIfAbsent(name, (key) -> new ArrayList<>()).add(value);
        }
        Map<String, String[]> result = new LinkedHashMap<>();
        merged.forEach((name, values) -> result.put(name, values.toArray(String[]::new)));
        return Collections.unmodifiableMap(result);
    }

    private Charset charset() {
        String encoding = getCharacterEncoding();
        try {
            return (encoding != null) ? Charset.forName(encoding) : StandardCharsets.UTF_8;
        } catch (IllegalArgumentException ex) {
            return StandardCharsets.UTF_8;
        }
    }

    /**
     * The body bytes as a servlet input stream, ready at once.
     */
    private static final class BodyStream extends ServletInputStream {

        private final ByteArrayInputStream bytes;

        BodyStream(ByteArrayInputStream bytes) {
            this.bytes = bytes;
        }

        @Override
        public boolean isFinished() {
            return this.bytes.available() == 0;
        }

        @Override
        public boolean isReady() {
            return true;
        }

        @Override
        public void setReadListener(ReadListener listener) {
            try {
                if (!isFinished()) {
                    listener.onDataAvailable();
                }
                listener.onAllDataRead();
            } catch (IOException ex) {
                throw new UncheckedIOException(ex);
            }
        }

        @Override
        public int read() {
            return this.bytes.read();
        }

        @Override
        public int read(byte[] buffer, int offset, int length) {
            return this.bytes.read(buffer, offset, length);
        }
    }
}
