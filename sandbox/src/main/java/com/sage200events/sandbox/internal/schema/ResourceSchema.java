package com.sage200events.sandbox.internal.schema;

import java.util.List;
import java.util.Optional;

/**
 * The shape of one Sage resource's records.
 *
 * @param resource the URL segment, e.g. {@code customers}
 * @param typeName Sage's schema name, e.g. {@code customer}, as OData error messages name it
 */
public record ResourceSchema(String resource, String typeName, FieldSet fields) {

    /**
     * Resolves an OData property path such as {@code main_address/city}.
     *
     * @return the field at the end of the path, empty when any segment is unknown
     */
    public Optional<Field> resolve(List<String> path) {
        FieldSet current = fields;
        Field found = null;
        for (String segment : path) {
            if (found != null) {
                current = found.children();
            }
            Optional<Field> next = current.get(segment);
            if (next.isEmpty()) {
                return Optional.empty();
            }
            found = next.get();
        }
        return Optional.ofNullable(found);
    }
}
