package com.sage200events.testkit;

import java.util.List;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;

/**
 * Renders received bodies as one JSON array for a human browsing the dev stack's receiver. Decimals keep the text
 * they arrived with ({@code 0.10}, {@code 98765432109876543.21}): the README's walkthrough shows this inbox as
 * "what your callback received", and the bodies are sent with Sage's exact numbers (DESIGN §4, "Exact vendor data").
 */
final class InboxJson {

    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .disable(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES)
            .build();

    private InboxJson() {}

    /** JSON bodies are embedded as JSON; anything else (a bug worth seeing) as a JSON string. */
    static byte[] render(List<ReceivedRequest> requests) {
        ArrayNode array = MAPPER.createArrayNode();
        for (ReceivedRequest request : requests) {
            array.add(parseOrText(request.body()));
        }
        try {
            return MAPPER.writerWithDefaultPrettyPrinter().writeValueAsBytes(array);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot render inbox", e);
        }
    }

    private static JsonNode parseOrText(String body) {
        try {
            JsonNode node = MAPPER.readTree(body);
            return node == null || node.isMissingNode() ? MAPPER.getNodeFactory().textNode(body) : node;
        } catch (JsonProcessingException notJson) {
            return MAPPER.getNodeFactory().textNode(body);
        }
    }
}
