package com.sage200events.common.json;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.util.RawValue;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * Reads JSON trees whose numbers keep their text: every fraction or exponent, and any integer Jackson would
 * not write back as it was ({@code -0}), becomes an {@link ExactNumberNode}; other integers stay Jackson's own
 * int, long or big-integer nodes, which already round-trip exactly. Everything else is as Jackson reads it.
 *
 * <p>Jackson's own tree reader turns fractions into {@code double} (or, with {@code USE_BIG_DECIMAL_FOR_FLOATS},
 * into a {@code BigDecimal} that loses {@code -0.0} and the spelling of exponents); it cannot be told to keep the
 * text, hence this reader. Nesting depth is bounded by the parser's {@code StreamReadConstraints} (1,000 by
 * default) before this recursion could grow deep.
 *
 * @param <T> {@link JsonNode}, {@link ObjectNode} or {@link ArrayNode}: the type a property or root declares
 */
final class ExactTreeDeserializer<T extends JsonNode> extends StdDeserializer<T> {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    /**
     * Key of a per-read attribute ({@code ObjectReader.withAttribute}): an {@code int[1]} that counts the fields
     * whose name repeats one before it in the same object (the tree keeps the last), so a caller holding the text
     * too knows when text and tree differ ({@link SourcedArrays}).
     */
    static final Object DUPLICATE_FIELDS = new Object();

    /**
     * Key of a per-read attribute: the strictly valid UTF-8 {@code byte[]} being read. With it, a JSON object read
     * where a {@link JsonNode} is declared is not built into a tree but kept as its text ({@link Json#fromBytesKeepingObjects}).
     */
    static final Object SOURCE = new Object();

    private ExactTreeDeserializer(Class<T> type) {
        super(type);
    }

    static <T extends JsonNode> ExactTreeDeserializer<T> of(Class<T> type) {
        return new ExactTreeDeserializer<>(type);
    }

    @Override
    public T deserialize(JsonParser parser, DeserializationContext context) throws IOException {
        if (handledType() == JsonNode.class && parser.currentToken() == JsonToken.START_OBJECT
                && context.getAttribute(SOURCE) instanceof byte[] source) {
            return handledType().cast(textOfObject(parser, source));
        }
        JsonNode node = read(parser, context, parser.currentToken());
        if (!handledType().isInstance(node)) {
            return handledType().cast(context.handleUnexpectedToken(handledType(), parser));
        }
        return handledType().cast(node);
    }

    @Override
    @SuppressWarnings("unchecked")
    public Class<T> handledType() {
        return (Class<T>) super.handledType();
    }

    @Override
    public T getNullValue(DeserializationContext context) {
        // A JSON null where a tree is expected is a NullNode for JsonNode, and Java null for ObjectNode/ArrayNode.
        return handledType() == JsonNode.class ? handledType().cast(NODES.nullNode()) : null;
    }

    /**
     * The object at the parser's {@code START_OBJECT} as a node that writes exactly its text again; the parser is
     * left on its {@code END_OBJECT}. Skipping still checks the object's syntax and nesting depth.
     *
     * @throws SourceMismatchException if the parser's byte offsets do not frame this object in {@code source}
     */
    private static JsonNode textOfObject(JsonParser parser, byte[] source) throws IOException {
        long start = parser.currentTokenLocation().getByteOffset();
        parser.skipChildren();
        long end = parser.currentTokenLocation().getByteOffset();
        // The offsets are checked against the braces themselves: a wrong range would pass a neighbour's bytes on.
        if (start < 0 || end <= start || end >= source.length || source[(int) start] != '{' || source[(int) end] != '}'
                || parser.currentLocation().getByteOffset() != end + 1) {
            throw new SourceMismatchException();
        }
        String text = new String(source, (int) start, (int) (end - start + 1), StandardCharsets.UTF_8);
        return NODES.rawValueNode(new RawValue(text));
    }

    /** The parser's byte offsets did not frame an object in the source; the caller reads the input as trees instead. */
    static final class SourceMismatchException extends IOException {
        SourceMismatchException() {
            super("byte offsets do not frame the object");
        }
    }

    private JsonNode read(JsonParser parser, DeserializationContext context, JsonToken token) throws IOException {
        return switch (token) {
            case START_OBJECT -> readObject(parser, context);
            case FIELD_NAME -> readObjectFromField(parser, context, NODES.objectNode());
            case START_ARRAY -> readArray(parser, context);
            case VALUE_STRING -> NODES.textNode(parser.getText());
            case VALUE_NUMBER_FLOAT -> new ExactNumberNode(parser.getText());
            case VALUE_NUMBER_INT -> integer(parser);
            case VALUE_TRUE -> NODES.booleanNode(true);
            case VALUE_FALSE -> NODES.booleanNode(false);
            case VALUE_NULL -> NODES.nullNode();
            case VALUE_EMBEDDED_OBJECT -> NODES.pojoNode(parser.getEmbeddedObject());
            default -> (JsonNode) context.handleUnexpectedToken(JsonNode.class, parser);
        };
    }

    private ObjectNode readObject(JsonParser parser, DeserializationContext context) throws IOException {
        ObjectNode object = NODES.objectNode();
        if (parser.nextToken() == JsonToken.END_OBJECT) {
            return object;
        }
        return readObjectFromField(parser, context, object);
    }

    /** Reads fields from the current {@code FIELD_NAME} to the closing brace. */
    private ObjectNode readObjectFromField(JsonParser parser, DeserializationContext context, ObjectNode object)
            throws IOException {
        for (JsonToken token = parser.currentToken(); token == JsonToken.FIELD_NAME; token = parser.nextToken()) {
            String name = parser.currentName();
            JsonNode value = read(parser, context, parser.nextToken());
            if (object.replace(name, value) != null) {
                if (context.isEnabled(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)) {
                    context.reportInputMismatch(JsonNode.class, "duplicate field '%s'", name);
                }
                if (context.getAttribute(DUPLICATE_FIELDS) instanceof int[] count) {
                    count[0]++;
                }
            }
        }
        return object;
    }

    private ArrayNode readArray(JsonParser parser, DeserializationContext context) throws IOException {
        ArrayNode array = NODES.arrayNode();
        for (JsonToken token = parser.nextToken(); token != JsonToken.END_ARRAY; token = parser.nextToken()) {
            array.add(read(parser, context, token));
        }
        return array;
    }

    private static JsonNode integer(JsonParser parser) throws IOException {
        String text = parser.getText();
        if (text.startsWith("-0")) {
            return new ExactNumberNode(text); // "-0": Jackson's int node would write "0"
        }
        return switch (parser.getNumberType()) {
            case INT -> NODES.numberNode(parser.getIntValue());
            case LONG -> NODES.numberNode(parser.getLongValue());
            default -> NODES.numberNode(parser.getBigIntegerValue());
        };
    }
}
