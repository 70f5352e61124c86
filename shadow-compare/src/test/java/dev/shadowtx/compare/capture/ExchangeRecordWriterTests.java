package dev.shadowtx.compare.capture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

import dev.shadowtx.core.context.MarkerSource;
import dev.shadowtx.core.context.ShadowContext;
import dev.shadowtx.core.context.ShadowMode;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class ExchangeRecordWriterTests {

    private static final String KEY = "0123456789abcdef0123456789abcdef";

    private final ChunkPool pool = new ChunkPool(8);

    private final Redaction redaction =
            new Redaction(List.of("authorization"), List.of(), List.of("cards[*].number", "$.owner"), KEY);

    private final ExchangeRecordWriter writer = writer(this.redaction);

    private static ExchangeRecordWriter writer(Redaction redaction) {
        return new ExchangeRecordWriter(
                new ServiceIdentity("payments", "3.1.0", "pod-1"),
                List.of("authorization"),
                List.of("location"),
                redaction);
    }

    @Test
    void writesRecordV1WithJsonBodiesAsJsonValuesAndRedactedPathsHashed() {
        CapturedExchange exchange = exchange(
                new ShadowContext(ShadowMode.SYNTHETIC, MarkerSource.HEADER, null),
                "application/json",
                "{\"owner\":{\"name\":\"A\"},\"cards\":[{\"number\":\"4111\",\"brand\":\"visa\"},{\"number\":\"5500\"}]}",
                "application/problem+json",
                "{\"title\":\"no\"}");
        JsonNode record = SharedBroker.parse(new String(writer.write(exchange).toByteArray(), StandardCharsets.UTF_8));

        assertThat(record.get("mode").asString()).isEqualTo("synthetic");
        assertThat(record.get("service").asString()).isEqualTo("payments");
        JsonNode body = record.get("request").get("body");
        assertThat(body.get("owner").asString()).startsWith("hmac:");
        assertThat(body.get("cards").get(0).get("number").asString()).startsWith("hmac:");
        assertThat(body.get("cards").get(1).get("number").asString())
                .startsWith("hmac:")
                .isNotEqualTo(body.get("cards").get(0).get("number").asString());
        assertThat(body.get("cards").get(0).get("brand").asString()).isEqualTo("visa");
        assertThat(record.get("request").get("headers").get("authorization").asString())
                .startsWith("hmac:");
        assertThat(record.get("response").get("status").asInt()).isEqualTo(409);
        assertThat(record.get("response").get("headers").get("location").asString())
                .isEqualTo("/payments/1");
        assertThat(record.get("response").get("body").get("title").asString()).isEqualTo("no");
        assertThat(new String(writer.write(exchange).toByteArray(), StandardCharsets.UTF_8))
                .doesNotContain("4111", "5500");
    }

    @Test
    void withNoRedactedPathMalformedJsonAndTextBecomeStringsAndBinaryBodiesNull() {
        ExchangeRecordWriter withoutPaths = writer(new Redaction(List.of("authorization"), List.of(), List.of(), KEY));
        JsonNode malformed = SharedBroker.parse(new String(
                withoutPaths
                        .write(exchange(null, "application/json", "{\"a\":", "image/png", "PNG"))
                        .toByteArray(),
                StandardCharsets.UTF_8));
        assertThat(malformed.get("mode").asString()).isEqualTo("live");
        assertThat(malformed.get("request").get("body").asString()).isEqualTo("{\"a\":");
        assertThat(malformed.get("response").get("body").isNull()).isTrue();
        JsonNode text = SharedBroker.parse(new String(
                writer.write(exchange(null, "text/plain;charset=UTF-8", "grüße", null, ""))
                        .toByteArray(),
                StandardCharsets.UTF_8));
        assertThat(text.get("request").get("body").asString()).isEqualTo("grüße");
        assertThat(text.get("response").get("body").isNull()).isTrue();
    }

    @Test
    void aMalformedJsonBodyIsHashedWholeWhenPathsAreRedactedBesideAWellFormedOneOfTheSameRecord() {
        for (boolean requestMalformed : new boolean[] {true, false}) {
            String malformed = "{\"owner\":\"Alice\",\"cards\":[{\"number\":\"4111\"}";
            String wellFormed = "{\"owner\":\"Bob\",\"n\":1}";
            String written = new String(
                    writer.write(exchange(
                                    null,
                                    "application/json",
                                    requestMalformed ? malformed : wellFormed,
                                    "application/json",
                                    requestMalformed ? wellFormed : malformed))
                            .toByteArray(),
                    StandardCharsets.UTF_8);
            assertThat(written).doesNotContain("Alice", "4111", "Bob");
            JsonNode record = SharedBroker.parse(written);
            JsonNode hashed =
                    record.get(requestMalformed ? "request" : "response").get("body");
            JsonNode asJson =
                    record.get(requestMalformed ? "response" : "request").get("body");
            assertThat(hashed.asString()).isEqualTo(redaction.hasher().hash(malformed));
            assertThat(asJson.get("owner").asString()).startsWith("hmac:");
            assertThat(asJson.get("n").asInt()).isEqualTo(1);
            assertThat(record.get("response").get("status").asInt()).isEqualTo(409);
        }
    }

    @Test
    void aCutJsonBodyIsHashedWholeWhenPathsAreRedacted() {
        String order = "{\"owner\":\"Alice\",\"lines\":[" + "{\"sku\":\"A-1\"},".repeat(100) + "{}]}";
        JsonNode record = SharedBroker.parse(new String(
                writer.write(exchange(null, "application/json", order, "application/json", "{}"))
                        .toByteArray(),
                StandardCharsets.UTF_8));
        JsonNode request = record.get("request");
        assertThat(request.get("truncated").asBoolean()).isTrue();
        assertThat(request.get("body").asString()).isEqualTo(redaction.hasher().hash(order.substring(0, 1024)));
    }

    @Test
    void formBodiesHaveTheirRedactedParametersHashedLikeTheQuery() {
        Redaction parameters = new Redaction(List.of(), List.of("password", "card"), List.of(), KEY);
        ExchangeRecordWriter withParameters = writer(parameters);
        JsonNode record = SharedBroker.parse(new String(
                withParameters
                        .write(exchange(
                                null,
                                "application/x-www-form-urlencoded;charset=UTF-8",
                                "user=ann&password=s3cret&card=4111&remember=on",
                                "text/plain",
                                "password=s3cret"))
                        .toByteArray(),
                StandardCharsets.UTF_8));
        Redaction.Hasher hasher = parameters.hasher();
        assertThat(record.get("request").get("body").asString())
                .isEqualTo(
                        "user=ann&password=" + hasher.hash("s3cret") + "&card=" + hasher.hash("4111") + "&remember=on");
        assertThat(record.get("response").get("body").asString()).isEqualTo("password=s3cret");
    }

    @Test
    void aRequestBodyTheApplicationNeverReadIsNullAndKeepsNoChunk() {
        ChunkPool onlyOne = new ChunkPool(1);
        CapturedExchange exchange = new CapturedExchange(
                "id-2", null, "GET", "/payments/1", null, new String[] {null}, "application/json", 1024, onlyOne);
        byte[] answer = "{\"id\":1}".getBytes(StandardCharsets.UTF_8);
        exchange.responseBody().write(answer, 0, answer.length);
        exchange.complete("/payments/{id}", 200, new String[] {null}, "application/json");
        JsonNode record = SharedBroker.parse(new String(writer.write(exchange).toByteArray(), StandardCharsets.UTF_8));
        assertThat(record.get("request").get("body").isNull()).isTrue();
        assertThat(record.get("request").get("truncated").asBoolean()).isFalse();
        assertThat(record.get("request").get("headers").isEmpty()).isTrue();
        assertThat(record.get("response").get("body").get("id").asInt()).isEqualTo(1);
        exchange.release();
        assertThat(BodyCapture.NONE.size()).isZero();
    }

    @Test
    void withNoRedactedPathAJsonBodyCutByTheLimitIsKeptAsTheStringOfItsFirstBytesAndFlagged() {
        ExchangeRecordWriter withoutPaths = writer(new Redaction(List.of("authorization"), List.of(), List.of(), KEY));
        String lines = "{\"sku\":\"SKU-1000\",\"quantity\":1},".repeat(40);
        String order = "{\"lines\":[" + lines + "{}],\"total\":1}";
        JsonNode record = SharedBroker.parse(new String(
                withoutPaths
                        .write(exchange(null, "application/json", "{}", "application/json", order))
                        .toByteArray(),
                StandardCharsets.UTF_8));
        JsonNode response = record.get("response");
        assertThat(response.get("truncated").asBoolean()).isTrue();
        assertThat(response.get("body").isString()).isTrue();
        assertThat(response.get("body").asString()).isEqualTo(order.substring(0, 1024));
        assertThat(record.get("request").get("truncated").asBoolean()).isFalse();
        assertThat(record.get("request").get("body").isObject()).isTrue();
    }

    @Test
    void aMissingKeyFailsFastWhenSomethingCapturedIsRedacted() {
        Redaction withoutKey = new Redaction(List.of("authorization"), List.of(), List.of(), null);
        assertThatIllegalStateException()
                .isThrownBy(() -> withoutKey.requireKeyFor(List.of("Authorization")))
                .withMessageContaining("shadow.compare.capture.redact.key");
        withoutKey.requireKeyFor(List.of("content-type"));
        assertThatIllegalStateException()
                .isThrownBy(() -> new Redaction(List.of(), List.of(), List.of("a.b"), null).requireKeyFor(List.of()))
                .withMessageContaining("shadow.compare.capture.redact.key");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new Redaction(List.of(), List.of(), List.of(), "short"))
                .withMessageContaining("shadow.compare.capture.redact.key");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new Redaction(List.of(), List.of(), List.of("a..b"), KEY))
                .withMessageContaining("shadow.compare.capture.redact.json-paths");
    }

    @Test
    void bodiesBeyondTheLimitAreCutAndFlagged() {
        BodyCapture body = new BodyCapture(5000, pool);
        byte[] bytes = "x".repeat(6000).getBytes(StandardCharsets.UTF_8);
        body.write(bytes, 0, 3000);
        body.write('y');
        body.write(bytes, 0, 3000);
        assertThat(body.size()).isEqualTo(5000);
        assertThat(body.truncated()).isTrue();
        assertThat(body.toString(StandardCharsets.UTF_8))
                .startsWith("x".repeat(3000) + "y")
                .hasSize(5000);
        body.release();
        assertThat(body.size()).isZero();
    }

    @Test
    void directBuffersAreKeptFromTheirPositionOverSeveralChunksAndLeftWhereTheyWere() {
        BodyCapture body = new BodyCapture(5000, pool);
        java.nio.ByteBuffer direct = java.nio.ByteBuffer.allocateDirect(6000);
        for (int i = 0; i < 6000; i++) {
            direct.put((byte) ('a' + i % 26));
        }
        direct.position(26).limit(26 + 4500);
        body.write(direct);
        assertThat(direct.position()).isEqualTo(26);
        assertThat(body.truncated()).isFalse();
        direct.limit(6000);
        body.write(direct);
        assertThat(body.truncated()).isTrue();
        String kept = body.toString(StandardCharsets.US_ASCII);
        assertThat(kept).hasSize(5000).startsWith("abcdefghij");
        assertThat(kept.substring(4500)).startsWith("abcdefghij");
        assertThat(kept.charAt(4499)).isEqualTo((char) ('a' + (26 + 4499) % 26));
        body.release();
    }

    private CapturedExchange exchange(
            ShadowContext context, String requestType, String requestBody, String responseType, String responseBody) {
        CapturedExchange exchange = new CapturedExchange(
                "id-1", context, "POST", "/payments", null, new String[] {"Bearer abc"}, requestType, 1024, pool);
        byte[] requestBytes = requestBody.getBytes(StandardCharsets.UTF_8);
        if (requestBytes.length > 0) {
            exchange.requestBody().write(requestBytes, 0, requestBytes.length);
        }
        byte[] responseBytes = responseBody.getBytes(StandardCharsets.UTF_8);
        exchange.responseBody().write(responseBytes, 0, responseBytes.length);
        exchange.complete("/payments", 409, new String[] {"/payments/1"}, responseType);
        return exchange;
    }
}
