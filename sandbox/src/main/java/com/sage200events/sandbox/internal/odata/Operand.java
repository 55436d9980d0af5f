package com.sage200events.sandbox.internal.odata;

import com.sage200events.sandbox.internal.schema.Field;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** A value inside a {@code $filter}: a property, a literal or a function call. */
sealed interface Operand {

    ValueKind kind();

    /** The OData type name as OData's own error messages print it. */
    String edmName();

    Object valueIn(Map<String, Object> record);

    record Property(List<String> path, Field field) implements Operand {
        @Override
        public ValueKind kind() {
            return ValueKind.of(field.type());
        }

        @Override
        public String edmName() {
            return field.type().edmName();
        }

        @Override
        public Object valueIn(Map<String, Object> record) {
            return Values.at(record, path);
        }
    }

    record Literal(Object value, ValueKind kind) implements Operand {
        @Override
        public String edmName() {
            return switch (kind) {
                case STRING -> "Edm.String";
                case NUMBER -> value instanceof Long ? "Edm.Int64" : "Edm.Decimal";
                case BOOLEAN -> "Edm.Boolean";
                case DATETIME -> "Edm.DateTimeOffset";
                case NULL -> "null";
            };
        }

        @Override
        public Object valueIn(Map<String, Object> record) {
            return value;
        }
    }

    /** The string functions Sage documents ({@code contains}, {@code startswith}, {@code endswith}) and a few helpers. */
    record Call(String function, List<Operand> args) implements Operand {

        static Call of(String function, List<Operand> args, int position) {
            int arity = switch (function) {
                case "contains", "startswith", "endswith", "substringof" -> 2;
                case "tolower", "toupper", "trim", "length" -> 1;
                default -> throw new ODataException("Unknown function '" + function + "' at position " + position + ".");
            };
            if (args.size() != arity) {
                throw new ODataException("The function '" + function + "' takes " + arity + " argument(s), got " + args.size() + ".");
            }
            for (Operand arg : args) {
                if (arg.kind() != ValueKind.STRING && arg.kind() != ValueKind.NULL) {
                    throw new ODataException("The function '" + function + "' needs Edm.String arguments, got " + arg.edmName() + ".");
                }
            }
            return new Call(function, List.copyOf(args));
        }

        @Override
        public ValueKind kind() {
            return switch (function) {
                case "tolower", "toupper", "trim" -> ValueKind.STRING;
                case "length" -> ValueKind.NUMBER;
                default -> ValueKind.BOOLEAN;
            };
        }

        @Override
        public String edmName() {
            return kind() == ValueKind.STRING ? "Edm.String" : kind() == ValueKind.NUMBER ? "Edm.Int32" : "Edm.Boolean";
        }

        @Override
        public Object valueIn(Map<String, Object> record) {
            Object first = args.get(0).valueIn(record);
            Object second = args.size() > 1 ? args.get(1).valueIn(record) : null;
            if (first == null || (args.size() > 1 && second == null)) {
                return kind() == ValueKind.BOOLEAN ? Boolean.FALSE : null;
            }
            String a = (String) first;
            // Matching ignores case like SQL Server's LIKE under Sage's default collation, one character at a time for
            // all three functions (as eq does): lower-casing whole strings would turn a final Σ into ς, İ into two chars.
            return switch (function) {
                case "contains" -> containsIgnoringCase(a, (String) second);
                case "substringof" -> containsIgnoringCase((String) second, a);
                case "startswith" -> a.regionMatches(true, 0, (String) second, 0, ((String) second).length());
                case "endswith" -> a.regionMatches(true, a.length() - ((String) second).length(), (String) second, 0,
                        ((String) second).length());
                case "tolower" -> lower(a);
                case "toupper" -> a.toUpperCase(Locale.ROOT);
                case "trim" -> a.strip();
                case "length" -> (long) a.length();
                default -> throw new IllegalStateException(function);
            };
        }

        private static boolean containsIgnoringCase(String text, String part) {
            for (int at = 0; at + part.length() <= text.length(); at++) {
                if (text.regionMatches(true, at, part, 0, part.length())) {
                    return true;
                }
            }
            return false;
        }

        private static String lower(String s) {
            return s.toLowerCase(Locale.ROOT);
        }
    }
}
