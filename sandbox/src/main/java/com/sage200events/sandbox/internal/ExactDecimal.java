package com.sage200events.sandbox.internal;

import java.math.BigDecimal;

/**
 * A JSON fraction as the client wrote it ({@code 0.10}, {@code 1E+2}, {@code -0.0}). Free-form values (the
 * {@code memos} and {@code lines} of an order) are stored and answered with exactly this text, as a server that
 * relays its database's own rendering would; typed decimal fields are converted to their schema's scale instead.
 */
public final class ExactDecimal extends Number {

    private final String text;
    private final BigDecimal value;

    /** @throws NumberFormatException if {@code text} is not a number */
    public ExactDecimal(String text) {
        this.value = new BigDecimal(text);
        this.text = text;
    }

    public BigDecimal decimal() {
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
    public float floatValue() {
        return Float.parseFloat(text);
    }

    @Override
    public double doubleValue() {
        return Double.parseDouble(text);
    }

    /** The text as written: what the JSON answer carries. */
    @Override
    public String toString() {
        return text;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof ExactDecimal exact && text.equals(exact.text);
    }

    @Override
    public int hashCode() {
        return text.hashCode();
    }
}
