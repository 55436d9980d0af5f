package com.sage200events.sandbox.internal.odata;

import java.util.Map;

/** A parsed {@code $filter}: a boolean test over one record's values. */
public sealed interface FilterNode {

    boolean test(Map<String, Object> record);

    record Or(FilterNode left, FilterNode right) implements FilterNode {
        @Override
        public boolean test(Map<String, Object> record) {
            return left.test(record) || right.test(record);
        }
    }

    record And(FilterNode left, FilterNode right) implements FilterNode {
        @Override
        public boolean test(Map<String, Object> record) {
            return left.test(record) && right.test(record);
        }
    }

    record Not(FilterNode operand) implements FilterNode {
        @Override
        public boolean test(Map<String, Object> record) {
            return !operand.test(record);
        }
    }

    /** A boolean property or function standing alone, e.g. {@code on_hold} or {@code contains(name,'x')}. */
    record Truth(Operand operand) implements FilterNode {
        @Override
        public boolean test(Map<String, Object> record) {
            return Boolean.TRUE.equals(operand.valueIn(record));
        }
    }

    record Comparison(Operator operator, Operand left, Operand right) implements FilterNode {

        /** Type-checks like OData does: both sides must have one type, or one side is null. */
        static Comparison of(Operator operator, Operand left, Operand right) {
            boolean nullSide = left.kind() == ValueKind.NULL || right.kind() == ValueKind.NULL;
            if (!nullSide && left.kind() != right.kind()) {
                throw new ODataException("A binary operator with incompatible types was detected. Found operand types '"
                        + left.edmName() + "' and '" + right.edmName() + "' for operator kind '" + operator.odataName() + "'.");
            }
            return new Comparison(operator, left, right);
        }

        @Override
        public boolean test(Map<String, Object> record) {
            Object a = left.valueIn(record);
            Object b = right.valueIn(record);
            // SQL's null logic as OData exposes it: only eq/ne can match a null.
            if (a == null || b == null) {
                return switch (operator) {
                    case EQ -> a == b;
                    case NE -> a != b;
                    default -> false;
                };
            }
            return operator.holds(Values.compare(a, b));
        }
    }

    enum Operator {
        EQ("Equal"),
        NE("NotEqual"),
        GT("GreaterThan"),
        GE("GreaterThanOrEqual"),
        LT("LessThan"),
        LE("LessThanOrEqual");

        private final String odataName;

        Operator(String odataName) {
            this.odataName = odataName;
        }

        String odataName() {
            return odataName;
        }

        boolean holds(int comparison) {
            return switch (this) {
                case EQ -> comparison == 0;
                case NE -> comparison != 0;
                case GT -> comparison > 0;
                case GE -> comparison >= 0;
                case LT -> comparison < 0;
                case LE -> comparison <= 0;
            };
        }

        static Operator fromWord(String word) {
            return switch (word) {
                case "eq" -> EQ;
                case "ne" -> NE;
                case "gt" -> GT;
                case "ge" -> GE;
                case "lt" -> LT;
                case "le" -> LE;
                default -> null;
            };
        }
    }
}
