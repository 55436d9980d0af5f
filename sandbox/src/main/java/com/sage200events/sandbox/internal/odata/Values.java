package com.sage200events.sandbox.internal.odata;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Comparison and navigation over stored values. */
final class Values {

    private Values() {}

    /** The value at an OData path such as {@code main_address/city}, or null if any step is missing. */
    static Object at(Map<String, Object> record, List<String> path) {
        Object current = record;
        for (String segment : path) {
            if (!(current instanceof Map<?, ?> map)) {
                return null;
            }
            current = map.get(segment);
        }
        return current;
    }

    /**
     * Orders two non-null values of one kind. Strings compare case-insensitively: Sage 200 runs on SQL
     * Server, whose default collation ignores case, so {@code name eq 'acme'} finds "ACME".
     */
    static int compare(Object a, Object b) {
        if (a instanceof String x && b instanceof String y) {
            return String.CASE_INSENSITIVE_ORDER.compare(x, y);
        }
        if (a instanceof Number x && b instanceof Number y) {
            return compareNumbers(x, y);
        }
        if (a instanceof Instant x && b instanceof Instant y) {
            return x.compareTo(y);
        }
        if (a instanceof Boolean x && b instanceof Boolean y) {
            return x.compareTo(y);
        }
        throw new IllegalStateException("cannot compare " + a.getClass().getSimpleName() + " with " + b.getClass().getSimpleName());
    }

    /** Nulls sort first ascending, as SQL Server orders them. */
    static int compareNullsFirst(Object a, Object b) {
        if (a == null || b == null) {
            return a == null ? (b == null ? 0 : -1) : 1;
        }
        return compare(a, b);
    }

    private static int compareNumbers(Number a, Number b) {
        if (isIntegral(a) && isIntegral(b)) {
            return Long.compare(a.longValue(), b.longValue());
        }
        return decimal(a).compareTo(decimal(b));
    }

    private static boolean isIntegral(Number n) {
        return n instanceof Long || n instanceof Integer || n instanceof Short;
    }

    private static BigDecimal decimal(Number n) {
        return n instanceof BigDecimal d ? d : isIntegral(n) ? BigDecimal.valueOf(n.longValue()) : new BigDecimal(n.toString());
    }
}
