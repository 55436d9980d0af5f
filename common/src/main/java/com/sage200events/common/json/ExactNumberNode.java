package com.sage200events.common.json;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.node.NumericNode;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;

/**
 * A JSON number that remembers the text it was read from and writes exactly that text back.
 *
 * <p>Vendor data passes through us untouched (DESIGN §4 "Exact vendor data"): {@code 0.10} must not become
 * {@code 0.1}, {@code 1E+2} not {@code 100.0}, {@code -0.0} not {@code 0.0}, and a 40-digit decimal must not
 * pass through a {@code double}. A {@link BigDecimal} keeps the value and the scale but not the sign of a zero
 * or the exponent's spelling, so the text is the only lossless form. The numeric accessors
 * ({@link #longValue()}, {@link #decimalValue()} …) still work, from the {@link BigDecimal} of the text.
 */
public final class ExactNumberNode extends NumericNode {

    private final String text;
    private final BigDecimal value;

    /**
     * @param text a JSON number as it appeared in the input (grammar of RFC 8259 §6)
     * @throws NumberFormatException if {@code text} is not a number
     */
    public ExactNumberNode(String text) {
        this.value = new BigDecimal(text);
        this.text = text;
    }

    @Override
    public String asText() {
        return text;
    }

    @Override
    public void serialize(JsonGenerator generator, SerializerProvider provider) throws IOException {
        // writeNumber(String) writes the digits verbatim, with the separators a number needs in its context.
        generator.writeNumber(text);
    }

    @Override
    public JsonToken asToken() {
        return value.scale() > 0 || text.indexOf('e') >= 0 || text.indexOf('E') >= 0 || text.indexOf('.') >= 0
                ? JsonToken.VALUE_NUMBER_FLOAT : JsonToken.VALUE_NUMBER_INT;
    }

    @Override
    public JsonParser.NumberType numberType() {
        return JsonParser.NumberType.BIG_DECIMAL;
    }

    @Override
    public boolean isBigDecimal() {
        return true;
    }

    @Override
    public boolean isFloatingPointNumber() {
        return true;
    }

    @Override
    public Number numberValue() {
        return value;
    }

    @Override
    public int intValue() {
        return value.intValue();
    }

    @Override
    public long longValue() {
        return value.longValue();
    }

    @Override
    public double doubleValue() {
        return Double.parseDouble(text);
    }

    @Override
    public BigDecimal decimalValue() {
        return value;
    }

    @Override
    public BigInteger bigIntegerValue() {
        return value.toBigInteger();
    }

    @Override
    public boolean canConvertToInt() {
        return value.compareTo(BigDecimal.valueOf(Integer.MIN_VALUE)) >= 0 && value.compareTo(BigDecimal.valueOf(Integer.MAX_VALUE)) <= 0;
    }

    @Override
    public boolean canConvertToLong() {
        return value.compareTo(BigDecimal.valueOf(Long.MIN_VALUE)) >= 0 && value.compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) <= 0;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof ExactNumberNode exact && text.equals(exact.text);
    }

    @Override
    public int hashCode() {
        return text.hashCode();
    }
}
