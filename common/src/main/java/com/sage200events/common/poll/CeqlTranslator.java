package com.sage200events.common.poll;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Translates the CEQL subset our users write in poller URLs into a Sage 200 OData {@code $filter}:
 * {@code = != <> < > <= >= LIKE IN IS [NOT] NULL}, {@code AND}, {@code OR}, {@code NOT}, parentheses,
 * single-quoted values and backticked field names. Hub aliases ({@code updated_at}, {@code created_at})
 * become Sage's field names; quoted datetimes become OData's unquoted UTC literals; LIKE patterns become
 * {@code startswith}, {@code endswith} or {@code contains} ({@link CeqlLike}, DESIGN.md §4). Quoted values are
 * taken as written: {@code = '100%'} keeps its {@code %} (URL escapes are resolved before, by {@link CeqlEscapes}).
 * Anything else is an {@link IllegalArgumentException} naming the problem, raised at create time.
 */
public final class CeqlTranslator {

    private static final Map<String, String> ALIASES = Map.of(
            "updated_at", "date_time_updated",
            "created_at", "date_time_created");
    private static final Pattern DATE_TIME = Pattern.compile("\\d{4}-\\d{2}-\\d{2}[T ]\\d{2}:\\d{2}(:\\d{2}(\\.\\d{1,9})?)?(Z|[+-]\\d{2}:?\\d{2})?");
    private static final Pattern DATE = Pattern.compile("\\d{4}-\\d{2}-\\d{2}");
    private static final Pattern FIELD = Pattern.compile("[A-Za-z_][A-Za-z0-9_./]*");

    private CeqlTranslator() {
    }

    /**
     * The OData {@code $filter} for a rendered where clause (placeholders already replaced, URL escapes already
     * decoded by {@link UrlTemplate}), e.g. {@code name LIKE '%Bee'} → {@code endswith(name,'Bee')}.
     *
     * @throws IllegalArgumentException starting "where clause:", saying what cannot be translated and how to write it
     */
    public static String translate(String ceql) {
        List<CeqlToken> tokens = CeqlToken.tokenize(ceql);
        Parser parser = new Parser(tokens);
        String filter = parser.orExpression();
        parser.expectEnd();
        return filter;
    }

    /** Sage's name for a hub field name. */
    public static String sageField(String field) {
        return ALIASES.getOrDefault(field, field);
    }

    private static final class Parser {
        private final List<CeqlToken> tokens;
        private int at;

        Parser(List<CeqlToken> tokens) {
            this.tokens = tokens;
        }

        String orExpression() {
            List<String> parts = new ArrayList<>(List.of(andExpression()));
            while (peekKeyword("OR")) {
                at++;
                parts.add(andExpression());
            }
            return String.join(" or ", parts);
        }

        String andExpression() {
            List<String> parts = new ArrayList<>(List.of(unary()));
            while (peekKeyword("AND")) {
                at++;
                parts.add(unary());
            }
            return String.join(" and ", parts);
        }

        String unary() {
            if (peekKeyword("NOT")) {
                at++;
                return "not (" + unary() + ")";
            }
            if (peek(CeqlToken.Kind.LPAREN)) {
                at++;
                String inner = orExpression();
                expect(CeqlToken.Kind.RPAREN, "')'");
                return "(" + inner + ")";
            }
            return comparison();
        }

        String comparison() {
            CeqlToken fieldToken = next("a field name");
            if (fieldToken.kind() != CeqlToken.Kind.WORD && fieldToken.kind() != CeqlToken.Kind.QUOTED_FIELD) {
                throw error("expected a field name but found '" + fieldToken.text() + "'");
            }
            if (!FIELD.matcher(fieldToken.text()).matches()) {
                throw error("'" + fieldToken.text() + "' is not a field name");
            }
            String field = sageField(fieldToken.text());
            CeqlToken op = next("an operator");
            if (op.kind() == CeqlToken.Kind.OPERATOR) {
                return field + " " + odataOperator(op.text()) + " " + literal(field, next("a value"));
            }
            if (op.kind() != CeqlToken.Kind.WORD) {
                throw error("expected an operator after '" + fieldToken.text() + "' but found '" + op.text() + "'");
            }
            return switch (op.text().toUpperCase()) {
                case "LIKE" -> like(field, next("a LIKE pattern"));
                case "IN" -> in(field);
                case "IS" -> isNull(field);
                case "NOT" -> {
                    CeqlToken after = next("LIKE or IN");
                    String inner = switch (after.text().toUpperCase()) {
                        case "LIKE" -> like(field, next("a LIKE pattern"));
                        case "IN" -> in(field);
                        default -> throw error("expected LIKE or IN after NOT but found '" + after.text() + "'");
                    };
                    yield "not (" + inner + ")";
                }
                default -> throw error("unsupported operator '" + op.text() + "'");
            };
        }

        private String like(String field, CeqlToken pattern) {
            if (pattern.kind() != CeqlToken.Kind.STRING) {
                throw error("LIKE needs a quoted pattern");
            }
            return CeqlLike.translate(field, checkedText(pattern.text()), Parser::quote);
        }

        private String in(String field) {
            expect(CeqlToken.Kind.LPAREN, "'(' after IN");
            List<String> options = new ArrayList<>();
            do {
                options.add(field + " eq " + literal(field, next("a value")));
            } while (consume(CeqlToken.Kind.COMMA));
            expect(CeqlToken.Kind.RPAREN, "')' closing IN");
            return options.size() == 1 ? options.get(0) : "(" + String.join(" or ", options) + ")";
        }

        private String isNull(String field) {
            boolean negated = peekKeyword("NOT");
            if (negated) {
                at++;
            }
            CeqlToken nullToken = next("NULL");
            if (!nullToken.text().equalsIgnoreCase("NULL")) {
                throw error("expected NULL after IS but found '" + nullToken.text() + "'");
            }
            return field + (negated ? " ne null" : " eq null");
        }

        private String literal(String field, CeqlToken value) {
            return switch (value.kind()) {
                case STRING -> stringLiteral(field, value.text());
                case NUMBER -> value.text();
                case WORD -> switch (value.text().toLowerCase()) {
                    case "true", "false", "null" -> value.text().toLowerCase();
                    default -> throw error("'" + value.text() + "' is not a value: quote strings with '");
                };
                default -> throw error("expected a value but found '" + value.text() + "'");
            };
        }

        private String stringLiteral(String field, String raw) {
            String text = checkedText(raw);
            if (DATE_TIME.matcher(text).matches()) {
                Optional<Instant> instant = DateFormats.parseIso(text.replace(' ', 'T'));
                if (instant.isEmpty()) {
                    throw error("'" + text + "' is not a valid date-time");
                }
                return DateFormats.odataLiteral(instant.get());
            }
            if (DATE.matcher(text).matches() && field.toLowerCase().contains("date")) {
                return DateFormats.parseIso(text + "T00:00:00Z").map(DateFormats::odataLiteral)
                        .orElseThrow(() -> error("'" + text + "' is not a valid date"));
            }
            return quote(text);
        }

        /** Issue 17: no U+FFFD (text mangled before it reached us) and no invisible control character ever reaches Sage. */
        private String checkedText(String text) {
            for (int i = 0; i < text.length(); i++) {
                char c = text.charAt(i);
                if (c == '\uFFFD') {
                    throw error("'" + text + "' holds U+FFFD, the mark left where text was mangled before it reached us;"
                            + " write the character you meant");
                }
                if (Character.isISOControl(c)) {
                    throw error("a quoted value holds the control character U+" + String.format("%04X", (int) c)
                            + "; remove it");
                }
            }
            return text;
        }

        private static String quote(String text) {
            return "'" + text.replace("'", "''") + "'";
        }

        private static String odataOperator(String op) {
            return switch (op) {
                case "=" -> "eq";
                case "!=", "<>" -> "ne";
                case "<" -> "lt";
                case ">" -> "gt";
                case "<=" -> "le";
                case ">=" -> "ge";
                default -> throw new IllegalArgumentException("unsupported operator '" + op + "'");
            };
        }

        private boolean peek(CeqlToken.Kind kind) {
            return at < tokens.size() && tokens.get(at).kind() == kind;
        }

        private boolean peekKeyword(String keyword) {
            return peek(CeqlToken.Kind.WORD) && tokens.get(at).text().equalsIgnoreCase(keyword);
        }

        private boolean consume(CeqlToken.Kind kind) {
            if (peek(kind)) {
                at++;
                return true;
            }
            return false;
        }

        private void expect(CeqlToken.Kind kind, String what) {
            if (!consume(kind)) {
                throw error("expected " + what + (at < tokens.size() ? " but found '" + tokens.get(at).text() + "'" : " at the end"));
            }
        }

        private CeqlToken next(String what) {
            if (at >= tokens.size()) {
                throw error("expected " + what + " at the end of the where clause");
            }
            return tokens.get(at++);
        }

        void expectEnd() {
            if (at < tokens.size()) {
                throw error("unexpected '" + tokens.get(at).text() + "' (join conditions with AND or OR)");
            }
        }

        private IllegalArgumentException error(String message) {
            return new IllegalArgumentException("where clause: " + message);
        }
    }
}
