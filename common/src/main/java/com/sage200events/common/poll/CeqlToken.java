package com.sage200events.common.poll;

import java.util.ArrayList;
import java.util.List;

/** A lexical token of a CEQL where clause. */
record CeqlToken(Kind kind, String text) {

    enum Kind { WORD, QUOTED_FIELD, STRING, NUMBER, OPERATOR, LPAREN, RPAREN, COMMA }

    static List<CeqlToken> tokenize(String ceql) {
        if (ceql == null || ceql.isBlank()) {
            throw new IllegalArgumentException("where clause: must not be empty");
        }
        List<CeqlToken> tokens = new ArrayList<>();
        int i = 0;
        while (i < ceql.length()) {
            char c = ceql.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
            } else if (c == '(' || c == ')' || c == ',') {
                tokens.add(new CeqlToken(c == '(' ? Kind.LPAREN : c == ')' ? Kind.RPAREN : Kind.COMMA, String.valueOf(c)));
                i++;
            } else if (c == '\'') {
                i = readString(ceql, i, tokens);
            } else if (c == '`') {
                int close = ceql.indexOf('`', i + 1);
                if (close < 0) {
                    throw new IllegalArgumentException("where clause: unclosed ` at position " + i);
                }
                tokens.add(new CeqlToken(Kind.QUOTED_FIELD, ceql.substring(i + 1, close)));
                i = close + 1;
            } else if ("=<>!".indexOf(c) >= 0) {
                String two = i + 1 < ceql.length() ? ceql.substring(i, i + 2) : "";
                String op = List.of(">=", "<=", "!=", "<>").contains(two) ? two : String.valueOf(c);
                if (op.equals("!")) {
                    throw new IllegalArgumentException("where clause: '!' must be followed by '=' at position " + i);
                }
                tokens.add(new CeqlToken(Kind.OPERATOR, op));
                i += op.length();
            } else if (Character.isDigit(c) || (c == '-' && i + 1 < ceql.length() && Character.isDigit(ceql.charAt(i + 1)))) {
                int end = i + 1;
                while (end < ceql.length() && (Character.isDigit(ceql.charAt(end)) || ceql.charAt(end) == '.')) {
                    end++;
                }
                tokens.add(new CeqlToken(Kind.NUMBER, ceql.substring(i, end)));
                i = end;
            } else if (Character.isLetter(c) || c == '_') {
                int end = i + 1;
                while (end < ceql.length() && (Character.isLetterOrDigit(ceql.charAt(end)) || "_./".indexOf(ceql.charAt(end)) >= 0)) {
                    end++;
                }
                tokens.add(new CeqlToken(Kind.WORD, ceql.substring(i, end)));
                i = end;
            } else {
                throw new IllegalArgumentException("where clause: unexpected character '" + c + "' at position " + i);
            }
        }
        return tokens;
    }

    private static int readString(String ceql, int start, List<CeqlToken> tokens) {
        StringBuilder value = new StringBuilder();
        int i = start + 1;
        while (i < ceql.length()) {
            char c = ceql.charAt(i);
            if (c == '\'' && i + 1 < ceql.length() && ceql.charAt(i + 1) == '\'') {
                value.append('\'');
                i += 2;
            } else if (c == '\\' && i + 1 < ceql.length() && ceql.charAt(i + 1) == '\'') {
                value.append('\'');
                i += 2;
            } else if (c == '\'') {
                tokens.add(new CeqlToken(Kind.STRING, value.toString()));
                return i + 1;
            } else {
                value.append(c);
                i++;
            }
        }
        throw new IllegalArgumentException("where clause: unclosed quote starting at position " + start);
    }
}
