package dev.shadowtx.compare.capture;

import java.io.ByteArrayOutputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;
import org.springframework.util.InvalidMimeTypeException;
import org.springframework.util.MimeType;
import org.springframework.util.MimeTypeUtils;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.core.ObjectWriteContext;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.core.util.JsonRecyclerPools;

/**
 * Writes a {@link CapturedExchange} as an exchange record v1 (UTF-8 JSON), redacting on the way:
 * JSON bodies (not truncated, well formed) become JSON values with the configured paths hashed,
 * text bodies become strings, other bodies {@code null}. The record is written by hand into a
 * buffer kept from record to record ({@link JsonBytes}); a Jackson parser reads the JSON bodies.
 * <p>
 * Not thread-safe: one writer per publishing thread.
 */
final class ExchangeRecordWriter {

    /**
     * Buffers recycled per thread: one long-lived publisher thread uses them, with no pool traffic.
     */
    private final JsonFactory factory = JsonFactory.builder()
            .recyclerPool(JsonRecyclerPools.threadLocalPool())
            .build();

    private final ServiceIdentity identity;

    private final List<String> requestHeaderNames;

    private final List<String> responseHeaderNames;

    private final Redaction redaction;

    private final Redaction.Hasher hasher;

    private final JsonBytes out = new JsonBytes(4096);

    private final ByteArrayOutputStream scratch = new ByteArrayOutputStream(256);

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
    }

    static List<String> lowerCase(List<String> names) {
        return names.stream()
                .map((name) -> name.trim().toLowerCase(Locale.ROOT))
                .toList();
    }

    /**
     * Write one record.
     * @param exchange what was captured
     * @return the record's JSON, UTF-8
     */
    byte[] write(CapturedExchange exchange) {
        boolean requestJson = true;
        boolean responseJson = true;
        while (true) {
            try {
                return write(exchange, requestJson, responseJson);
            } catch (MalformedBody ex) {
                requestJson &= !ex.request;
                responseJson &= ex.request;
            }
        }
    }

    /**
     * Write one record, copying the JSON bodies straight into it (the common case); a body found
     * malformed on the way throws, and the record is written again with that body as a string.
     */
    private byte[] write(CapturedExchange exchange, boolean requestJson, boolean responseJson) {
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
        writeBody(json, exchange.requestBody(), exchange.requestContentType(), requestJson, true);
        json.name("truncated");
        json.value(exchange.requestBody().truncated());
        json.endObject();

        json.name("response");
        json.startObject();
        json.name("status");
        json.number(exchange.status());
        writeHeaders(json, this.responseHeaderNames, exchange.responseHeaders());
        json.name("body");
        writeBody(json, exchange.responseBody(), exchange.responseContentType(), responseJson, false);
        json.name("truncated");
        json.value(exchange.responseBody().truncated());
        json.endObject();

        json.name("durationMs");
        json.number(this.chars, 0, IsoTime.millis(exchange.durationNanos(), this.chars));
        json.endObject();
        return json.toByteArray();
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

    private void writeBody(
            JsonBytes json, BodyCapture body, @Nullable String contentType, boolean asJson, boolean request) {
        if (body.size() == 0) {
            json.nullValue();
            return;
        }
        MimeType type = parse(contentType);
        if (type == null) {
            json.nullValue();
            return;
        }
        if (asJson && isJson(type) && !body.truncated()) {
            copyJson(json, body, request);
            return;
        }
        if (isJson(type) || isText(type)) {
            Charset charset = (type.getCharset() != null) ? type.getCharset() : StandardCharsets.UTF_8;
            json.value(body.toString(charset));
            return;
        }
        json.nullValue();
    }

    /**
     * Copy a JSON body into the record, redacting on the way.
     * @throws MalformedBody when the body is not one well-formed JSON value
     */
    private void copyJson(JsonBytes json, BodyCapture body, boolean request) {
        try (JsonParser parser = this.factory.createParser(ObjectReadContext.empty(), body.inputStream())) {
            if (parser.nextToken() == null) {
                throw new MalformedBody(request);
            }
            copy(parser, json, this.redaction.paths(), request);
            if (parser.nextToken() != null) {
                throw new MalformedBody(request);
            }
        } catch (JacksonException ex) {
            throw new MalformedBody(request);
        }
    }

    /**
     * Copy the value the parser stands on, hashing those at redacted paths. Strings and numbers
     * are copied from the parser's characters as they were written: no value object is made, and
     * numbers keep their exact text.
     * @param node the redaction paths at this level, or {@code null} when none go below it
     */
    private void copy(JsonParser parser, JsonBytes json, Redaction.@Nullable PathNode node, boolean request) {
        if (node != null && node.redacted()) {
            json.value(hashValue(parser));
            return;
        }
        JsonToken token = parser.currentToken();
        if (token == JsonToken.START_OBJECT) {
            json.startObject();
            while (parser.nextToken() == JsonToken.PROPERTY_NAME) {
                String name = parser.currentName();
                json.name(name);
                parser.nextToken();
                copy(parser, json, (node != null) ? node.child(name) : null, request);
            }
            json.endObject();
        } else if (token == JsonToken.START_ARRAY) {
            json.startArray();
            Redaction.PathNode element = (node != null) ? node.element() : null;
            while (parser.nextToken() != JsonToken.END_ARRAY) {
                copy(parser, json, element, request);
            }
            json.endArray();
        } else if (token == JsonToken.VALUE_STRING) {
            json.value(parser.getTextCharacters(), parser.getTextOffset(), parser.getTextLength());
        } else if (token == JsonToken.VALUE_NUMBER_INT || token == JsonToken.VALUE_NUMBER_FLOAT) {
            json.number(parser.getTextCharacters(), parser.getTextOffset(), parser.getTextLength());
        } else if (token == JsonToken.VALUE_TRUE || token == JsonToken.VALUE_FALSE) {
            json.value(token == JsonToken.VALUE_TRUE);
        } else if (token == JsonToken.VALUE_NULL) {
            json.nullValue();
        } else {
            // nothing else comes out of a JSON text
            throw new MalformedBody(request);
        }
    }

    /**
     * Hash the value the parser stands on: a string by its text, anything else by its compact JSON.
     */
    private String hashValue(JsonParser parser) {
        if (parser.currentToken() == JsonToken.VALUE_STRING) {
            return this.hasher.hash(parser.getString());
        }
        this.scratch.reset();
        try (JsonGenerator value = this.factory.createGenerator(ObjectWriteContext.empty(), this.scratch)) {
            value.copyCurrentStructure(parser);
        }
        byte[] bytes = this.scratch.toByteArray();
        return this.hasher.hash(bytes, 0, bytes.length);
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

    private static boolean isText(MimeType type) {
        String subtype = type.getSubtype();
        return type.getType().equals("text")
                || subtype.equals("xml")
                || subtype.endsWith("+xml")
                || subtype.equals("x-www-form-urlencoded");
    }

    /**
     * A JSON body turned out malformed while it was copied into the record.
     */
    private static final class MalformedBody extends RuntimeException {

        private static final long serialVersionUID = 1L;

        final boolean request;

        MalformedBody(boolean request) {
            super(request ? "malformed JSON request body" : "malformed JSON response body", null, false, false);
            this.request = request;
        }
    }
}
