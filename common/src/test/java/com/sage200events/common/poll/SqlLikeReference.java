package com.sage200events.common.poll;

import java.util.List;

/**
 * What a CEQL condition means on one value, computed the way SQL Server does it (Sage 200's database), without going
 * through our translator: LIKE with {@code %} (any run) and {@code _} (any one character), and equality, both ignoring
 * case one character at a time as SQL Server's default collation does.
 */
final class SqlLikeReference {

    /** One element of a pattern: a wildcard, or a character meant literally. */
    sealed interface Piece permits AnyRun, AnyOne, Literal {
    }

    record AnyRun() implements Piece {
    }

    record AnyOne() implements Piece {
    }

    record Literal(char c) implements Piece {
    }

    private SqlLikeReference() {
    }

    static boolean like(String value, List<Piece> pattern) {
        // matches[i][j]: value[i..] matches pattern[j..]
        boolean[][] matches = new boolean[value.length() + 1][pattern.size() + 1];
        matches[value.length()][pattern.size()] = true;
        for (int j = pattern.size() - 1; j >= 0; j--) {
            for (int i = value.length(); i >= 0; i--) {
                Piece piece = pattern.get(j);
                boolean more = i < value.length();
                if (piece instanceof AnyRun) {
                    matches[i][j] = matches[i][j + 1] || (more && matches[i + 1][j]);
                } else if (piece instanceof AnyOne) {
                    matches[i][j] = more && matches[i + 1][j + 1];
                } else {
                    matches[i][j] = more && sameIgnoringCase(value.charAt(i), ((Literal) piece).c()) && matches[i + 1][j + 1];
                }
            }
        }
        return matches[0][0];
    }

    static boolean equal(String value, String other) {
        return value.length() == other.length() && value.regionMatches(true, 0, other, 0, other.length());
    }

    private static boolean sameIgnoringCase(char a, char b) {
        return String.valueOf(a).regionMatches(true, 0, String.valueOf(b), 0, 1);
    }
}
