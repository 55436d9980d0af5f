package com.sage200events.sandbox.internal.schema;

/** The JSON types Sage's schemas use, with the OData (Edm) names its error messages print. */
public enum FieldType {
    LONG("Edm.Int64"),
    INT("Edm.Int32"),
    DECIMAL("Edm.Decimal"),
    STRING("Edm.String"),
    BOOLEAN("Edm.Boolean"),
    DATETIME("Edm.DateTimeOffset"),
    OBJECT("complex type"),
    ARRAY("collection");

    private final String edmName;

    FieldType(String edmName) {
        this.edmName = edmName;
    }

    public String edmName() {
        return edmName;
    }

    public boolean isNumeric() {
        return this == LONG || this == INT || this == DECIMAL;
    }

    public boolean isPrimitive() {
        return this != OBJECT && this != ARRAY;
    }
}
