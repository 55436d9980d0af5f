package com.sage200events.sandbox.internal.schema;

import java.util.Objects;

/**
 * One property of a Sage schema.
 *
 * @param scale decimal places for {@link FieldType#DECIMAL} (Sage's "decimal 2dp"), else 0
 * @param readOnly Sage ignores it in POST/PUT bodies; the admin API may still set it
 * @param required Sage refuses a POST without it
 * @param maxLength the longest string Sage accepts for a {@link FieldType#STRING}, 0 when unbounded
 * @param defaultSpec the value of a fresh record as written in the schema file, or {@code null}
 *     (see {@code RecordFactory} for the {@code {id}}, {@code @id}, {@code @today} tokens)
 * @param children the properties of an {@link FieldType#OBJECT}, else empty
 */
public record Field(
        String name,
        FieldType type,
        int scale,
        boolean readOnly,
        boolean required,
        int maxLength,
        String defaultSpec,
        FieldSet children) {

    public Field {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(children, "children");
        if (maxLength < 0) {
            throw new IllegalArgumentException("maxLength must not be negative, was " + maxLength);
        }
    }
}
