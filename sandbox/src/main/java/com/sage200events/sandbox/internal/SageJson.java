package com.sage200events.sandbox.internal;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.Map;

/** The one JSON mapper: Instants in Sage's format, decimals exact and never in E-notation. */
public final class SageJson {

    public static final ObjectMapper MAPPER = JsonMapper.builder()
            .addModule(new SimpleModule("sage-time").addSerializer(Instant.class, new InstantSerializer()))
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(StreamWriteFeature.WRITE_BIGDECIMAL_AS_PLAIN)
            .build();

    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {};

    private SageJson() {}

    public static byte[] bytes(Object value) {
        try {
            return MAPPER.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Parses a JSON object. @throws IllegalArgumentException when the bytes are not one */
    public static Map<String, Object> object(byte[] json) {
        try {
            Map<String, Object> map = MAPPER.readValue(json, MAP);
            if (map == null) {
                throw new IllegalArgumentException("expected a JSON object, got null");
            }
            return map;
        } catch (IOException e) {
            throw new IllegalArgumentException("expected a JSON object: " + e.getMessage(), e);
        }
    }

    private static final class InstantSerializer extends JsonSerializer<Instant> {
        @Override
        public void serialize(Instant value, JsonGenerator gen, SerializerProvider serializers) throws IOException {
            gen.writeString(SageTime.format(value));
        }
    }
}
