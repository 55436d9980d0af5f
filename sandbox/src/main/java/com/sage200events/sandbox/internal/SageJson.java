package com.sage200events.sandbox.internal;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
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
import java.math.BigDecimal;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.Map;

/** The one JSON mapper: Instants in Sage's format, decimals exact and never in E-notation. */
public final class SageJson {

    public static final ObjectMapper MAPPER = JsonMapper.builder()
            .addModule(new SimpleModule("sage-time").addSerializer(Instant.class, new InstantSerializer()))
            // Fractions keep the text they were written with, wherever an untyped value holds them.
            .addModule(new SimpleModule("exact-numbers")
                    .addDeserializer(Number.class, new ExactNumberDeserializer())
                    .addSerializer(ExactDecimal.class, new ExactDecimalSerializer()))
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

    /**
     * Fractions become BigDecimals, as before, when this mapper writes them back as they came ({@code 0.10}); the others
     * ({@code 1E+2}, {@code -0.0}) become {@link ExactDecimal}s. Integers stay Integer, Long or BigInteger.
     */
    private static final class ExactNumberDeserializer extends JsonDeserializer<Number> {
        @Override
        public Number deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            if (p.currentToken() == JsonToken.VALUE_NUMBER_FLOAT) {
                String text = p.getText();
                BigDecimal value = new BigDecimal(text);
                return value.toPlainString().equals(text) ? value : new ExactDecimal(text);
            }
            if (p.currentToken() == JsonToken.VALUE_NUMBER_INT) {
                return p.getNumberValue();
            }
            return (Number) ctxt.handleUnexpectedToken(Number.class, p);
        }
    }

    private static final class ExactDecimalSerializer extends JsonSerializer<ExactDecimal> {
        @Override
        public void serialize(ExactDecimal value, JsonGenerator gen, SerializerProvider serializers) throws IOException {
            gen.writeNumber(value.toString());
        }
    }

    private static final class InstantSerializer extends JsonSerializer<Instant> {
        @Override
        public void serialize(Instant value, JsonGenerator gen, SerializerProvider serializers) throws IOException {
            gen.writeString(SageTime.format(value));
        }
    }
}
