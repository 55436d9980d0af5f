package com.sage200events.common.json;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;

/** The one configured {@link ObjectMapper} every module uses, so wire formats cannot drift apart. */
public final class Json {

    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .addModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            // Records written by a newer producer may carry fields we do not know yet (additive schema policy).
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .serializationInclusion(JsonInclude.Include.NON_NULL)
            // Vendor numbers keep their text, end to end (DESIGN §4 "Exact vendor data").
            .addModule(new SimpleModule("exact-trees")
                    .addDeserializer(JsonNode.class, ExactTreeDeserializer.of(JsonNode.class))
                    .addDeserializer(ObjectNode.class, ExactTreeDeserializer.of(ObjectNode.class))
                    .addDeserializer(ArrayNode.class, ExactTreeDeserializer.of(ArrayNode.class)))
            .build();

    // A reader per type, made once: resolving the type on every read shows in the dispatcher's profile.
    private static final ClassValue<ObjectReader> READERS = new ClassValue<>() {
        @Override
        protected ObjectReader computeValue(Class<?> type) {
            return MAPPER.readerFor(type);
        }
    };

    private Json() {
    }

    public static ObjectMapper mapper() {
        return MAPPER;
    }

    public static byte[] toBytes(Object value) {
        try {
            return MAPPER.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot serialize " + value.getClass().getSimpleName(), e);
        }
    }

    public static String toString(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot serialize " + value.getClass().getSimpleName(), e);
        }
    }

    /** Parses bytes into {@code type}; a malformed payload is an {@link IllegalArgumentException}. */
    public static <T> T fromBytes(byte[] bytes, Class<T> type) {
        try {
            return READERS.get(type).readValue(bytes);
        } catch (IOException e) {
            throw new IllegalArgumentException("malformed " + type.getSimpleName() + ": " + e.getMessage(), e);
        }
    }

    /**
     * As {@link #fromBytes}, except that each JSON object read where a {@link JsonNode} is declared is not built into
     * a tree: it stays its exact text, in a node that writes that text back ({@link ObjectMapper#writeTree} and every
     * serialization of the result copy it). For readers that pass vendor records through without looking inside
     * them (the dispatcher, issue 12): building and writing a record's tree again cost as much as the rest of a
     * delivery. The text passes through as it was written, a repeated field name included; its syntax and nesting
     * are still checked.
     *
     * <p>Input that is not strictly valid UTF-8, or whose byte offsets do not check out, is read as trees.
     *
     * @throws IllegalArgumentException if the bytes are not a well-formed {@code type}
     */
    public static <T> T fromBytesKeepingObjects(byte[] bytes, Class<T> type) {
        if (!SourcedArrays.strictUtf8(bytes)) {
            return fromBytes(bytes, type);
        }
        try {
            return READERS.get(type).withAttribute(ExactTreeDeserializer.SOURCE, bytes).readValue(bytes);
        } catch (IOException e) {
            for (Throwable cause = e; cause != null; cause = cause.getCause()) {
                if (cause instanceof ExactTreeDeserializer.SourceMismatchException) {
                    return fromBytes(bytes, type);
                }
            }
            throw new IllegalArgumentException("malformed " + type.getSimpleName() + ": " + e.getMessage(), e);
        }
    }

    public static <T> T fromString(String text, Class<T> type) {
        try {
            return MAPPER.readValue(text, type);
        } catch (IOException e) {
            throw new IllegalArgumentException("malformed " + type.getSimpleName() + ": " + e.getMessage(), e);
        }
    }

    public static JsonNode tree(String text) {
        try {
            return MAPPER.readTree(text);
        } catch (IOException e) {
            throw new IllegalArgumentException("malformed JSON: " + e.getMessage(), e);
        }
    }

    public static <T> T convert(Object value, Class<T> type) {
        return MAPPER.convertValue(value, type);
    }

    public static ObjectNode object() {
        return MAPPER.createObjectNode();
    }

}
