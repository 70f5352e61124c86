package dev.shadowtx.compare.capture;

import java.io.ByteArrayOutputStream;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.JsonParser;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.core.ObjectWriteContext;
import tools.jackson.core.json.JsonFactory;

/**
 * Copies a captured JSON body into a record straight from its chunks, checking on the way that it
 * is one well-formed JSON value (RFC 8259, UTF-8, a leading byte order mark allowed) and replacing
 * the values at redacted paths by their keyed hash. Nothing is allocated per body: no stream over
 * the chunks, no parser, no string per name or value.
 * <p>
 * What it writes is the body's JSON value in compact form, as {@link JsonBytes} writes strings:
 * whitespace between tokens dropped, escapes that JSON does not require ({@code \/},
 * {@code \}{@code u00e9}, an escaped surrogate pair) written as the characters they stand for,
 * numbers exactly as they were written. A property name is matched against the redacted paths
 * by its characters, however they were escaped in the body.
 * <p>
 * Not well formed: anything JSON does not allow (comments, single quotes, trailing commas,
 * leading zeros, {@code NaN}, unescaped control characters in strings, unknown escapes), bytes
 * that are not UTF-8 (overlong forms and encoded surrogates included), text after the value, an
 * empty body, nesting deeper than {@value #MAX_DEPTH}. Such a body is not copied, and the caller
 * keeps it as a string.
 * <p>
 * Not thread-safe: one copier per publishing thread.
 */
final class JsonBodyCopier {

    /**
     * Deepest nesting of arrays and objects copied.
     */
    static final int MAX_DEPTH = 500;

    private static final int NONE = -2;

    private static final Malformed MALFORMED = new Malformed();

    private static final byte[] NO_BYTES = new byte[0];

    private final Redaction.@Nullable PathNode paths;

    private final Redaction.Hasher hasher;

    /**
     * Where a redacted value is copied before it is hashed.
     */
    private final JsonBytes redacted = new JsonBytes(256);

    private byte[] decoded = new byte[256];

    private @Nullable JsonFactory factory;

    private @Nullable ByteArrayOutputStream compact;

    private BodyCapture body = BodyCapture.NONE;

    private byte[] chunk = NO_BYTES;

    private int chunkIndex;

    private int offset;

    private int end;

    private int consumed;

    private int pushedBack = NONE;

    JsonBodyCopier(Redaction redaction, Redaction.Hasher hasher) {
        Redaction.PathNode paths = redaction.paths();
        this.paths = paths.isEmpty() ? null : paths;
        this.hasher = hasher;
    }

    /**
     * Copy a body as the value that follows a name just written, or write nothing.
     * @param body the body
     * @param out the record
     * @return {@code true} when copied; {@code false} when the body is not one well-formed JSON
     * value, and {@code out} is as it was
     */
    boolean copy(BodyCapture body, JsonBytes out) {
        int mark = out.length();
        start(body);
        try {
            int first = next();
            if (first == 0xEF) {
                expect(0xBB);
                expect(0xBF);
                first = next();
            }
            value(skipSpace(first), out, this.paths, 0);
            if (skipSpace(next()) != -1) {
                throw MALFORMED;
            }
            return true;
        } catch (Malformed ex) {
            out.rewindAfterName(mark);
            return false;
        } finally {
            this.body = BodyCapture.NONE;
            this.chunk = NO_BYTES;
        }
    }

    private void start(BodyCapture body) {
        this.body = body;
        this.chunkIndex = -1;
        this.chunk = NO_BYTES;
        this.offset = 0;
        this.end = 0;
        this.consumed = 0;
        this.pushedBack = NONE;
    }

    /**
     * The next byte of the body, or {@code -1} at its end.
     */
    private int next() {
        int pushed = this.pushedBack;
        if (pushed != NONE) {
            this.pushedBack = NONE;
            return pushed;
        }
        if (this.offset == this.end) {
            this.consumed += this.end;
            if (this.consumed >= this.body.size()) {
                return -1;
            }
            this.chunk = this.body.chunk(++this.chunkIndex);
            this.offset = 0;
            this.end = Math.min(ChunkPool.CHUNK_SIZE, this.body.size() - this.consumed);
        }
        return this.chunk[this.offset++] & 0xff;
    }

    /**
     * Bytes of the body not read yet.
     */
    private int remaining() {
        return this.body.size() - this.consumed - this.offset + ((this.pushedBack != NONE) ? 1 : 0);
    }

    private void expect(int expected) {
        if (next() != expected) {
            throw MALFORMED;
        }
    }

    private int skipSpace(int b) {
        int c = b;
        while (c == ' ' || c == '\n' || c == '\r' || c == '\t') {
            c = next();
        }
        return c;
    }

    private void value(int first, JsonBytes out, Redaction.@Nullable PathNode node, int depth) {
        if (node != null && node.redacted()) {
            redactedValue(first, out, depth);
            return;
        }
        switch (first) {
            case '{' -> object(out, node, depth + 1);
            case '[' -> array(out, node, depth + 1);
            case '"' -> {
                out.openString();
                string(out);
                out.closeString();
            }
            case 't' -> {
                literal("rue");
                out.value(true);
            }
            case 'f' -> {
                literal("alse");
                out.value(false);
            }
            case 'n' -> {
                literal("ull");
                out.nullValue();
            }
            default -> number(first, out);
        }
    }

    private void object(JsonBytes out, Redaction.@Nullable PathNode node, int depth) {
        if (depth > MAX_DEPTH) {
            throw MALFORMED;
        }
        out.startObject();
        int c = skipSpace(next());
        if (c != '}') {
            while (true) {
                if (c != '"') {
                    throw MALFORMED;
                }
                out.openName();
                int name = out.length();
                string(out);
                Redaction.PathNode child = (node != null) ? node.child(out.buffer(), name, out.length() - name) : null;
                out.closeName();
                if (skipSpace(next()) != ':') {
                    throw MALFORMED;
                }
                value(skipSpace(next()), out, child, depth);
                c = skipSpace(next());
                if (c == '}') {
                    break;
                }
                if (c != ',') {
                    throw MALFORMED;
                }
                c = skipSpace(next());
            }
        }
        out.endObject();
    }

    private void array(JsonBytes out, Redaction.@Nullable PathNode node, int depth) {
        if (depth > MAX_DEPTH) {
            throw MALFORMED;
        }
        out.startArray();
        Redaction.PathNode element = (node != null) ? node.element() : null;
        int c = skipSpace(next());
        if (c != ']') {
            while (true) {
                value(c, out, element, depth);
                c = skipSpace(next());
                if (c == ']') {
                    break;
                }
                if (c != ',') {
                    throw MALFORMED;
                }
                c = skipSpace(next());
            }
        }
        out.endArray();
    }

    private void literal(String rest) {
        for (int i = 0; i < rest.length(); i++) {
            expect(rest.charAt(i));
        }
    }

    /**
     * Copy a number as it was written, after checking its form: {@code -?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)?}.
     */
    private void number(int first, JsonBytes out) {
        out.openRaw();
        out.reserve(remaining() + 1);
        int c = first;
        if (c == '-') {
            out.raw(c);
            c = next();
        }
        if (c == '0') {
            out.raw(c);
            c = next();
        } else {
            c = digits(c, out);
        }
        if (c == '.') {
            out.raw(c);
            c = digits(next(), out);
        }
        if (c == 'e' || c == 'E') {
            out.raw(c);
            c = next();
            if (c == '+' || c == '-') {
                out.raw(c);
                c = next();
            }
            c = digits(c, out);
        }
        this.pushedBack = c;
        out.closeRaw();
    }

    /**
     * Copy one or more digits.
     * @return the byte after them
     */
    private int digits(int first, JsonBytes out) {
        if (first < '0' || first > '9') {
            throw MALFORMED;
        }
        int c = first;
        do {
            out.raw(c);
            c = next();
        } while (c >= '0' && c <= '9');
        return c;
    }

    /**
     * Copy the characters of a string up to its closing quote: UTF-8 checked and copied as it is,
     * escapes written as {@link JsonBytes} writes the characters they stand for.
     */
    private void string(JsonBytes out) {
        // what is written never outgrows what is read: escapes shrink or stay, other bytes are copied
        out.reserve(remaining() + 6);
        char high = 0;
        while (true) {
            int b = next();
            if (b == '\\') {
                char c = escape();
                if (high != 0) {
                    if (Character.isLowSurrogate(c)) {
                        out.codePoint(Character.toCodePoint(high, c));
                        high = 0;
                        continue;
                    }
                    out.character(high);
                }
                high = Character.isHighSurrogate(c) ? c : 0;
                if (high == 0) {
                    out.character(c);
                }
                continue;
            }
            if (high != 0) {
                out.character(high);
                high = 0;
            }
            if (b == '"') {
                return;
            }
            if (b < 0x20) {
                throw MALFORMED;
            }
            if (b < 0x80) {
                out.raw(b);
            } else {
                utf8(b, out);
            }
        }
    }

    private char escape() {
        int e = next();
        return switch (e) {
            case '"', '\\', '/' -> (char) e;
            case 'b' -> '\b';
            case 'f' -> '\f';
            case 'n' -> '\n';
            case 'r' -> '\r';
            case 't' -> '\t';
            case 'u' -> (char) ((hex() << 12) | (hex() << 8) | (hex() << 4) | hex());
            default -> throw MALFORMED;
        };
    }

    private int hex() {
        return hexDigit(next());
    }

    private static int hexDigit(int c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= 'a' && c <= 'f') {
            return c - 'a' + 10;
        }
        if (c >= 'A' && c <= 'F') {
            return c - 'A' + 10;
        }
        throw MALFORMED;
    }

    /**
     * Check and copy one multi-byte UTF-8 sequence (RFC 3629: no overlong form, no surrogate, nothing above U+10FFFF).
     */
    private void utf8(int first, JsonBytes out) {
        int continuations;
        int low = 0x80;
        int high = 0xBF;
        if (first >= 0xC2 && first <= 0xDF) {
            continuations = 1;
        } else if (first == 0xE0) {
            continuations = 2;
            low = 0xA0;
        } else if (first == 0xED) {
            continuations = 2;
            high = 0x9F;
        } else if (first >= 0xE1 && first <= 0xEF) {
            continuations = 2;
        } else if (first == 0xF0) {
            continuations = 3;
            low = 0x90;
        } else if (first >= 0xF1 && first <= 0xF3) {
            continuations = 3;
        } else if (first == 0xF4) {
            continuations = 3;
            high = 0x8F;
        } else {
            throw MALFORMED;
        }
        out.raw(first);
        int c = next();
        if (c < low || c > high) {
            throw MALFORMED;
        }
        out.raw(c);
        for (int i = 1; i < continuations; i++) {
            c = next();
            if (c < 0x80 || c > 0xBF) {
                throw MALFORMED;
            }
            out.raw(c);
        }
    }

    /**
     * Check a value at a redacted path and write its keyed hash instead: a string's by its text,
     * any other value's by its compact JSON.
     */
    private void redactedValue(int first, JsonBytes out, int depth) {
        JsonBytes value = this.redacted;
        value.reset();
        value(first, value, null, depth);
        out.value((first == '"') ? hashText(value) : hashCompactJson(value));
    }

    /**
     * Hash the text of a string the way its UTF-8 form is hashed (a lone surrogate as {@code ?}).
     * @param value the string as {@link JsonBytes} wrote it, in quotes
     */
    private String hashText(JsonBytes value) {
        byte[] in = value.buffer();
        int last = value.length() - 1;
        if (this.decoded.length < last) {
            this.decoded = new byte[Math.max(last, this.decoded.length * 2)];
        }
        byte[] text = this.decoded;
        int length = 0;
        for (int i = 1; i < last; i++) {
            byte b = in[i];
            if (b != '\\') {
                text[length++] = b;
                continue;
            }
            byte e = in[++i];
            switch (e) {
                case 'b' -> text[length++] = '\b';
                case 'f' -> text[length++] = '\f';
                case 'n' -> text[length++] = '\n';
                case 'r' -> text[length++] = '\r';
                case 't' -> text[length++] = '\t';
                case 'u' -> {
                    char c = (char) ((hexDigit(in[i + 1]) << 12)
                            | (hexDigit(in[i + 2]) << 8)
                            | (hexDigit(in[i + 3]) << 4)
                            | hexDigit(in[i + 4]));
                    text[length++] = Character.isSurrogate(c) ? (byte) '?' : (byte) c;
                    i += 4;
                }
                default -> text[length++] = e;
            }
        }
        return this.hasher.hash(text, 0, length);
    }

    /**
     * Hash a value that is not a string by its compact JSON as Jackson writes it, so that a value
     * hashes the same whichever way its number is written ({@code 1.50}, {@code 1.5}).
     */
    private String hashCompactJson(JsonBytes value) {
        JsonFactory factory = this.factory;
        ByteArrayOutputStream compact = this.compact;
        if (factory == null || compact == null) {
            factory = JsonFactory.builder().build();
            compact = new ByteArrayOutputStream(256);
            this.factory = factory;
            this.compact = compact;
        }
        compact.reset();
        try (JsonParser parser = factory.createParser(ObjectReadContext.empty(), value.buffer(), 0, value.length());
                JsonGenerator generator = factory.createGenerator(ObjectWriteContext.empty(), compact)) {
            parser.nextToken();
            generator.copyCurrentStructure(parser);
        }
        byte[] bytes = compact.toByteArray();
        return this.hasher.hash(bytes, 0, bytes.length);
    }

    /**
     * The body is not one well-formed JSON value; thrown without a stack trace, and caught in {@link #copy}.
     */
    private static final class Malformed extends RuntimeException {

        private static final long serialVersionUID = 1L;

        Malformed() {
            super("malformed JSON body", null, false, false);
        }
    }
}
