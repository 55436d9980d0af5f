package com.sage200events.common.poll;

import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * A CEQL {@code LIKE} pattern as Sage's OData can express it. Patterns read as SQL Server's LIKE does (Sage 200 runs on
 * SQL Server): {@code %} matches any run of characters, {@code _} any one character, and {@code [c]} the character
 * {@code c} itself, which is how {@code [%]}, {@code [_]} and {@code [[]} write a literal {@code %}, {@code _} and
 * {@code [}. OData v4 ({@code startswith}, {@code endswith}, {@code contains}) covers:
 *
 * <pre>
 *   'x'    name eq 'x'             'x%'   startswith(name,'x')
 *   '%x'   endswith(name,'x')      '%x%'  contains(name,'x')
 *   '%'    name ne null
 * </pre>
 *
 * Anything else — a {@code _} wildcard, a {@code %} between characters, a character class such as {@code [a-z]} — has
 * no OData form and is refused with a message that says how to write the pattern instead.
 */
final class CeqlLike {

    private CeqlLike() {
    }

    /** The OData condition for {@code field LIKE pattern}; {@code quote} renders a string literal. */
    static String translate(String field, String pattern, UnaryOperator<String> quote) {
        List<Object> parts = parse(pattern);
        int first = 0;
        int last = parts.size();
        while (first < last && parts.get(first) == Wildcard.ANY) {
            first++;
        }
        while (last > first && parts.get(last - 1) == Wildcard.ANY) {
            last--;
        }
        boolean leading = first > 0;
        boolean trailing = last < parts.size();
        StringBuilder core = new StringBuilder();
        for (Object part : parts.subList(first, last)) {
            if (part == Wildcard.ONE) {
                throw error(pattern, "'_' matches any one character, which Sage's OData cannot express;"
                        + " write [_] for a literal underscore, or use % ('x%', '%x', '%x%')");
            }
            if (part == Wildcard.ANY) {
                throw error(pattern, "a % between characters cannot be translated: only 'x%' (starts with), '%x' (ends with)"
                        + " and '%x%' (contains) can; write [%] for a literal percent sign");
            }
            core.append((char) part);
        }
        String literal = quote.apply(core.toString());
        if ((leading || trailing) && core.length() == 0) {
            return field + " ne null";
        }
        if (leading && trailing) {
            return "contains(" + field + "," + literal + ")";
        }
        if (trailing) {
            return "startswith(" + field + "," + literal + ")";
        }
        if (leading) {
            return "endswith(" + field + "," + literal + ")";
        }
        return field + " eq " + literal;
    }

    /** The pattern as wildcards and literal characters (boxed {@link Character}s). */
    private static List<Object> parse(String pattern) {
        List<Object> parts = new ArrayList<>();
        for (int i = 0; i < pattern.length(); i++) {
            char c = pattern.charAt(i);
            if (c == '%') {
                parts.add(Wildcard.ANY);
            } else if (c == '_') {
                parts.add(Wildcard.ONE);
            } else if (c == '[') {
                if (i + 2 >= pattern.length() || pattern.charAt(i + 2) != ']' || Character.isSurrogate(pattern.charAt(i + 1))) {
                    throw error(pattern, "'[' starts a character class such as [a-z], which cannot be translated;"
                            + " write [c] for one literal character, e.g. [[] for '[', [%] for '%', [_] for '_'");
                }
                parts.add(pattern.charAt(i + 1));
                i += 2;
            } else {
                parts.add(c);
            }
        }
        return parts;
    }

    private static IllegalArgumentException error(String pattern, String why) {
        return new IllegalArgumentException("where clause: LIKE '" + pattern + "': " + why);
    }

    private enum Wildcard { ANY, ONE }
}
