package com.sage200events.sandbox.internal.odata;

import com.sage200events.sandbox.internal.SageTime;
import com.sage200events.sandbox.internal.odata.FilterToken.Kind;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Splits a {@code $filter} expression into tokens. Datetimes are unquoted ISO-8601 (Sage's form:
 * {@code 2026-11-28T07:00:00Z}, any fraction digits, or a bare date); OData v3's
 * {@code datetime'…'} / {@code datetimeoffset'…'} spellings are accepted too.
 */
final class FilterLexer {

    private static final Pattern DATETIME = Pattern.compile(
            "\\d{4}-\\d{2}-\\d{2}(T\\d{2}:\\d{2}(:\\d{2}(\\.\\d{1,9})?)?(Z|[+-]\\d{2}:\\d{2})?)?");
    private static final Pattern NUMBER = Pattern.compile("-?\\d+(\\.\\d+)?([eE][+-]?\\d+)?[mMdDlL]?");
    private static final Pattern WORD = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*(/[A-Za-z_][A-Za-z0-9_]*)*");

    private final String text;
    private int pos;

    private FilterLexer(String text) {
        this.text = text;
    }

    static List<FilterToken> tokenize(String text) {
        return new FilterLexer(text).run();
    }

    private List<FilterToken> run() {
        List<FilterToken> tokens = new ArrayList<>();
        while (true) {
            while (pos < text.length() && Character.isWhitespace(text.charAt(pos))) {
                pos++;
            }
            if (pos >= text.length()) {
                tokens.add(new FilterToken(Kind.END, "", null, pos));
                return tokens;
            }
            tokens.add(next());
        }
    }

    private FilterToken next() {
        int start = pos;
        char c = text.charAt(pos);
        switch (c) {
            case '(' -> {
                pos++;
                return new FilterToken(Kind.OPEN, "(", null, start);
            }
            case ')' -> {
                pos++;
                return new FilterToken(Kind.CLOSE, ")", null, start);
            }
            case ',' -> {
                pos++;
                return new FilterToken(Kind.COMMA, ",", null, start);
            }
            case '\'' -> {
                String value = quoted();
                return new FilterToken(Kind.STRING, text.substring(start, pos), value, start);
            }
            default -> {
                // fall through to the multi-character tokens below
            }
        }
        if (Character.isDigit(c) || c == '-') {
            // A number never looks like yyyy-MM-dd, so trying the datetime first is safe.
            Matcher datetime = match(DATETIME);
            if (datetime != null) {
                return datetimeToken(datetime.group(), start);
            }
            Matcher number = match(NUMBER);
            if (number != null && !followedByWordChar()) {
                return new FilterToken(Kind.NUMBER, number.group(), number(number.group(), start), start);
            }
            pos = start;
        }
        Matcher word = match(WORD);
        if (word != null) {
            String name = word.group();
            if ((name.equals("datetime") || name.equals("datetimeoffset")) && pos < text.length() && text.charAt(pos) == '\'') {
                String value = quoted();
                return datetimeToken(value, start);
            }
            return new FilterToken(Kind.WORD, name, name, start);
        }
        throw new ODataException("Syntax error at position " + start + " in '" + text + "': unexpected character '" + c + "'.");
    }

    private Matcher match(Pattern pattern) {
        Matcher m = pattern.matcher(text).region(pos, text.length());
        if (m.lookingAt()) {
            pos = m.end();
            return m;
        }
        return null;
    }

    private boolean followedByWordChar() {
        return pos < text.length() && (Character.isLetterOrDigit(text.charAt(pos)) || text.charAt(pos) == '_');
    }

    /** A single-quoted string; OData escapes a quote inside it by doubling it. */
    private String quoted() {
        int open = pos++;
        StringBuilder value = new StringBuilder();
        while (pos < text.length()) {
            char c = text.charAt(pos++);
            if (c != '\'') {
                value.append(c);
            } else if (pos < text.length() && text.charAt(pos) == '\'') {
                value.append('\'');
                pos++;
            } else {
                return value.toString();
            }
        }
        throw new ODataException("Syntax error in '" + text + "': the string literal starting at position " + open
                + " is not closed by a single quote.");
    }

    private FilterToken datetimeToken(String literal, int start) {
        try {
            return new FilterToken(Kind.DATETIME, literal, SageTime.parse(literal), start);
        } catch (IllegalArgumentException e) {
            throw new ODataException("Syntax error at position " + start + " in '" + text + "': '" + literal
                    + "' is not a valid date-time.");
        }
    }

    private Object number(String literal, int start) {
        String digits = literal;
        char last = digits.charAt(digits.length() - 1);
        if (Character.isLetter(last)) {
            digits = digits.substring(0, digits.length() - 1);
        }
        try {
            BigDecimal value = new BigDecimal(digits);
            if (value.scale() <= 0 && !digits.contains(".") && !digits.contains("e") && !digits.contains("E")) {
                return value.longValueExact();
            }
            return value;
        } catch (ArithmeticException | NumberFormatException e) {
            throw new ODataException("Syntax error at position " + start + " in '" + text + "': '" + literal
                    + "' is not a valid number.");
        }
    }
}
