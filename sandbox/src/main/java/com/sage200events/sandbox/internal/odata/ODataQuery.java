package com.sage200events.sandbox.internal.odata;

import com.sage200events.sandbox.internal.schema.ResourceSchema;
import com.sage200events.sandbox.internal.store.StoredRecord;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The query options of one list request, parsed and checked against the resource.
 *
 * <p>Sage's paging rules: {@code $top} defaults to 500 and may not exceed 5,000; {@code $skip} is
 * refused without {@code $orderby} (without one the order is not stable); the response is a bare
 * array with no next link or count, so a short page is the only end-of-data signal.
 *
 * @param filter null when absent
 */
public record ODataQuery(FilterNode filter, List<SortKey> orderBy, int top, long skip) {

    public static final int DEFAULT_TOP = 500;
    public static final int MAX_TOP = 5_000;

    private static final Set<String> KNOWN = Set.of("$filter", "$orderby", "$top", "$skip");

    /** @throws ODataException when an option is malformed, repeated, unsupported or out of range */
    public static ODataQuery parse(Map<String, List<String>> params, ResourceSchema schema) {
        for (Map.Entry<String, List<String>> entry : params.entrySet()) {
            String name = entry.getKey();
            if (name.startsWith("$") && !KNOWN.contains(name)) {
                throw new ODataException("The query parameter '" + name + "' is not supported by the sandbox.");
            }
            if (KNOWN.contains(name) && entry.getValue().size() > 1) {
                throw new ODataException("Query option '" + name + "' was specified more than once, but it must be specified at most once.");
            }
        }
        String filterText = single(params, "$filter");
        String orderText = single(params, "$orderby");
        FilterNode filter = filterText == null ? null : FilterParser.parse(filterText, schema);
        List<SortKey> orderBy = orderText == null ? List.of() : SortKey.parseAll(orderText, schema);
        long top = nonNegative(params, "$top", DEFAULT_TOP);
        if (top > MAX_TOP) {
            throw new ODataException("The limit of '" + MAX_TOP + "' for Top query has been exceeded. The value from the incoming request is '"
                    + top + "'.");
        }
        long skip = nonNegative(params, "$skip", 0);
        if (single(params, "$skip") != null && orderBy.isEmpty()) {
            throw new ODataException("The $skip query option requires $orderby: without an explicit order the pages are not stable.");
        }
        return new ODataQuery(filter, orderBy, (int) top, skip);
    }

    /** Filters, orders (stable: ties keep id order), skips and limits. */
    public List<StoredRecord> apply(List<StoredRecord> records) {
        Stream<StoredRecord> stream = records.stream();
        if (filter != null) {
            stream = stream.filter(r -> filter.test(r.values()));
        }
        if (!orderBy.isEmpty()) {
            Comparator<Map<String, Object>> comparator = SortKey.comparator(orderBy);
            stream = stream.sorted((a, b) -> comparator.compare(a.values(), b.values()));
        }
        return stream.skip(skip).limit(top).toList();
    }

    private static String single(Map<String, List<String>> params, String name) {
        List<String> values = params.get(name);
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    private static long nonNegative(Map<String, List<String>> params, String name, long absent) {
        String text = single(params, name);
        if (text == null) {
            return absent;
        }
        try {
            long value = Long.parseLong(text.trim());
            if (value >= 0) {
                return value;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new ODataException("Invalid value '" + text + "' for " + name + " query option found. The " + name
                + " query option requires a non-negative integer value.");
    }
}
