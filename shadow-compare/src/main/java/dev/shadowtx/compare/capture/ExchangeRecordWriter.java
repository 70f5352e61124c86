package dev.shadowtx.compare.capture;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;
import org.springframework.util.InvalidMimeTypeException;
import org.springframework.util.MimeType;
import org.springframework.util.MimeTypeUtils;

/**
 * Writes a {@link CapturedExchange} as an exchange record v1 (UTF-8 JSON), redacting on the way:
 * JSON bodies (not truncated, well formed) become JSON values with the configured paths hashed
 * (a truncated or malformed one, whose paths cannot be found, is hashed whole when paths are
 * configured), form bodies strings with the redacted query parameters hashed, other text bodies
 * strings, other bodies {@code null}. The record is written by hand into a
 * buffer kept from record to record ({@link JsonBytes}), JSON bodies copied into it from their chunks
 * ({@link JsonBodyCopier}).
 * <p>
 * Not thread-safe: one writer per publishing thread.
 */
final class ExchangeRecordWriter {

    private final ServiceIdentity identity;

    private final List<String> requestHeaderNames;

    private final List<String> responseHeaderNames;

    private final Redaction redaction;

    private final Redaction.Hasher hasher;

    private final JsonBodyCopier jsonBodies;

    private final JsonBytes out = new JsonBytes(4096);

    private final char[] chars = new char[32];

    ExchangeRecordWriter(
            ServiceIdentity identity,
            List<String> requestHeaderNames,
            List<String> responseHeaderNames,
            Redaction redaction) {
        this.identity = identity;
        this.requestHeaderNames = lowerCase(requestHeaderNames);
        this.responseHeaderNames = lowerCase(responseHeaderNames);
        this.redaction = redaction;
        this.hasher = redaction.hasher();
        this.jsonBodies = new JsonBodyCopier(redaction, this.hasher);
    }

    static List<String> lowerCase(List<String> names) {
        return names.stream()
                .map((name) -> name.trim().toLowerCase(Locale.ROOT))
                .toList();
    }

    /**
     * Write one record into the buffer this writer keeps.
     * @param exchange what was captured
     * @return the record's JSON, UTF-8, valid until the next record is written
     */
    JsonBytes write(CapturedExchange exchange) {
        JsonBytes json = this.out;
        json.reset();
        json.startObject();
        json.name("v");
        json.number(1);
        property(json, "id", exchange.id());
        property(json, "service", this.identity.service());
        property(json, "version", this.identity.version());
        property(json, "instance", this.identity.instance());
        property(json, "mode", exchange.mode());
        json.name("time");
        json.value(this.chars, 0, IsoTime.format(exchange.epochMillis(), this.chars));

        json.name("request");
        json.startObject();
        property(json, "method", exchange.method());
        property(json, "route", exchange.route());
        property(json, "path", exchange.path());
        property(json, "query", redactQuery(exchange.query()));
        writeHeaders(json, this.requestHeaderNames, exchange.requestHeaders());
        json.name("body");
        writeBody(json, exchange.keptRequestBody(), exchange.requestContentType());
        json.name("truncated");
        json.value(exchange.keptRequestBody().truncated());
        json.endObject();

        json.name("response");
        json.startObject();
        json.name("status");
        json.number(exchange.status());
        writeHeaders(json, this.responseHeaderNames, exchange.responseHeaders());
        json.name("body");
        writeBody(json, exchange.responseBody(), exchange.responseContentType());
        json.name("truncated");
        json.value(exchange.responseBody().truncated());
        json.endObject();

        json.name("durationMs");
        json.number(this.chars, 0, IsoTime.millis(exchange.durationNanos(), this.chars));
        json.endObject();
        return json;
    }

    private static void property(JsonBytes json, String name, @Nullable String value) {
        json.name(name);
        json.nullableValue(value);
    }

    private void writeHeaders(JsonBytes json, List<String> names, @Nullable String[] values) {
        json.name("headers");
        json.startObject();
        for (int i = 0; i < names.size() && i < values.length; i++) {
            String value = values[i];
            if (value != null) {
                String name = names.get(i);
                property(json, name, this.redaction.redactsHeader(name) ? this.hasher.hash(value) : value);
            }
        }
        json.endObject();
    }

    private @Nullable String redactQuery(@Nullable String query) {
        if (query == null || !this.redaction.redactsQuery()) {
            return query;
        }
        StringBuilder redacted = new StringBuilder(query.length());
        for (String parameter : query.split("&", -1)) {
            if (redacted.length() > 0) {
                redacted.append('&');
            }
            int equals = parameter.indexOf('=');
            String name = (equals < 0) ? parameter : parameter.substring(0, equals);
            if (equals >= 0 && this.redaction.redactsQueryParameter(name)) {
                redacted.append(name).append('=').append(this.hasher.hash(parameter.substring(equals + 1)));
            } else {
                redacted.append(parameter);
            }
        }
        return redacted.toString();
    }

    private void writeBody(JsonBytes json, BodyCapture body, @Nullable String contentType) {
        if (body.size() == 0) {
            json.nullValue();
            return;
        }
        MimeType type = parse(contentType);
        if (type == null) {
            json.nullValue();
            return;
        }
        boolean jsonBody = isJson(type);
        if (jsonBody && !body.truncated() && this.jsonBodies.copy(body, json)) {
            return;
        }
        if (!jsonBody && !isText(type)) {
            json.nullValue();
            return;
        }
        Charset charset = (type.getCharset() != null) ? type.getCharset() : StandardCharsets.UTF_8;
        String text = body.toString(charset);
        if (jsonBody && this.redaction.redactsJson()) {
            // its redacted paths cannot be found in a cut or malformed body: the whole body is hashed
            json.value(this.hasher.hash(text));
        } else if (isForm(type)) {
            json.nullableValue(redactQuery(text));
        } else {
            json.value(text);
        }
    }

    private static @Nullable MimeType parse(@Nullable String contentType) {
        if (contentType == null || contentType.isBlank()) {
            return null;
        }
        try {
            return MimeTypeUtils.parseMimeType(contentType);
        } catch (InvalidMimeTypeException ex) {
            return null;
        }
    }

    private static boolean isJson(MimeType type) {
        String subtype = type.getSubtype();
        return subtype.equals("json") || subtype.endsWith("+json");
    }

    private static boolean isForm(MimeType type) {
        return type.getType().equals("application") && type.getSubtype().equals("x-www-form-urlencoded");
    }

    private static boolean isText(MimeType type) {
        String subtype = type.getSubtype();
        return type.getType().equals("text")
                || subtype.equals("xml")
                || subtype.endsWith("+xml")
                || subtype.equals("x-www-form-urlencoded");
    }
}
