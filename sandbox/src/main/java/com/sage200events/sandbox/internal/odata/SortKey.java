package com.sage200events.sandbox.internal.odata;

import com.sage200events.sandbox.internal.schema.Field;
import com.sage200events.sandbox.internal.schema.ResourceSchema;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/** One {@code $orderby} item: a property path and a direction. */
public record SortKey(List<String> path, boolean descending) {

    /** Whether this key is {@code property} (top level) in the given direction. */
    public boolean is(String property, boolean desc) {
        return path.size() == 1 && path.get(0).equals(property) && descending == desc;
    }

    /**
     * Parses {@code "date_time_updated asc, id asc"}.
     *
     * @throws ODataException for empty items, unknown properties or directions other than asc/desc
     */
    public static List<SortKey> parseAll(String text, ResourceSchema schema) {
        List<SortKey> keys = new ArrayList<>();
        for (String item : text.split(",", -1)) {
            String[] parts = item.trim().split("\\s+");
            if (parts.length == 0 || parts[0].isEmpty() || parts.length > 2) {
                throw new ODataException("Syntax error in $orderby '" + text + "': expected 'property [asc|desc]' items separated by commas.");
            }
            boolean descending = false;
            if (parts.length == 2) {
                switch (parts[1]) {
                    case "asc" -> descending = false;
                    case "desc" -> descending = true;
                    default -> throw new ODataException("Syntax error in $orderby '" + text + "': '" + parts[1]
                            + "' is not a direction; use asc or desc.");
                }
            }
            List<String> path = Arrays.asList(parts[0].split("/"));
            Field field = schema.resolve(path).orElseThrow(() -> new ODataException(
                    "Could not find a property named '" + parts[0] + "' on type '" + schema.typeName() + "'."));
            if (!field.type().isPrimitive()) {
                throw new ODataException("The property '" + parts[0] + "' is a " + field.type().edmName() + " and cannot be ordered by.");
            }
            keys.add(new SortKey(List.copyOf(path), descending));
        }
        return List.copyOf(keys);
    }

    /** Orders record values by these keys; ties stay tied (callers break them by id). */
    public static Comparator<Map<String, Object>> comparator(List<SortKey> keys) {
        Comparator<Map<String, Object>> result = (a, b) -> 0;
        for (SortKey key : keys) {
            Comparator<Map<String, Object>> one = (a, b) -> Values.compareNullsFirst(Values.at(a, key.path), Values.at(b, key.path));
            result = result.thenComparing(key.descending ? one.reversed() : one);
        }
        return result;
    }
}
