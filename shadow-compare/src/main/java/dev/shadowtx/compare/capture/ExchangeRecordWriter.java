package dev.shadowtx.compare.capture;

import java.io.ByteArrayOutputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
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

/**
 * Writes a {@link CapturedExchange} as an exchange record v1 (UTF-8 JSON), redacting on the way:
 * JSON bodies (not truncated, well formed) become JSON values with the configured paths hashed,
 * text bodies become strings, other bodies {@code null}.
 * <p>
 * Not thread-safe: one writer per publishing thread.
 */
final class ExchangeRecordWriter {

    private final JsonFactory factory = new JsonFactory();

    private final ServiceIdentity identity;

    private final List<String> requestHeaderNames;

    private final List<String> responseHeaderNames;

    private final Redaction redaction;

    private final Redaction.Hasher hasher;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream(4096);

    private final ByteArrayOutputStream scratch = new ByteArrayOutputStream(256);

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
        this.out.reset();
        try (JsonGenerator json = this.factory.createGenerator(ObjectWriteContext.empty(), this.out)) {
            json.writeStartObject();
            json.writeNumberProperty("v", 1);
            json.writeStringProperty("id", exchange.id());
            json.writeStringProperty("service", this.identity.service());
            json.writeStringProperty("version", this.identity.version());
            json.writeStringProperty("instance", this.identity.instance());
            json.writeStringProperty("mode", exchange.mode());
            json.writeStringProperty(
                    "time", Instant.ofEpochMilli(exchange.epochMillis()).toString());

            json.writeObjectPropertyStart("request");
            json.writeStringProperty("method", exchange.method());
            json.writeStringProperty("route", exchange.route());
            json.writeStringProperty("path", exchange.path());
            json.writeStringProperty("query", redactQuery(exchange.query()));
            writeHeaders(json, this.requestHeaderNames, exchange.requestHeaders());
            json.writeName("body");
            writeBody(json, exchange.requestBody(), exchange.requestContentType());
            json.writeBooleanProperty("truncated", exchange.requestBody().truncated());
            json.writeEndObject();

            json.writeObjectPropertyStart("response");
            json.writeNumberProperty("status", exchange.status());
            writeHeaders(json, this.responseHeaderNames, exchange.responseHeaders());
            json.writeName("body");
            writeBody(json, exchange.responseBody(), exchange.responseContentType());
            json.writeBooleanProperty("truncated", exchange.responseBody().truncated());
            json.writeEndObject();

            json.writeNumberProperty("durationMs", exchange.durationNanos() / 1_000_000.0);
            json.writeEndObject();
        }
        return this.out.toByteArray();
    }

    private void writeHeaders(JsonGenerator json, List<String> names, @Nullable String[] values) {
        json.writeObjectPropertyStart("headers");
        for (int i = 0; i < names.size() && i < values.length; i++) {
            String value = values[i];
            if (value != null) {
                String name = names.get(i);
                json.writeStringProperty(name, this.redaction.redactsHeader(name) ? this.hasher.hash(value) : value);
            }
        }
        json.writeEndObject();
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

    private void writeBody(JsonGenerator json, BodyCapture body, @Nullable String contentType) {
        if (body.size() == 0) {
            json.writeNull();
            return;
        }
        MimeType type = parse(contentType);
        if (type == null) {
            json.writeNull();
            return;
        }
        if (isJson(type) && !body.truncated() && isWellFormed(body)) {
            try (JsonParser parser = this.factory.createParser(ObjectReadContext.empty(), body.inputStream())) {
                parser.nextToken();
                copy(parser, json, this.redaction.paths());
            }
            return;
        }
        if (isJson(type) || isText(type)) {
            Charset charset = (type.getCharset() != null) ? type.getCharset() : StandardCharsets.UTF_8;
            json.writeString(body.toString(charset));
            return;
        }
        json.writeNull();
    }

    private boolean isWellFormed(BodyCapture body) {
        try (JsonParser parser = this.factory.createParser(ObjectReadContext.empty(), body.inputStream())) {
            if (parser.nextToken() == null) {
                return false;
            }
            parser.skipChildren();
            return parser.nextToken() == null;
        } catch (JacksonException ex) {
            return false;
        }
    }

    /**
     * Copy the value the parser stands on, hashing those at redacted paths.
     * @param node the redaction paths at this level, or {@code null} when none go below it
     */
    private void copy(JsonParser parser, JsonGenerator json, Redaction.@Nullable PathNode node) {
        if (node == null || node.isEmpty()) {
            json.copyCurrentStructure(parser);
            return;
        }
        if (node.redacted()) {
            json.writeString(hashValue(parser));
            return;
        }
        JsonToken token = parser.currentToken();
        if (token == JsonToken.START_OBJECT) {
            json.writeStartObject();
            while (parser.nextToken() == JsonToken.PROPERTY_NAME) {
                String name = parser.currentName();
                json.writeName(name);
                parser.nextToken();
                copy(parser, json, node.child(name));
            }
            json.writeEndObject();
        } else if (token == JsonToken.START_ARRAY) {
            json.writeStartArray();
            Redaction.PathNode element = node.element();
            while (parser.nextToken() != JsonToken.END_ARRAY) {
                copy(parser, json, element);
            }
            json.writeEndArray();
        } else {
            json.copyCurrentEvent(parser);
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
}
