package dev.shadowtx.compare.capture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * JSON bodies go into records from their chunks as the same JSON value, compact, with redacted
 * values hashed; anything that is not one well-formed UTF-8 JSON value is refused, so the record
 * keeps it as a string. Jackson, reading the same bytes, is the reference for what is well formed
 * and for the value a body holds.
 */
class JsonBodyCopierTests {

    private static final String KEY = "0123456789abcdef0123456789abcdef";

    private static final JsonMapper JSON = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    private final ChunkPool pool = new ChunkPool(16);

    private final Redaction redaction = new Redaction(
            List.of(), List.of(), List.of("customer.email", "cards[*].number", "owner", "matrix[*][*]"), KEY);

    private final Redaction.Hasher hasher = this.redaction.hasher();

    private final JsonBodyCopier copier = new JsonBodyCopier(this.redaction, this.redaction.hasher());

    @Test
    void wellFormedBodiesAreCopiedAsTheSameValueWithoutTheWhitespace() {
        List<String> bodies = List.of(
                "{}",
                "[]",
                "\"\"",
                "0",
                "-0",
                "true",
                "false",
                "null",
                "\"text\"",
                " \t\r\n{ \"a\" : [ 1 , 2 ] , \"b\" : { } } \n",
                "{\"a\":{\"b\":{\"c\":[{\"d\":null},[],[[]],[[true,false]]]}}}",
                "[[[]],[[1],[2,[3]]],{\"a\":[{\"b\":[]}]}]",
                "{\"dup\":1,\"dup\":2}",
                "{\"\":\"emptyName\"}");
        for (String body : bodies) {
            String copied = copied(body);
            assertThat(copied).as(body).isNotNull().doesNotContain(" ", "\n", "\t");
            assertThat(JSON.readTree(copied)).as(body).isEqualTo(JSON.readTree(body));
        }
        assertThat(copied(" \t\r\n{ \"a\" : [ 1 , 2 ] , \"b\" : { } } \n")).isEqualTo("{\"a\":[1,2],\"b\":{}}");
    }

    @Test
    void numbersKeepTheTextTheyWereWrittenIn() {
        String numbers = "[-0,0.0,1E+10,-1.5e-3,2e5,123456789012345678901234567890,1.50,0.000001]";
        assertThat(copied(numbers)).isEqualTo(numbers);
        assertThat(copied("{\"n\": 12 }")).isEqualTo("{\"n\":12}");
        assertThat(copied("-12.5E-07")).isEqualTo("-12.5E-07");
    }

    @Test
    void escapesBecomeTheCharactersTheyStandForUnlessJsonRequiresThem() {
        assertThat(copied("\"a\\/b\\u00e9\\u00E9 \\ud83d\\ude00\\n\\u0001\\\"\\\\\\t\\b\\f\\r\\u0041\""))
                .isEqualTo("\"a/béé 😀\\n\\u0001\\\"\\\\\\t\\b\\f\\rA\"");
        assertThat(copied("\"raw é 中 😀 \u007f\"")).isEqualTo("\"raw é 中 😀 \u007f\"");
        assertThat(copied("{\"n\\u0061me\":\"\\u4e2d\"}")).isEqualTo("{\"name\":\"中\"}");
    }

    @Test
    void loneSurrogatesStayEscaped() {
        assertThat(copied("\"\\ud800x\"")).isEqualTo("\"\\uD800x\"");
        assertThat(copied("\"\\udc00\"")).isEqualTo("\"\\uDC00\"");
        assertThat(copied("\"\\ud83d\\ud83d\\ude00\"")).isEqualTo("\"\\uD83D😀\"");
        assertThat(copied("\"\\ud83d\\n\"")).isEqualTo("\"\\uD83D\\n\"");
        assertThat(copied("\"\\ud83d😀\"")).isEqualTo("\"\\uD83D😀\"");
        for (String body : List.of("\"\\ud800x\"", "\"\\ud83d\\ud83d\\ude00\"", "\"\\ud83d😀\"")) {
            assertThat(JSON.readTree(copied(body))).as(body).isEqualTo(JSON.readTree(body));
        }
    }

    @Test
    void bodiesSpreadOverSeveralChunksAreReadAcrossTheirBorders() {
        for (int pad = ChunkPool.CHUNK_SIZE - 16; pad <= ChunkPool.CHUNK_SIZE + 4; pad++) {
            String body =
                    "{\"pad\":\"" + "x".repeat(pad) + "\",\"v\":[\"é中😀\\u00e9\\ud83d\\ude00\",12345.678e9,true,null]}";
            String copied = copied(body);
            assertThat(copied).as("pad %d", pad).isNotNull();
            assertThat(JSON.readTree(copied)).as("pad %d", pad).isEqualTo(JSON.readTree(body));
        }
    }

    @Test
    void aLeadingByteOrderMarkIsSkipped() {
        assertThat(copied("\uFEFF{\"a\":1}")).isEqualTo("{\"a\":1}");
        assertThat(copied("\uFEFF\uFEFF{\"a\":1}")).isNull();
    }

    @Test
    void nestingIsFollowedDownToItsLimit() {
        String deepest = "[".repeat(JsonBodyCopier.MAX_DEPTH) + "]".repeat(JsonBodyCopier.MAX_DEPTH);
        assertThat(copied(deepest)).isEqualTo(deepest);
        String tooDeep = "[".repeat(JsonBodyCopier.MAX_DEPTH + 1) + "]".repeat(JsonBodyCopier.MAX_DEPTH + 1);
        assertThat(copied(tooDeep)).isNull();
        String objects =
                "{\"a\":".repeat(JsonBodyCopier.MAX_DEPTH + 1) + "1" + "}".repeat(JsonBodyCopier.MAX_DEPTH + 1);
        assertThat(copied(objects)).isNull();
    }

    @Test
    void whatJsonDoesNotAllowIsRefusedAsJacksonRefusesIt() {
        List<String> malformed = List.of(
                "{\"a\":1,}",
                "[1,]",
                "[,1]",
                "{,}",
                "{'a':1}",
                "{a:1}",
                "{\"a\" 1}",
                "{\"a\":1 \"b\":2}",
                "{\"a\":}",
                "{\"a\"}",
                "{1:2}",
                "[1 2]",
                "1 2",
                "{} x",
                "{}}",
                "]",
                "}",
                ":",
                "01",
                "-",
                "-a",
                "1.",
                ".5",
                "+1",
                "1e",
                "1e+",
                "1.e5",
                "NaN",
                "Infinity",
                "tru",
                "trUe",
                "nul",
                "falsey",
                "\"abc",
                "\"a\\x\"",
                "\"a\\u12G4\"",
                "\"a\\u12\"",
                "\"a\\",
                "\"tab\there\"",
                "\"line\nbreak\"",
                "{\"a\":1",
                "[1,2",
                "{\"a\":[1,2}",
                "/* comment */ 1",
                "// comment\n1");
        for (String body : malformed) {
            assertThat(copied(body)).as(body).isNull();
            assertThatException().as(body).isThrownBy(() -> JSON.readTree(body));
        }
    }

    @Test
    void emptyBodiesAndBlankOnesAreNotJson() {
        assertThat(copied("")).isNull();
        assertThat(copied(" \n\t ")).isNull();
    }

    @Test
    void bytesThatAreNotUtf8AreRefused() {
        List<byte[]> strings = List.of(
                new byte[] {(byte) 0xFF},
                new byte[] {(byte) 0x80},
                new byte[] {(byte) 0xC3},
                new byte[] {(byte) 0xC3, 'a'},
                new byte[] {(byte) 0xC0, (byte) 0x80},
                new byte[] {(byte) 0xC1, (byte) 0xBF},
                new byte[] {(byte) 0xE0, (byte) 0x80, (byte) 0x80},
                new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80},
                new byte[] {(byte) 0xE4, (byte) 0xB8},
                new byte[] {(byte) 0xF0, (byte) 0x80, (byte) 0x80, (byte) 0x80},
                new byte[] {(byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80},
                new byte[] {(byte) 0xF5, (byte) 0x80, (byte) 0x80, (byte) 0x80},
                new byte[] {(byte) 0xF0, (byte) 0x9F, (byte) 0x98});
        for (byte[] content : strings) {
            byte[] body = new byte[content.length + 2];
            body[0] = '"';
            System.arraycopy(content, 0, body, 1, content.length);
            body[body.length - 1] = '"';
            assertThat(copied(body))
                    .as(java.util.HexFormat.of().formatHex(content))
                    .isNull();
        }
        assertThat(copied(new byte[] {'[', (byte) 0xC3, (byte) 0xA9, ']'})).isNull();
        assertThat(copied(new byte[] {'"', (byte) 0xF4, (byte) 0x8F, (byte) 0xBF, (byte) 0xBF, '"'}))
                .isEqualTo("\"\uDBFF\uDFFF\"");
    }

    @Test
    void aRefusedBodyLeavesTheRecordAsItWas() {
        JsonBytes out = new JsonBytes(8);
        out.startObject();
        out.name("body");
        int before = out.length();
        assertThat(this.copier.copy(body("{\"a\":[1,2,3,\"long enough to grow the buffer\"],\"b\":"), out))
                .isFalse();
        assertThat(out.length()).isEqualTo(before);
        out.value("as text");
        out.endObject();
        assertThat(new String(out.toByteArray(), StandardCharsets.UTF_8)).isEqualTo("{\"body\":\"as text\"}");
    }

    @Test
    void valuesAtRedactedPathsAreHashedHoweverTheirNamesAreEscaped() {
        String copied = copied("{\"customer\":{\"em\\u0061il\":\"alice@example.com\",\"name\":\"Alice\"},"
                + "\"cus\\u0074omer\":{\"email\":\"bob@example.com\"}}");
        assertThat(copied)
                .isEqualTo("{\"customer\":{\"email\":\"" + this.hasher.hash("alice@example.com")
                        + "\",\"name\":\"Alice\"},\"customer\":{\"email\":\"" + this.hasher.hash("bob@example.com")
                        + "\"}}")
                .doesNotContain("alice@", "bob@");
    }

    @Test
    void stringsAreHashedByTheirTextAndOtherValuesByTheirCompactJson() {
        String copied = copied("{\"owner\":\"caf\\u00e9\\n\\ud800\",\"cards\":[{\"number\":4111111111111111},"
                + "{\"number\":{\"pan\": \"5500\", \"exp\":1.50}},{\"brand\":\"visa\"}],"
                + "\"matrix\":[[1,[2, 3]],[\"x\"]],\"other\":{\"owner\":\"kept\"}}");
        assertThat(copied)
                .isEqualTo("{\"owner\":\"" + this.hasher.hash("café\n\ud800") + "\",\"cards\":[{\"number\":\""
                        + hash("4111111111111111") + "\"},{\"number\":\"" + hash("{\"pan\":\"5500\",\"exp\":1.5}")
                        + "\"},{\"brand\":\"visa\"}],\"matrix\":[[\"" + hash("1") + "\",\"" + hash("[2,3]")
                        + "\"],[\"" + this.hasher.hash("x") + "\"]],\"other\":{\"owner\":\"kept\"}}")
                .doesNotContain("4111", "5500");
        assertThat(this.hasher.hash("café\n\ud800")).isEqualTo(this.hasher.hash("café\n?"));
    }

    @Test
    void aNameThatLooksLikeTheElementWildcardIsJustAName() {
        assertThat(copied("{\"cards\":{\"[*]\":{\"number\":\"4111\"}}}"))
                .isEqualTo("{\"cards\":{\"[*]\":{\"number\":\"4111\"}}}");
    }

    @Test
    void aMalformedValueAtARedactedPathRefusesTheBody() {
        assertThat(copied("{\"owner\":{\"a\":01}}")).isNull();
        assertThat(copied("{\"owner\":\"open")).isNull();
    }

    private String hash(String compactJson) {
        byte[] bytes = compactJson.getBytes(StandardCharsets.UTF_8);
        return this.hasher.hash(bytes, 0, bytes.length);
    }

    private @Nullable String copied(String body) {
        return copied(body.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Copy a body as a record's body value.
     * @return the value as written, or {@code null} when the body was refused
     */
    private @Nullable String copied(byte[] bytes) {
        BodyCapture body = new BodyCapture(Integer.MAX_VALUE, this.pool);
        body.write(bytes, 0, bytes.length);
        try {
            return copied(body);
        } finally {
            body.release();
        }
    }

    private @Nullable String copied(BodyCapture body) {
        JsonBytes out = new JsonBytes(16);
        out.startObject();
        out.name("body");
        int start = out.length();
        if (!this.copier.copy(body, out)) {
            return null;
        }
        return new String(out.buffer(), start, out.length() - start, StandardCharsets.UTF_8);
    }

    private BodyCapture body(String text) {
        BodyCapture body = new BodyCapture(Integer.MAX_VALUE, this.pool);
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        body.write(bytes, 0, bytes.length);
        return body;
    }
}
