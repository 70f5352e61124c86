package dev.shadowtx.compare.capture;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.jspecify.annotations.Nullable;

/**
 * A JSON text written straight into a byte buffer (UTF-8) that is kept from record to record:
 * writing a record makes no generator, no intermediate string and no buffer once the buffer has
 * grown to the largest record. Strings are escaped as JSON requires ({@code "}, {@code \},
 * control characters; lone surrogates as {@code \}{@code uXXXX}), the rest written as UTF-8.
 * Commas and colons are placed by the writer; the caller only keeps the nesting well formed.
 * <p>
 * Not thread-safe.
 */
final class JsonBytes {

    private static final byte[] HEX = "0123456789ABCDEF".getBytes(StandardCharsets.US_ASCII);

    private byte[] buffer;

    private int length;

    /**
     * Whether the next name or value follows a value at the same level, and so needs a comma.
     */
    private boolean afterValue;

    JsonBytes(int initialCapacity) {
        this.buffer = new byte[initialCapacity];
    }

    /**
     * Start a new text, keeping the buffer.
     */
    void reset() {
        this.length = 0;
        this.afterValue = false;
    }

    /**
     * Return a copy of the text written since the last {@link #reset()}.
     * @return the UTF-8 bytes
     */
    byte[] toByteArray() {
        return Arrays.copyOf(this.buffer, this.length);
    }

    /**
     * The buffer the text is written in: its first {@link #length()} bytes, valid until the next write.
     */
    byte[] buffer() {
        return this.buffer;
    }

    int length() {
        return this.length;
    }

    /**
     * Drop what was written since a length taken right after a name, so that another value follows the name.
     * @param length the length after the name
     */
    void rewindAfterName(int length) {
        this.length = length;
        this.afterValue = false;
    }

    /**
     * Open a property name whose characters the caller writes with {@link #raw} and {@link #character}.
     */
    void openName() {
        beforeValue();
        append('"');
    }

    /**
     * Close a name opened by {@link #openName()}.
     */
    void closeName() {
        ensure(2);
        this.buffer[this.length++] = '"';
        this.buffer[this.length++] = ':';
        this.afterValue = false;
    }

    /**
     * Open a string value whose characters the caller writes with {@link #raw} and {@link #character}.
     */
    void openString() {
        beforeValue();
        append('"');
    }

    void closeString() {
        append('"');
        this.afterValue = true;
    }

    /**
     * Open a value whose bytes the caller writes as they are with {@link #raw} (a number).
     */
    void openRaw() {
        beforeValue();
    }

    void closeRaw() {
        this.afterValue = true;
    }

    /**
     * Make room for bytes written by {@link #raw}, which does not check.
     * @param more bytes about to be written
     */
    void reserve(int more) {
        ensure(more);
    }

    /**
     * Write one byte as it is, in room made by {@link #reserve}.
     */
    void raw(int b) {
        this.buffer[this.length++] = (byte) b;
    }

    /**
     * Write one UTF-16 character inside a string as JSON requires: printable ASCII as it is,
     * an escape, or its UTF-8 bytes (a surrogate as an escape: pairs go through {@link #codePoint}).
     */
    void character(char c) {
        ensure(6);
        if (c >= 0x20 && c < 0x80 && c != '"' && c != '\\') {
            this.buffer[this.length++] = (byte) c;
        } else {
            escapedChar(c);
        }
    }

    void startObject() {
        beforeValue();
        append('{');
        this.afterValue = false;
    }

    void endObject() {
        append('}');
        this.afterValue = true;
    }

    void startArray() {
        beforeValue();
        append('[');
        this.afterValue = false;
    }

    void endArray() {
        append(']');
        this.afterValue = true;
    }

    void name(String name) {
        beforeValue();
        quoted(name);
        append(':');
        this.afterValue = false;
    }

    void value(String value) {
        beforeValue();
        quoted(value);
        this.afterValue = true;
    }

    /**
     * Write a string value, or {@code null}.
     * @param value the value
     */
    void nullableValue(@Nullable String value) {
        if (value == null) {
            nullValue();
        } else {
            value(value);
        }
    }

    void value(char[] chars, int offset, int count) {
        beforeValue();
        ensure(count * 6 + 2);
        this.buffer[this.length++] = '"';
        for (int i = offset; i < offset + count; i++) {
            i = escaped(chars[i], chars, i, offset + count);
        }
        this.buffer[this.length++] = '"';
        this.afterValue = true;
    }

    /**
     * Write a number as the text it was read as (digits, sign, fraction, exponent: ASCII only).
     */
    void number(char[] chars, int offset, int count) {
        beforeValue();
        ensure(count);
        for (int i = offset; i < offset + count; i++) {
            this.buffer[this.length++] = (byte) chars[i];
        }
        this.afterValue = true;
    }

    /**
     * Write a number that is not negative, digit by digit.
     */
    void number(int value) {
        if (value < 0) {
            throw new IllegalArgumentException("Only numbers that are not negative are written, not " + value);
        }
        beforeValue();
        ensure(10);
        int start = this.length;
        int rest = value;
        do {
            this.buffer[this.length++] = (byte) ('0' + rest % 10);
            rest /= 10;
        } while (rest > 0);
        for (int i = start, j = this.length - 1; i < j; i++, j--) {
            byte digit = this.buffer[i];
            this.buffer[i] = this.buffer[j];
            this.buffer[j] = digit;
        }
        this.afterValue = true;
    }

    void value(boolean value) {
        literal(value ? "true" : "false");
    }

    void nullValue() {
        literal("null");
    }

    private void literal(String literal) {
        beforeValue();
        ensure(literal.length());
        for (int i = 0; i < literal.length(); i++) {
            this.buffer[this.length++] = (byte) literal.charAt(i);
        }
        this.afterValue = true;
    }

    private void beforeValue() {
        if (this.afterValue) {
            append(',');
        }
    }

    private void append(char c) {
        ensure(1);
        this.buffer[this.length++] = (byte) c;
    }

    private void quoted(String text) {
        int count = text.length();
        ensure(count * 6 + 2);
        this.buffer[this.length++] = '"';
        for (int i = 0; i < count; i++) {
            char c = text.charAt(i);
            if (c >= 0x20 && c < 0x80 && c != '"' && c != '\\') {
                this.buffer[this.length++] = (byte) c;
            } else if (Character.isHighSurrogate(c) && i + 1 < count && Character.isLowSurrogate(text.charAt(i + 1))) {
                codePoint(Character.toCodePoint(c, text.charAt(++i)));
            } else {
                escapedChar(c);
            }
        }
        this.buffer[this.length++] = '"';
    }

    /**
     * Write one character of a char array, or a surrogate pair starting at it.
     * @return the index of the last character consumed
     */
    private int escaped(char c, char[] chars, int index, int end) {
        if (c >= 0x20 && c < 0x80 && c != '"' && c != '\\') {
            this.buffer[this.length++] = (byte) c;
            return index;
        }
        if (Character.isHighSurrogate(c) && index + 1 < end && Character.isLowSurrogate(chars[index + 1])) {
            codePoint(Character.toCodePoint(c, chars[index + 1]));
            return index + 1;
        }
        escapedChar(c);
        return index;
    }

    /**
     * Write a character that is not printable ASCII: an escape, or its UTF-8 bytes.
     */
    private void escapedChar(char c) {
        byte[] out = this.buffer;
        switch (c) {
            case '"' -> {
                out[this.length++] = '\\';
                out[this.length++] = '"';
            }
            case '\\' -> {
                out[this.length++] = '\\';
                out[this.length++] = '\\';
            }
            case '\n' -> {
                out[this.length++] = '\\';
                out[this.length++] = 'n';
            }
            case '\r' -> {
                out[this.length++] = '\\';
                out[this.length++] = 'r';
            }
            case '\t' -> {
                out[this.length++] = '\\';
                out[this.length++] = 't';
            }
            case '\b' -> {
                out[this.length++] = '\\';
                out[this.length++] = 'b';
            }
            case '\f' -> {
                out[this.length++] = '\\';
                out[this.length++] = 'f';
            }
            default -> {
                if (c < 0x20 || Character.isSurrogate(c)) {
                    out[this.length++] = '\\';
                    out[this.length++] = 'u';
                    out[this.length++] = HEX[(c >> 12) & 0xF];
                    out[this.length++] = HEX[(c >> 8) & 0xF];
                    out[this.length++] = HEX[(c >> 4) & 0xF];
                    out[this.length++] = HEX[c & 0xF];
                } else {
                    codePoint(c);
                }
            }
        }
    }

    /**
     * Write one code point inside a string as UTF-8 (a supplementary one as four bytes).
     */
    void codePoint(int codePoint) {
        ensure(4);
        byte[] out = this.buffer;
        if (codePoint < 0x80) {
            out[this.length++] = (byte) codePoint;
        } else if (codePoint < 0x800) {
            out[this.length++] = (byte) (0xC0 | (codePoint >> 6));
            out[this.length++] = (byte) (0x80 | (codePoint & 0x3F));
        } else if (codePoint < 0x10000) {
            out[this.length++] = (byte) (0xE0 | (codePoint >> 12));
            out[this.length++] = (byte) (0x80 | ((codePoint >> 6) & 0x3F));
            out[this.length++] = (byte) (0x80 | (codePoint & 0x3F));
        } else {
            out[this.length++] = (byte) (0xF0 | (codePoint >> 18));
            out[this.length++] = (byte) (0x80 | ((codePoint >> 12) & 0x3F));
            out[this.length++] = (byte) (0x80 | ((codePoint >> 6) & 0x3F));
            out[this.length++] = (byte) (0x80 | (codePoint & 0x3F));
        }
    }

    private void ensure(int more) {
        if (this.length + more > this.buffer.length) {
            this.buffer = Arrays.copyOf(this.buffer, Math.max(this.buffer.length * 2, this.length + more));
        }
    }
}
