package com.sage200events.sandbox.internal.odata;

/**
 * One lexical token of a {@code $filter} expression.
 *
 * @param value the decoded literal (String, Long, BigDecimal, Instant) or the word's text
 * @param position 0-based offset in the expression, for error messages
 */
record FilterToken(Kind kind, String text, Object value, int position) {

    enum Kind {
        OPEN,
        CLOSE,
        COMMA,
        STRING,
        NUMBER,
        DATETIME,
        WORD,
        END
    }

    boolean isWord(String word) {
        return kind == Kind.WORD && text.equals(word);
    }

    String describe() {
        return kind == Kind.END ? "the end of the expression" : "'" + text + "' at position " + position;
    }
}
