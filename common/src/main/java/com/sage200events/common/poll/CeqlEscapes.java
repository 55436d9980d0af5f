package com.sage200events.common.poll;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * How a {@code %} in a poller URL's {@code where} clause is read. The seed document writes where clauses raw
 * (spaces, quotes, {@code >=}), so a {@code %} is taken as written: a LIKE wildcard inside a LIKE pattern, a
 * literal character anywhere else. The one exception is a URL escape the user clearly meant:
 *
 * <ul>
 *   <li>A {@code %} followed by the {@code %XX} bytes of <em>one</em> complete, valid UTF-8 character that is
 *       printable (not a control, format, surrogate, private-use or unassigned code point, and never U+FFFD) is
 *       decoded to that character: {@code %26} is {@code &}, {@code %C3%A9} is {@code é}, and a fully encoded
 *       clause such as {@code name%3D%27A%2BB%27} still reads {@code name='A+B'}.</li>
 *   <li>Inside a LIKE pattern such a {@code %XX} could be the wildcard followed by two characters or the escape,
 *       so it is refused (issue 17: {@code LIKE '%Bee'} once reached Sage as {@code eq '\uFFFDe'}); the message says
 *       how to write either reading. A pattern whose opening quote is itself escaped ({@code %27}) belongs to a
 *       fully encoded clause, where every escape is meant: there {@code %25} is the wildcard.</li>
 *   <li>Every other {@code %} stays a {@code %}: {@code %Be}, {@code %ac} (bytes that start no valid character),
 *       {@code 100%}, {@code %zz}. Decoding never produces U+FFFD: invalid bytes are simply not an escape.</li>
 *   <li>{@code +} is a plus sign, never a space.</li>
 * </ul>
 *
 * Placeholders ({@code ${date:yyyy-MM-dd'T'HH:mm:ss}}) are skipped when quotes are tracked, since their date
 * patterns quote letters of their own.
 */
final class CeqlEscapes {

    private static final Pattern ENDS_WITH_LIKE = Pattern.compile("(?is).*(^|[^A-Za-z0-9_])LIKE\\s*");

    private CeqlEscapes() {
    }

    /** The clause with its URL escapes decoded by the rule above; an ambiguous escape is an {@link IllegalArgumentException}. */
    static String decode(String raw) {
        StringBuilder out = new StringBuilder(raw.length());
        Quotes quotes = new Quotes();
        int i = 0;
        while (i < raw.length()) {
            char c = raw.charAt(i);
            Optional<Escape> escape = c == '%' ? escapeAt(raw, i) : Optional.empty();
            if (escape.isEmpty()) {
                quotes.feed(c, out, false);
                out.append(c);
                i++;
                continue;
            }
            String text = raw.substring(i, i + escape.get().length());
            String decoded = escape.get().decoded();
            if (quotes.inLikePattern()) {
                String literal = "%_[".contains(decoded) ? "[" + decoded + "]" : decoded;
                throw new IllegalArgumentException("where clause: '" + text + "' in a LIKE pattern is ambiguous: a % there is the"
                        + " wildcard, but '" + text + "' is also the URL escape of '" + decoded + "'. For the escape,"
                        + " write the character itself ('" + literal + "'); for the wildcard followed by '"
                        + text.substring(1) + "', bracket the next character: '%[" + text.charAt(1) + "]" + text.substring(2) + "'");
            }
            for (char d : decoded.toCharArray()) {
                quotes.feed(d, out, true);
                out.append(d);
            }
            i += escape.get().length();
        }
        return out.toString();
    }

    /** The escape starting at {@code at} ({@code raw.charAt(at) == '%'}), if it is one by the rule above. */
    static Optional<Escape> escapeAt(String raw, int at) {
        int lead = hexByte(raw, at);
        int size = lead < 0 ? 0 : lead < 0x80 ? 1 : lead >= 0xC2 && lead <= 0xDF ? 2 : lead >= 0xE0 && lead <= 0xEF ? 3
                : lead >= 0xF0 && lead <= 0xF4 ? 4 : 0;
        if (size == 0) {
            return Optional.empty();
        }
        byte[] bytes = new byte[size];
        for (int k = 0; k < size; k++) {
            int b = hexByte(raw, at + 3 * k);
            if (b < 0) {
                return Optional.empty();
            }
            bytes[k] = (byte) b;
        }
        CharsetDecoder strict = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
        String decoded;
        try {
            CharBuffer chars = strict.decode(ByteBuffer.wrap(bytes));
            decoded = chars.toString();
        } catch (CharacterCodingException e) {
            return Optional.empty();
        }
        return decoded.codePointCount(0, decoded.length()) == 1 && isPrintable(decoded.codePointAt(0))
                ? Optional.of(new Escape(decoded, 3 * size)) : Optional.empty();
    }

    /** Whether a code point may appear in a value we send Sage: no controls, no invisible or unassigned ones, no U+FFFD. */
    static boolean isPrintable(int codePoint) {
        if (codePoint == 0xFFFD) {
            return false;
        }
        return switch (Character.getType(codePoint)) {
            case Character.CONTROL, Character.FORMAT, Character.SURROGATE, Character.PRIVATE_USE, Character.UNASSIGNED,
                 Character.LINE_SEPARATOR, Character.PARAGRAPH_SEPARATOR -> false;
            default -> true;
        };
    }

    /** The byte of {@code %XX} at {@code at}, or -1 when there is none. */
    private static int hexByte(String raw, int at) {
        if (at + 2 >= raw.length() || raw.charAt(at) != '%') {
            return -1;
        }
        int high = Character.digit(raw.charAt(at + 1), 16);
        int low = Character.digit(raw.charAt(at + 2), 16);
        return high < 0 || low < 0 ? -1 : high * 16 + low;
    }

    /** A decoded escape and how many characters of the raw text it spans. */
    record Escape(String decoded, int length) {
    }

    /**
     * Follows quoting over the decoded text, as {@link CeqlToken} will read it: {@code '…'} strings with {@code ''}
     * and {@code \'} inside, and {@code ${…}} placeholders whose own quotes do not count.
     */
    private static final class Quotes {
        private boolean inString;
        private boolean like;
        private boolean encoded;
        private boolean closedEncoded;
        private boolean justClosed;
        private boolean closedLike;
        private boolean backslash;
        private int placeholder; // 0 outside, 1 inside ${…}, 2 inside a quoted part of its pattern

        boolean inLikePattern() {
            return inString && like && !encoded && placeholder == 0;
        }

        /** Advances over {@code c}, which comes after {@code before}; {@code escaped} when it was written as {@code %XX}. */
        void feed(char c, CharSequence before, boolean escaped) {
            boolean closedHere = false;
            if (placeholder > 0) {
                if (c == '\'') {
                    placeholder = placeholder == 1 ? 2 : 1;
                } else if (c == '}' && placeholder == 1) {
                    placeholder = 0;
                }
            } else if (c == '{' && before.length() > 0 && before.charAt(before.length() - 1) == '$') {
                placeholder = 1;
            } else if (inString) {
                if (c == '\'' && !backslash) {
                    inString = false;
                    closedHere = true;
                    closedLike = like;
                    closedEncoded = encoded;
                }
                backslash = c == '\\' && !backslash;
            } else if (c == '\'') {
                // '' inside a string closes and at once reopens it: the same pattern goes on.
                like = justClosed ? closedLike : ENDS_WITH_LIKE.matcher(before).matches();
                encoded = justClosed ? closedEncoded : escaped;
                inString = true;
                backslash = false;
            }
            justClosed = closedHere;
        }
    }
}
