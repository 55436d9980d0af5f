package com.sage200events.common.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sage200events.common.model.EventNotification;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Vendor values leave as they came (DESIGN §4 "Exact vendor data"): numbers keep their text, strings every code point. */
class ExactVendorDataTest {

    @ParameterizedTest
    @ValueSource(strings = {"98765432109876543.21", "0.10", "1E+2", "-0.0", "-0", "18446744073709551617",
            "1234567890.123456789012345678901234567890", "1e-7", "2.50E-3", "0", "-12", "9223372036854775807", "100.000",
            "3.141592653589793238462643383279"})
    void aNumberKeepsItsTextThroughATreeAndBack(String number) {
        String json = "{\"balance\":" + number + ",\"list\":[" + number + "," + number + "]}";

        assertThat(Json.toString(Json.tree(json))).isEqualTo(json);
        assertThat(new String(Json.toBytes(Json.fromBytes(json.getBytes(StandardCharsets.UTF_8), JsonNode.class)),
                StandardCharsets.UTF_8)).isEqualTo(json);
    }

    @ParameterizedTest
    @ValueSource(strings = {"plain", "Zoë Öst", "\uD83D\uDE00 emoji", "e\u0301 combining", "line\u2028separator", "tab\tand \"quotes\"",
            "nul\u0000char", "\u00A0nbsp", "中文"})
    void aStringKeepsEveryCodePoint(String value) {
        ObjectNode record = Json.object().put("name", value);

        JsonNode back = Json.fromBytes(Json.toBytes(record), JsonNode.class);

        assertThat(back.get("name").asText()).isEqualTo(value);
        assertThat(back.get("name").asText().codePoints().toArray()).isEqualTo(value.codePoints().toArray());
    }

    @Test
    void aNotificationKeepsItsRecordsNumbersVerbatim() {
        ObjectNode record = (ObjectNode) Json.tree("{\"id\":1004,\"balance\":98765432109876543.21,\"credit_limit\":0.10,"
                + "\"big\":123456789012345678901234567890,\"tiny\":-0.0}");
        EventNotification notification = new EventNotification(1, "msg_1", 7, "customers", "2026-11-29T00:00:00Z",
                List.of(new com.sage200events.common.model.Event("evt_1", "CREATED", "customers", "1004", "2026-11-29T00:00:00Z",
                        "2026-11-29T00:00:00Z", "sage200", "finance")), List.of(record));

        String onTheWire = new String(Json.toBytes(Json.fromBytes(Json.toBytes(notification), EventNotification.class)),
                StandardCharsets.UTF_8);

        assertThat(onTheWire).contains("\"balance\":98765432109876543.21", "\"credit_limit\":0.10",
                "\"big\":123456789012345678901234567890", "\"tiny\":-0.0");
    }

    @Test
    void numbersStillReadAsNumbers() {
        JsonNode node = Json.tree("{\"id\":42,\"amount\":12.50}");

        assertThat(node.get("id").asLong()).isEqualTo(42);
        assertThat(node.get("amount").isNumber()).isTrue();
        assertThat(node.get("amount").decimalValue()).isEqualByComparingTo("12.5");
        assertThat(node.get("amount").asText()).isEqualTo("12.50");
    }

    @Test
    void typedTreePropertiesAreReadToo() {
        Holder holder = Json.fromString("{\"object\":{\"v\":0.10},\"array\":[1E+2]}", Holder.class);

        assertThat(Json.toString(holder)).isEqualTo("{\"object\":{\"v\":0.10},\"array\":[1E+2]}");
        assertThat(Json.fromString("{\"object\":null}", Holder.class).object()).isNull();
    }

    @Test
    void aTreeOfTheWrongShapeIsRefused() {
        assertThatThrownBy(() -> Json.fromString("{\"object\":[1]}", Holder.class)).isInstanceOf(IllegalArgumentException.class);
        assertThat(Json.convert(Map.of("a", 1), JsonNode.class).get("a").asInt()).isEqualTo(1);
    }

    record Holder(ObjectNode object, ArrayNode array) {
    }
}
