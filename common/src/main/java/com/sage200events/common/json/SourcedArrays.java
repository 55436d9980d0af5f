package com.sage200events.common.json;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Reads a JSON array from UTF-8 bytes item by item: each item as the exact tree {@link Json#mapper()} reads
 * (numbers keep their text, {@link ExactTreeDeserializer}) and, for an object, also its own bytes in the input as
 * a {@link RawJson}, so it can be written out again without serializing the tree (DESIGN §4 "Exact vendor data").
 *
 * <p>An object gets no source when its bytes and its tree could differ: when a name repeats within it or within
 * anything nested in it (the tree keeps the last value, the text keeps both), or when the input is not UTF-8
 * (Jackson reads UTF-16 and UTF-32 too, and gives no byte offsets for them).
 */
public final class SourcedArrays {

    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    private SourcedArrays() {
    }

    /**
     * One array item.
     *
     * @param tree the item as a tree
     * @param source the object's exact text in the input; null for an item that is not an object, or whose text
     *     could differ from its tree (see the class comment)
     */
    public record Item(JsonNode tree, RawJson source) {
    }

    /**
     * Reads {@code body} if its root is an array; what follows the array is not read, as {@code readTree} does not.
     * The items' sources share {@code body}, which must not change afterwards.
     *
     * @return the items in order, or empty if the root is not an array (including an empty body)
     * @throws IOException if the body is not well-formed JSON up to the array's end
     */
    public static Optional<List<Item>> read(byte[] body) throws IOException {
        // Jackson decodes some malformed UTF-8 (overlong forms, code points above U+10FFFF) without complaint; its tree
        // then holds valid text while the bytes do not, and copying them would send invalid JSON. Such a page gets no
        // sources at all.
        boolean sourcesAllowed = strictUtf8(body);
        int[] duplicates = new int[1];
        ObjectReader reader = Json.mapper().readerFor(JsonNode.class).withAttribute(ExactTreeDeserializer.DUPLICATE_FIELDS, duplicates);
        try (JsonParser parser = Json.mapper().createParser(body)) {
            if (parser.nextToken() != JsonToken.START_ARRAY) {
                return Optional.empty();
            }
            List<Item> items = new ArrayList<>();
            for (JsonToken token = parser.nextToken(); token != JsonToken.END_ARRAY; token = parser.nextToken()) {
                if (token == null) {
                    throw new IOException("the array ends without its closing bracket");
                }
                // Offsets are checked two ways (the token's start, the input position) and against the brace
                // itself: a wrong range would send a record's neighbour's bytes, so any doubt means no source.
                long start = parser.currentTokenLocation().getByteOffset();
                boolean startKnown = token == JsonToken.START_OBJECT && start >= 0
                        && parser.currentLocation().getByteOffset() == start + 1 && body[(int) start] == '{';
                int duplicatesBefore = duplicates[0];
                JsonNode tree = reader.readValue(parser);
                long end = parser.currentTokenLocation().getByteOffset();
                boolean endKnown = end > start && parser.currentLocation().getByteOffset() == end + 1 && body[(int) end] == '}';
                RawJson source = sourcesAllowed && startKnown && endKnown && tree != null && tree.isObject() && duplicates[0] == duplicatesBefore
                        ? new RawJson(body, (int) start, (int) (end - start + 1)) : null;
                items.add(new Item(tree, source));
            }
            return Optional.of(items);
        }
    }

    /** Whether {@code body} is well-formed UTF-8 by the JDK's strict decoder; pure ASCII, the usual case, in one scan. */
    static boolean strictUtf8(byte[] body) {
        // Eight bytes at a time: a set high bit anywhere means not ASCII (this runs once per delivery in the dispatcher).
        boolean ascii = true;
        int i = 0;
        for (; i + Long.BYTES <= body.length && ascii; i += Long.BYTES) {
            ascii = ((long) LONGS.get(body, i) & 0x8080808080808080L) == 0;
        }
        for (; i < body.length && ascii; i++) {
            ascii = body[i] >= 0;
        }
        if (ascii) {
            return true;
        }
        try {
            StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(body));
            return true;
        } catch (CharacterCodingException e) {
            return false;
        }
    }
}
