package com.sage200events.sandbox.internal.odata;

import com.sage200events.sandbox.internal.schema.Field;
import com.sage200events.sandbox.internal.schema.ResourceSchema;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The query options of one list request, parsed and checked against the resource.
 *
 * <p>Sage's paging rules: {@code $top} defaults to 500 and may not exceed 5,000; {@code $skip} is
 * refused without {@code $orderby} (without one the order is not stable); the response is a bare
 * array with no next link, so a short page is the only end-of-data signal.
 *
 * <p>{@code $count=true} is accepted and has no visible effect on the bare array: Sage's OpenAPI files
 * never mention it, and OData writes a count as {@code @odata.count} beside {@code value}, which a bare
 * array has no room for (ASP.NET Web API's non-OData formatter computes it and drops it). Only when the
 * sandbox is asked to answer in the {@code {"value": [...]}} wrapper does the count appear, as OData
 * would write it.
 *
 * @param filter null when absent
 * @param select the top-level properties to return, in schema order; empty for all of them
 * @param count whether {@code $count=true} was asked for
 */
public record ODataQuery(FilterNode filter, List<SortKey> orderBy, int top, long skip, List<String> select, boolean count) {

    public static final int DEFAULT_TOP = 500;
    public static final int MAX_TOP = 5_000;

    private static final Set<String> KNOWN = Set.of("$filter", "$orderby", "$top", "$skip", "$select", "$count");

    public ODataQuery {
        orderBy = List.copyOf(orderBy);
        select = List.copyOf(select);
    }

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
        return new ODataQuery(filter, orderBy, (int) top, skip, select(single(params, "$select"), schema), count(single(params, "$count")));
    }

    /** A copy for another page size, e.g. a benchmark or hook scanning in its own steps. */
    public ODataQuery withTop(int newTop) {
        return new ODataQuery(filter, orderBy, newTop, skip, select, count);
    }

    /**
     * Whether this asks for a page after the first: a {@code $skip}, or a lower bound on {@code id} (the
     * second half of the keyset condition the poller sends).
     */
    public boolean isContinuation() {
        return skip > 0 || FilterBounds.hasLowerBoundOn(filter, "id");
    }

    private static List<String> select(String text, ResourceSchema schema) {
        if (text == null || text.isBlank() || text.trim().equals("*")) {
            return List.of();
        }
        List<String> names = new ArrayList<>();
        for (String item : text.split(",", -1)) {
            String name = item.trim();
            if (name.isEmpty()) {
                throw new ODataException("Syntax error in $select '" + text + "': expected property names separated by commas.");
            }
            if (name.contains("/")) {
                throw new ODataException("The sandbox supports $select on top-level properties only, not '" + name + "'.");
            }
            Optional<Field> field = schema.fields().get(name);
            if (field.isEmpty()) {
                throw new ODataException("Could not find a property named '" + name + "' on type '" + schema.typeName() + "'.");
            }
            if (!names.contains(name)) {
                names.add(name);
            }
        }
        // Properties come back in the schema's order whatever order $select names them in, as OData writes them.
        return schema.fields().fields().stream().map(Field::name).filter(names::contains).toList();
    }

    private static boolean count(String text) {
        if (text == null) {
            return false;
        }
        return switch (text.trim()) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new ODataException("'" + text + "' is not a valid count option: use true or false.");
        };
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
