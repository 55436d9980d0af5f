package com.sage200events.common.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A page read item by item keeps each object's exact bytes beside its tree, and gives none where the two could differ. */
class SourcedArraysTest {

    @Test
    void eachObjectKeepsItsOwnBytesExactly() throws IOException {
        String first = "{\"id\":1,\"balance\":98765432109876543.21,\"name\":\"Zoë \\u00d6st \\\"q\\\"\",\"nested\":{\"a\":[1,{\"b\":-0.0}]}}";
        String second = "{ \"id\" : 2 ,\n \"credit_limit\": 0.10, \"emoji\": \"\uD83D\uDE00\", \"e\": 1E+2 }";
        byte[] body = (" [ " + first + " ,\n" + second + " , {} ] trailing").getBytes(StandardCharsets.UTF_8);

        List<SourcedArrays.Item> items = SourcedArrays.read(body).orElseThrow();

        assertThat(items).hasSize(3);
        assertThat(items.get(0).source().toString()).isEqualTo(first);
        assertThat(items.get(1).source().toString()).isEqualTo(second);
        assertThat(items.get(2).source().toString()).isEqualTo("{}");
        for (SourcedArrays.Item item : items) {
            assertThat(Json.fromBytes(item.source().toBytes(), JsonNode.class)).isEqualTo(item.tree());
        }
        assertThat(items.get(0).tree().get("balance").asText()).isEqualTo("98765432109876543.21");
    }

    @Test
    void aRepeatedNameAnywhereInAnObjectLeavesItWithoutSource() throws IOException {
        byte[] body = "[{\"id\":1,\"id\":2},{\"id\":3,\"inner\":{\"x\":1,\"x\":2}},{\"id\":4}]".getBytes(StandardCharsets.UTF_8);

        List<SourcedArrays.Item> items = SourcedArrays.read(body).orElseThrow();

        assertThat(items.get(0).source()).isNull();
        assertThat(items.get(0).tree().get("id").asInt()).isEqualTo(2);
        assertThat(items.get(1).source()).isNull();
        assertThat(items.get(2).source().toString()).isEqualTo("{\"id\":4}");
    }

    @Test
    void itemsThatAreNotObjectsHaveTreesButNoSource() throws IOException {
        List<SourcedArrays.Item> items = SourcedArrays.read("[1, null, \"x\", [2]]".getBytes(StandardCharsets.UTF_8)).orElseThrow();

        assertThat(items).extracting(SourcedArrays.Item::source).containsOnlyNulls();
        assertThat(items).extracting(i -> i.tree().toString()).containsExactly("1", "null", "\"x\"", "[2]");
    }

    @Test
    void malformedUtf8ThatJacksonDecodesAnywayLeavesThePageWithoutSources() throws IOException {
        // Review of issue 12: an overlong NUL (C0 80) and a code point above U+10FFFF (F4 90 80 80) parse without error,
        // so their bytes, copied, would make the published JSON invalid UTF-8.
        for (byte[] bad : List.of(new byte[] {(byte) 0xC0, (byte) 0x80}, new byte[] {(byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80})) {
            byte[] prefix = "[{\"id\":1},{\"name\":\"x".getBytes(StandardCharsets.US_ASCII);
            byte[] suffix = "y\"}]".getBytes(StandardCharsets.US_ASCII);
            byte[] body = new byte[prefix.length + bad.length + suffix.length];
            System.arraycopy(prefix, 0, body, 0, prefix.length);
            System.arraycopy(bad, 0, body, prefix.length, bad.length);
            System.arraycopy(suffix, 0, body, prefix.length + bad.length, suffix.length);

            List<SourcedArrays.Item> items = SourcedArrays.read(body).orElseThrow();

            assertThat(items).hasSize(2);
            assertThat(items).extracting(SourcedArrays.Item::source).containsOnlyNulls();
        }
        assertThat(SourcedArrays.read("[{\"name\":\"Zoë\"}]".getBytes(StandardCharsets.UTF_8)).orElseThrow().get(0).source())
                .as("well-formed UTF-8 keeps its source").isNotNull();
    }

    @Test
    void malformedUtf8IsFoundAtAnyPositionOfTheWordAtATimeScan() {
        for (int length = 0; length <= 17; length++) {
            byte[] ascii = "abcdefghijklmnopq".substring(0, length).getBytes(StandardCharsets.US_ASCII);
            assertThat(SourcedArrays.strictUtf8(ascii)).as("ASCII of %d bytes", length).isTrue();
            for (int at = 0; at < length; at++) {
                byte[] bad = ascii.clone();
                bad[at] = (byte) 0xC0; // a lead byte with nothing valid after it
                assertThat(SourcedArrays.strictUtf8(bad)).as("0xC0 at %d of %d", at, length).isFalse();
            }
        }
        assertThat(SourcedArrays.strictUtf8("0123456789é".getBytes(StandardCharsets.UTF_8))).isTrue();
    }

    @Test
    void aRootThatIsNotAnArrayIsLeftToTheCaller() throws IOException {
        assertThat(SourcedArrays.read("{\"value\":[{\"id\":1}]}".getBytes(StandardCharsets.UTF_8))).isEmpty();
        assertThat(SourcedArrays.read(new byte[0])).isEmpty();
    }

    @Test
    void utf16InputIsReadWithoutSources() throws IOException {
        List<SourcedArrays.Item> items = SourcedArrays.read("[{\"id\":1}]".getBytes(StandardCharsets.UTF_16BE)).orElseThrow();

        assertThat(items.get(0).tree().get("id").asInt()).isEqualTo(1);
        assertThat(items.get(0).source()).isNull();
    }

    @Test
    void malformedJsonIsRefused() {
        assertThatThrownBy(() -> SourcedArrays.read("[{\"id\":1},{\"id\":".getBytes(StandardCharsets.UTF_8))).isInstanceOf(IOException.class);
        assertThatThrownBy(() -> SourcedArrays.read("[{\"id\":1}".getBytes(StandardCharsets.UTF_8))).isInstanceOf(IOException.class);
    }

    @Test
    void fieldsAppendedToTheTextMatchFieldsPutOnTheTree() throws IOException {
        byte[] body = "[{\"id\":7,\"amount\":12.50 }, {  }]".getBytes(StandardCharsets.UTF_8);
        List<SourcedArrays.Item> items = SourcedArrays.read(body).orElseThrow();
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("created_at", "2026-11-30T05:00:00Z");
        fields.put("odd \"name\"", "line\nbreak é");

        for (SourcedArrays.Item item : items) {
            RawJson extended = item.source().withStringFields(fields);
            fields.forEach(((com.fasterxml.jackson.databind.node.ObjectNode) item.tree())::put);

            assertThat(Json.fromBytes(extended.toBytes(), JsonNode.class)).isEqualTo(item.tree());
            assertThat(Json.toString(Json.fromBytes(extended.toBytes(), JsonNode.class))).isEqualTo(Json.toString(item.tree()));
        }
        assertThat(items.get(0).source().withStringFields(Map.of()).toString()).isEqualTo("{\"id\":7,\"amount\":12.50 }");
    }

    @Test
    void itCopiesOutItsBytesWithTheAppendedFields() throws IOException {
        String record = "{\"id\":1,\"balance\":0.10,\"name\":\"中文\"}";
        RawJson raw = SourcedArrays.read(("[" + record + "]").getBytes(StandardCharsets.UTF_8)).orElseThrow().get(0).source();
        RawJson extended = raw.withStringFields(Map.of("updated_at", "2026-11-30T05:00:00Z"));
        String expected = "{\"id\":1,\"balance\":0.10,\"name\":\"中文\",\"updated_at\":\"2026-11-30T05:00:00Z\"}";

        byte[] out = new byte[extended.length() + 4];
        assertThat(extended.copyTo(out, 2)).isEqualTo(2 + extended.length());

        assertThat(new String(out, 2, extended.length(), StandardCharsets.UTF_8)).isEqualTo(expected);
        assertThat(extended.length()).isEqualTo(expected.getBytes(StandardCharsets.UTF_8).length);
        assertThat(raw.toString()).isEqualTo(record);
        assertThatThrownBy(() -> extended.withStringFields(Map.of("x", "y"))).isInstanceOf(IllegalStateException.class);
    }
}
