package dev.shadowtx.compare.capture;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class JsonBytesTests {

    private static final String TRICKY = "a/b \"q\" \\ \u0001\n\r\t\b\f\u001f\u007f é ß 中 😀 </script>";

    @Test
    void writesJsonThatParsesBackToTheSameValues() {
        JsonBytes json = new JsonBytes(4);
        for (int round = 0; round < 2; round++) {
            json.reset();
            json.startObject();
            json.name("v");
            json.number(1);
            json.name("zero");
            json.number(0);
            json.name("big");
            json.number(Integer.MAX_VALUE);
            json.name(TRICKY);
            json.value(TRICKY);
            json.name("chars");
            char[] chars = ("xx" + TRICKY + "yy").toCharArray();
            json.value(chars, 2, chars.length - 4);
            json.name("exact");
            char[] number = "-12.50e+3".toCharArray();
            json.number(number, 0, number.length);
            json.name("list");
            json.startArray();
            json.value(true);
            json.value(false);
            json.nullValue();
            json.nullableValue(null);
            json.startObject();
            json.endObject();
            json.startArray();
            json.endArray();
            json.nullableValue("last");
            json.endArray();
            json.endObject();
        }
        String text = new String(json.toByteArray(), StandardCharsets.UTF_8);
        JsonNode record = SharedBroker.parse(text);
        assertThat(record.get("v").asInt()).isEqualTo(1);
        assertThat(record.get("zero").asInt()).isZero();
        assertThat(record.get("big").asInt()).isEqualTo(Integer.MAX_VALUE);
        assertThat(record.get(TRICKY).asString()).isEqualTo(TRICKY);
        assertThat(record.get("chars").asString()).isEqualTo(TRICKY);
        assertThat(text).contains("\"exact\":-12.50e+3");
        assertThat(record.get("list").toString()).isEqualTo("[true,false,null,null,{},[],\"last\"]");
    }

    @Test
    void loneSurrogatesAreEscapedNotMangled() {
        JsonBytes json = new JsonBytes(16);
        json.startArray();
        json.value("x\ud800y");
        char[] chars = {'\udc00', 'z'};
        json.value(chars, 0, 2);
        json.endArray();
        assertThat(new String(json.toByteArray(), StandardCharsets.UTF_8)).isEqualTo("[\"x\\uD800y\",\"\\uDC00z\"]");
    }
}
