package com.sage200events.sandbox.internal.schema;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The ordered properties of one object type (a resource or a nested object). */
public final class FieldSet {

    public static final FieldSet EMPTY = new FieldSet(List.of());

    private final List<Field> fields;
    private final Map<String, Field> byName;

    public FieldSet(List<Field> fields) {
        this.fields = List.copyOf(fields);
        Map<String, Field> index = new LinkedHashMap<>();
        for (Field field : this.fields) {
            if (index.put(field.name(), field) != null) {
                throw new IllegalArgumentException("duplicate field " + field.name());
            }
        }
        this.byName = Map.copyOf(index);
    }

    public List<Field> fields() {
        return fields;
    }

    public Optional<Field> get(String name) {
        return Optional.ofNullable(byName.get(name));
    }

    public boolean isEmpty() {
        return fields.isEmpty();
    }
}
