package com.sage200events.sandbox.internal.odata;

import com.sage200events.sandbox.internal.odata.FilterNode.Operator;
import java.util.List;

/**
 * What a {@code $filter} implies about one property's range, so a list can start its scan of a sorted
 * index at the first record that can match instead of reading them all. The bounds are conservative
 * (a strict {@code gt} gives an inclusive bound): the filter is still applied to every record scanned.
 *
 * <p>The keyset page the poller asks for, {@code (date_time_updated gt T or (date_time_updated eq T and id
 * gt I))}, bounds {@code date_time_updated} below by T: both branches of the {@code or} do.
 */
public final class FilterBounds {

    private FilterBounds() {
    }

    /**
     * Every record the filter accepts has a non-null value of {@code property} within {@code [lower, upper]};
     * a null bound is unbounded.
     */
    public record Range<T>(T lower, T upper) {
        static <T> Range<T> unbounded() {
            return new Range<>(null, null);
        }
    }

    /** The range of a top-level property whose values are of {@code type} (Instant, Long...). */
    public static <T extends Comparable<T>> Range<T> of(FilterNode filter, String property, Class<T> type) {
        if (filter == null) {
            return Range.unbounded();
        }
        return range(filter, List.of(property), type);
    }

    /** Whether any comparison in the filter bounds {@code property} from below: how a keyset continuation looks. */
    public static boolean hasLowerBoundOn(FilterNode filter, String property) {
        if (filter instanceof FilterNode.And and) {
            return hasLowerBoundOn(and.left(), property) || hasLowerBoundOn(and.right(), property);
        }
        if (filter instanceof FilterNode.Or or) {
            return hasLowerBoundOn(or.left(), property) || hasLowerBoundOn(or.right(), property);
        }
        if (filter instanceof FilterNode.Comparison comparison) {
            Bound bound = Bound.of(comparison, List.of(property));
            return bound != null && bound.lower;
        }
        return false;
    }

    private static <T extends Comparable<T>> Range<T> range(FilterNode node, List<String> path, Class<T> type) {
        if (node instanceof FilterNode.And and) {
            Range<T> a = range(and.left(), path, type);
            Range<T> b = range(and.right(), path, type);
            return new Range<>(tighter(a.lower(), b.lower(), true), tighter(a.upper(), b.upper(), false));
        }
        if (node instanceof FilterNode.Or or) {
            Range<T> a = range(or.left(), path, type);
            Range<T> b = range(or.right(), path, type);
            return new Range<>(looser(a.lower(), b.lower(), true), looser(a.upper(), b.upper(), false));
        }
        if (node instanceof FilterNode.Comparison comparison) {
            Bound bound = Bound.of(comparison, path);
            if (bound == null || !type.isInstance(bound.value)) {
                return Range.unbounded();
            }
            T value = type.cast(bound.value);
            return new Range<>(bound.lower ? value : null, bound.upper ? value : null);
        }
        // not, a bare boolean or a function says nothing we can use
        return Range.unbounded();
    }

    /** In an {@code and}, the stricter of two bounds holds; an absent one does not weaken the other. */
    private static <T extends Comparable<T>> T tighter(T a, T b, boolean lower) {
        if (a == null || b == null) {
            return a == null ? b : a;
        }
        return (a.compareTo(b) >= 0) == lower ? a : b;
    }

    /** In an {@code or}, only a bound both sides share holds. */
    private static <T extends Comparable<T>> T looser(T a, T b, boolean lower) {
        if (a == null || b == null) {
            return null;
        }
        return (a.compareTo(b) <= 0) == lower ? a : b;
    }

    /** One comparison of the property with a literal, read as bounds: {@code x ge 5} and {@code 5 le x} alike. */
    private record Bound(Object value, boolean lower, boolean upper) {

        static Bound of(FilterNode.Comparison comparison, List<String> path) {
            Operator operator = comparison.operator();
            Object literal;
            if (isProperty(comparison.left(), path) && comparison.right() instanceof Operand.Literal right) {
                literal = right.value();
            } else if (isProperty(comparison.right(), path) && comparison.left() instanceof Operand.Literal left) {
                literal = left.value();
                operator = mirrored(operator);
            } else {
                return null;
            }
            if (literal == null) {
                return null;
            }
            return switch (operator) {
                case EQ -> new Bound(literal, true, true);
                case GT, GE -> new Bound(literal, true, false);
                case LT, LE -> new Bound(literal, false, true);
                case NE -> null;
            };
        }

        private static boolean isProperty(Operand operand, List<String> path) {
            return operand instanceof Operand.Property property && property.path().equals(path);
        }

        private static Operator mirrored(Operator operator) {
            return switch (operator) {
                case GT -> Operator.LT;
                case GE -> Operator.LE;
                case LT -> Operator.GT;
                case LE -> Operator.GE;
                default -> operator;
            };
        }
    }
}
