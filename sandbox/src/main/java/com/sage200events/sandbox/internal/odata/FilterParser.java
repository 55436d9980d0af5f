package com.sage200events.sandbox.internal.odata;

import com.sage200events.sandbox.internal.odata.FilterNode.Operator;
import com.sage200events.sandbox.internal.odata.FilterToken.Kind;
import com.sage200events.sandbox.internal.schema.Field;
import com.sage200events.sandbox.internal.schema.ResourceSchema;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Recursive-descent parser for the subset of OData {@code $filter} that Sage 200 supports:
 *
 * <pre>
 * filter     := or END
 * or         := and ( "or" and )*
 * and        := unary ( "and" unary )*
 * unary      := "not" unary | "(" or ")" | comparison
 * comparison := operand [ ("eq"|"ne"|"gt"|"ge"|"lt"|"le") operand ]   -- alone, operand must be boolean
 * operand    := STRING | NUMBER | DATETIME | "true" | "false" | "null" | call | property
 * call       := WORD "(" [ operand ( "," operand )* ] ")"
 * property   := WORD ( "/" WORD )*                                     -- resolved against the schema
 * </pre>
 *
 * Keywords are lower case, as in OData ({@code AND} is a syntax error, not an alias). Properties are
 * checked against the resource's schema and comparisons are type-checked, so mistakes surface as a
 * 400 with a clear message instead of an empty page.
 */
public final class FilterParser {

    private static final Set<String> KEYWORDS = Set.of("and", "or", "not", "eq", "ne", "gt", "ge", "lt", "le");

    private final String text;
    private final ResourceSchema schema;
    private final List<FilterToken> tokens;
    private int index;

    private FilterParser(String text, ResourceSchema schema) {
        this.text = text;
        this.schema = schema;
        this.tokens = FilterLexer.tokenize(text);
    }

    /** @throws ODataException for bad syntax, unknown properties or mismatched types */
    public static FilterNode parse(String text, ResourceSchema schema) {
        if (text == null || text.isBlank()) {
            throw new ODataException("The $filter expression is empty.");
        }
        FilterParser parser = new FilterParser(text, schema);
        FilterNode node = parser.or();
        if (parser.peek().kind() != Kind.END) {
            throw parser.syntax("expected 'and', 'or' or the end of the expression but found " + parser.peek().describe());
        }
        return node;
    }

    private FilterNode or() {
        FilterNode left = and();
        while (peek().isWord("or")) {
            index++;
            left = new FilterNode.Or(left, and());
        }
        return left;
    }

    private FilterNode and() {
        FilterNode left = unary();
        while (peek().isWord("and")) {
            index++;
            left = new FilterNode.And(left, unary());
        }
        return left;
    }

    private FilterNode unary() {
        FilterToken token = peek();
        if (token.isWord("not")) {
            index++;
            return new FilterNode.Not(unary());
        }
        if (token.kind() == Kind.OPEN) {
            index++;
            FilterNode inner = or();
            expect(Kind.CLOSE, "')'");
            return inner;
        }
        return comparison();
    }

    private FilterNode comparison() {
        Operand left = operand();
        FilterToken next = peek();
        Operator operator = next.kind() == Kind.WORD ? Operator.fromWord(next.text()) : null;
        if (operator == null) {
            if (next.kind() == Kind.WORD && Operator.fromWord(next.text().toLowerCase(Locale.ROOT)) != null) {
                throw syntax("operators are lower case in OData: use '" + next.text().toLowerCase(Locale.ROOT)
                        + "' instead of " + next.describe());
            }
            if (left.kind() == ValueKind.BOOLEAN) {
                return new FilterNode.Truth(left);
            }
            throw syntax("expected a comparison operator (eq, ne, gt, ge, lt, le) but found " + next.describe());
        }
        index++;
        return FilterNode.Comparison.of(operator, left, operand());
    }

    private Operand operand() {
        FilterToken token = tokens.get(index++);
        switch (token.kind()) {
            case STRING:
                return new Operand.Literal(token.value(), ValueKind.STRING);
            case NUMBER:
                return new Operand.Literal(token.value(), ValueKind.NUMBER);
            case DATETIME:
                return new Operand.Literal(token.value(), ValueKind.DATETIME);
            case WORD:
                return word(token);
            default:
                throw syntax("expected a property or a value but found " + token.describe());
        }
    }

    private Operand word(FilterToken token) {
        String word = token.text();
        switch (word) {
            case "true":
                return new Operand.Literal(Boolean.TRUE, ValueKind.BOOLEAN);
            case "false":
                return new Operand.Literal(Boolean.FALSE, ValueKind.BOOLEAN);
            case "null":
                return new Operand.Literal(null, ValueKind.NULL);
            default:
                break;
        }
        if (KEYWORDS.contains(word)) {
            throw syntax("expected a property or a value but found the keyword " + token.describe());
        }
        if (peek().kind() == Kind.OPEN) {
            index++;
            List<Operand> args = new ArrayList<>();
            if (peek().kind() != Kind.CLOSE) {
                args.add(operand());
                while (peek().kind() == Kind.COMMA) {
                    index++;
                    args.add(operand());
                }
            }
            expect(Kind.CLOSE, "')' closing the call to '" + word + "'");
            return Operand.Call.of(word, args, token.position());
        }
        return property(token);
    }

    private Operand property(FilterToken token) {
        List<String> path = Arrays.asList(token.text().split("/"));
        Field field = schema.resolve(path).orElseThrow(() -> new ODataException(
                "Could not find a property named '" + token.text() + "' on type '" + schema.typeName() + "'."));
        if (!field.type().isPrimitive()) {
            throw new ODataException("The property '" + token.text() + "' is a " + field.type().edmName()
                    + " and cannot be used in a comparison; compare one of its properties instead.");
        }
        return new Operand.Property(List.copyOf(path), field);
    }

    private FilterToken peek() {
        return tokens.get(index);
    }

    private void expect(Kind kind, String what) {
        FilterToken token = peek();
        if (token.kind() != kind) {
            throw syntax("expected " + what + " but found " + token.describe());
        }
        index++;
    }

    private ODataException syntax(String detail) {
        return new ODataException("Syntax error in $filter '" + text + "': " + detail + ".");
    }
}
