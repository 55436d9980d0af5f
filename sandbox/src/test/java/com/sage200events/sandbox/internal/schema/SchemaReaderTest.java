package com.sage200events.sandbox.internal.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class SchemaReaderTest {

    @Test
    void loadsTypesFlagsDefaultsAndNestedObjects() {
        ResourceSchema customers = SchemaReader.load("customers");

        assertThat(customers.typeName()).isEqualTo("customer");
        assertThat(customers.resolve(List.of("id")).orElseThrow()).extracting(Field::type, Field::readOnly)
                .containsExactly(FieldType.LONG, true);
        assertThat(customers.resolve(List.of("reference")).orElseThrow()).extracting(Field::required, Field::defaultSpec)
                .containsExactly(true, "CUST{id}");
        assertThat(customers.resolve(List.of("credit_limit")).orElseThrow()).extracting(Field::type, Field::scale)
                .containsExactly(FieldType.DECIMAL, 2);
        assertThat(customers.resolve(List.of("main_address", "city")).orElseThrow().type()).isEqualTo(FieldType.STRING);
        assertThat(customers.resolve(List.of("date_time_updated")).orElseThrow().type()).isEqualTo(FieldType.DATETIME);
        assertThat(customers.resolve(List.of("nope"))).isEmpty();
    }

    @Test
    void parsesIndentationIntoNesting() {
        FieldSet fields = SchemaReader.parse(List.of("# header", "a long", "b object", "  c string default=x y", "  d object",
                "    e boolean", "f int ro required"), "test");

        assertThat(fields.fields()).extracting(Field::name).containsExactly("a", "b", "f");
        Field b = fields.get("b").orElseThrow();
        assertThat(b.children().fields()).extracting(Field::name).containsExactly("c", "d");
        assertThat(b.children().get("c").orElseThrow().defaultSpec()).isEqualTo("x y");
        assertThat(b.children().get("d").orElseThrow().children().get("e")).isPresent();
        assertThat(fields.get("f").orElseThrow()).extracting(Field::readOnly, Field::required).containsExactly(true, true);
    }

    @Test
    void refusesUnknownTypesAndResources() {
        assertThatThrownBy(() -> SchemaReader.parse(List.of("a colour"), "test")).hasMessageContaining("colour");
        assertThatThrownBy(() -> SchemaReader.load("nope")).hasMessageContaining("nope");
    }
}
