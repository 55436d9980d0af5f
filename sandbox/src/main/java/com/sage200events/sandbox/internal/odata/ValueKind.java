package com.sage200events.sandbox.internal.odata;

import com.sage200events.sandbox.internal.schema.FieldType;

/** The types a filter operand can have; OData refuses to compare two different ones. */
enum ValueKind {
    STRING,
    NUMBER,
    BOOLEAN,
    DATETIME,
    NULL;

    static ValueKind of(FieldType type) {
        return switch (type) {
            case LONG, INT, DECIMAL -> NUMBER;
            case STRING -> STRING;
            case BOOLEAN -> BOOLEAN;
            case DATETIME -> DATETIME;
            case OBJECT, ARRAY -> throw new IllegalArgumentException(type + " is not primitive");
        };
    }
}
