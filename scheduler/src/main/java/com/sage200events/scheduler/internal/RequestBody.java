package com.sage200events.scheduler.internal;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import com.sage200events.common.json.Json;
import com.sage200events.common.model.ValidationException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;

/**
 * A request body read strictly, for every route that takes one: UTF-8 only (RFC 8259 §8.1; a bad byte would
 * otherwise become U+FFFD and could reach Sage inside a where clause), each key at most once per object (issue 17:
 * a repeated {@code "nominal-codes"} was silently won by the second), and only finite numbers ({@code 1e999999}
 * would read as infinity and be stored as the string "Infinity"). Every refusal is a {@link ValidationException}
 * naming the field (the path of the repeated key or the huge number) or {@code body}, and never quotes the body,
 * which may hold secrets.
 */
final class RequestBody {

    /** Jackson's strict duplicate detection (a per-object name set) on the one shared mapper's configuration. */
    private static final ObjectReader STRICT = Json.mapper().reader().with(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
    private static final int MAX_KEY_IN_PATH = 200;

    private RequestBody() {
    }

    /** The body as a JSON tree; {@code bytes} is already bounded by {@code API_MAX_REQUEST_BYTES}. */
    static JsonNode parse(byte[] bytes) {
        requireUtf8(bytes);
        JsonNode tree;
        try {
            tree = STRICT.readTree(bytes);
        } catch (StreamConstraintsException e) {
            throw ValidationException.of("body", "goes beyond what we read (nesting depth, string or number length): "
                    + "send the seed document's shape");
        } catch (JsonProcessingException e) {
            if (e.getOriginalMessage() != null && e.getOriginalMessage().startsWith("Duplicate field")
                    && e.getProcessor() instanceof JsonParser parser) {
                throw ValidationException.of(path(parser.getParsingContext()),
                        "appears twice in one object: each key may be given once");
            }
            throw ValidationException.of("body", "is not valid JSON (or nests deeper than we read)");
        } catch (IOException e) {
            throw ValidationException.of("body", "is not valid JSON");
        }
        if (tree == null || tree.isMissingNode()) {
            throw ValidationException.of("body", "is empty: send a JSON object");
        }
        requireFiniteNumbers(tree);
        return tree;
    }

    private static void requireUtf8(byte[] bytes) {
        try {
            StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes));
        } catch (CharacterCodingException e) {
            throw ValidationException.of("body", "is not valid UTF-8: send JSON encoded as UTF-8");
        }
    }

    /** Depth-first without recursion: the body may nest as deep as the parser allows. */
    private static void requireFiniteNumbers(JsonNode root) {
        Deque<Map.Entry<String, JsonNode>> stack = new ArrayDeque<>();
        stack.push(Map.entry("", root));
        while (!stack.isEmpty()) {
            Map.Entry<String, JsonNode> top = stack.pop();
            JsonNode node = top.getValue();
            if (node.isFloatingPointNumber() && !Double.isFinite(node.doubleValue())) {
                throw ValidationException.of(top.getKey().isEmpty() ? "body" : top.getKey(),
                        "is a number too large to hold; send a smaller number");
            } else if (node.isObject()) {
                node.properties().forEach(e -> stack.push(Map.entry(join(top.getKey(), abbreviate(e.getKey())), e.getValue())));
            } else if (node.isArray()) {
                for (int i = 0; i < node.size(); i++) {
                    stack.push(Map.entry(top.getKey() + "[" + i + "]", node.get(i)));
                }
            }
        }
    }

    /** Our field-path form of a parser position, e.g. {@code configuration.event.poller.configuration.nominal-codes}. */
    private static String path(JsonStreamContext context) {
        List<String> steps = new ArrayList<>();
        for (JsonStreamContext at = context; at != null && !at.inRoot(); at = at.getParent()) {
            if (at.inArray()) {
                steps.add("[" + Math.max(0, at.getCurrentIndex()) + "]");
            } else if (at.getCurrentName() != null) {
                steps.add(abbreviate(at.getCurrentName()));
            }
        }
        StringBuilder path = new StringBuilder();
        for (int i = steps.size() - 1; i >= 0; i--) {
            String step = steps.get(i);
            path.append(step.startsWith("[") || path.length() == 0 ? step : "." + step);
        }
        return path.length() == 0 ? "body" : path.toString();
    }

    private static String join(String parent, String key) {
        return parent.isEmpty() ? key : parent + "." + key;
    }

    private static String abbreviate(String key) {
        return key.length() <= MAX_KEY_IN_PATH ? key : key.substring(0, 40) + "…";
    }
}
