package com.sage200events.sandbox.internal.odata;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sage200events.sandbox.internal.schema.ResourceSchema;
import com.sage200events.sandbox.internal.schema.SchemaReader;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FilterParserTest {

    private static final ResourceSchema CUSTOMERS = SchemaReader.load("customers");

    private final Map<String, Object> acme = record(1001L, "ACME01", "Acme Ltd", "5000.00", false, "2026-11-28T07:00:00.61Z");
    private final Map<String, Object> obrien = record(1002L, "OBR01", "O'Brien", "100.00", true, "2026-11-28T07:00:01Z");

    @Test
    void comparesStringsIgnoringCaseAsSqlServerDoes() {
        assertThat(matches("reference eq 'acme01'")).containsExactly("ACME01");
        assertThat(matches("reference ne 'ACME01'")).containsExactly("OBR01");
    }

    @Test
    void doubledQuoteEscapesAQuote() {
        assertThat(matches("name eq 'O''Brien'")).containsExactly("OBR01");
    }

    @Test
    void comparesNumbersAcrossIntegerAndDecimalLiterals() {
        assertThat(matches("credit_limit gt 100")).containsExactly("ACME01");
        assertThat(matches("credit_limit ge 100.0")).containsExactly("ACME01", "OBR01");
        assertThat(matches("id lt 1002")).containsExactly("ACME01");
        assertThat(matches("id le 1002L and id gt -5")).containsExactly("ACME01", "OBR01");
    }

    @Test
    void comparesDatetimesAsInstants() {
        assertThat(matches("date_time_updated eq 2026-11-28T07:00:00.610Z")).containsExactly("ACME01");
        assertThat(matches("date_time_updated gt 2026-11-28T07:00:00.61Z")).containsExactly("OBR01");
        assertThat(matches("date_time_updated ge 2026-11-28T08:00:00+01:00")).containsExactly("ACME01", "OBR01");
        assertThat(matches("date_time_updated lt 2026-11-29")).containsExactly("ACME01", "OBR01");
        assertThat(matches("date_time_updated lt datetime'2026-11-28T07:00:01Z'")).containsExactly("ACME01");
    }

    @Test
    void booleansNullsAndNot() {
        assertThat(matches("on_hold eq true")).containsExactly("OBR01");
        assertThat(matches("on_hold")).containsExactly("OBR01");
        assertThat(matches("not on_hold")).containsExactly("ACME01");
        assertThat(matches("last_credit_review eq null")).containsExactly("ACME01", "OBR01");
        assertThat(matches("last_credit_review ne null")).isEmpty();
        assertThat(matches("last_credit_review gt 2020-01-01T00:00:00Z")).isEmpty();
    }

    @Test
    void andBindsTighterThanOrAndParenthesesOverrideIt() {
        assertThat(matches("reference eq 'ACME01' or reference eq 'OBR01' and on_hold eq false")).containsExactly("ACME01");
        assertThat(matches("(reference eq 'ACME01' or reference eq 'OBR01') and on_hold eq false")).containsExactly("ACME01");
        assertThat(matches("(reference eq 'ACME01' or reference eq 'OBR01') and on_hold eq true")).containsExactly("OBR01");
        assertThat(matches("not (on_hold eq true or credit_limit gt 1000)")).isEmpty();
    }

    @Test
    void theWorkersKeysetPageFilterParses() {
        assertThat(matches("date_time_updated gt 2026-11-28T07:00:00.61Z or (date_time_updated eq 2026-11-28T07:00:00.61Z and id gt 1001)"))
                .containsExactly("OBR01");
    }

    @Test
    void stringFunctionsAndNestedPaths() {
        assertThat(matches("startswith(name,'acme')")).containsExactly("ACME01");
        assertThat(matches("contains(name, 'BRIEN') and endswith(reference, '01')")).containsExactly("OBR01");
        assertThat(matches("substringof('cme', name)")).containsExactly("ACME01");
        assertThat(matches("tolower(reference) eq 'obr01'")).containsExactly("OBR01");
        assertThat(matches("main_address/city eq 'Leeds'")).containsExactly("ACME01");
    }

    @Test
    void refusesUnknownPropertiesNamingThem() {
        assertThatThrownBy(() -> FilterParser.parse("colour eq 'red'", CUSTOMERS))
                .isInstanceOf(ODataException.class)
                .hasMessage("Could not find a property named 'colour' on type 'customer'.");
        assertThatThrownBy(() -> FilterParser.parse("main_address/colour eq 'red'", CUSTOMERS)).hasMessageContaining("main_address/colour");
    }

    @Test
    void refusesTypeMismatchesLikeOData() {
        assertThatThrownBy(() -> FilterParser.parse("date_time_updated ge '2026-11-28T07:00:00Z'", CUSTOMERS))
                .isInstanceOf(ODataException.class)
                .hasMessageContaining("incompatible types").hasMessageContaining("Edm.DateTimeOffset").hasMessageContaining("Edm.String");
        assertThatThrownBy(() -> FilterParser.parse("credit_limit eq '5'", CUSTOMERS)).hasMessageContaining("incompatible types");
        assertThatThrownBy(() -> FilterParser.parse("main_address eq null", CUSTOMERS)).hasMessageContaining("main_address");
    }

    @Test
    void refusesBadSyntaxWithThePosition() {
        assertThatThrownBy(() -> FilterParser.parse("name eq 'open", CUSTOMERS)).isInstanceOf(ODataException.class).hasMessageContaining("not closed");
        assertThatThrownBy(() -> FilterParser.parse("(name eq 'x'", CUSTOMERS)).hasMessageContaining("expected ')'");
        assertThatThrownBy(() -> FilterParser.parse("name eq 'x')", CUSTOMERS)).hasMessageContaining("')' at position 11");
        assertThatThrownBy(() -> FilterParser.parse("name 'x'", CUSTOMERS)).hasMessageContaining("comparison operator");
        assertThatThrownBy(() -> FilterParser.parse("name eq 'x' AND id eq 1", CUSTOMERS)).hasMessageContaining("'AND'");
        assertThatThrownBy(() -> FilterParser.parse("name EQ 'x'", CUSTOMERS)).hasMessageContaining("lower case");
        assertThatThrownBy(() -> FilterParser.parse("name eq and", CUSTOMERS)).hasMessageContaining("keyword");
        assertThatThrownBy(() -> FilterParser.parse("id eq 1 #", CUSTOMERS)).hasMessageContaining("unexpected character '#'");
        assertThatThrownBy(() -> FilterParser.parse("date_time_updated gt 2026-13-45T00:00:00Z", CUSTOMERS)).hasMessageContaining("not a valid date-time");
        assertThatThrownBy(() -> FilterParser.parse("frobnicate(name)", CUSTOMERS)).hasMessageContaining("Unknown function 'frobnicate'");
        assertThatThrownBy(() -> FilterParser.parse(" ", CUSTOMERS)).hasMessageContaining("empty");
    }

    private java.util.List<String> matches(String filter) {
        FilterNode node = FilterParser.parse(filter, CUSTOMERS);
        return java.util.stream.Stream.of(acme, obrien).filter(node::test).map(r -> (String) r.get("reference")).toList();
    }

    private static Map<String, Object> record(long id, String reference, String name, String creditLimit, boolean onHold, String updated) {
        Map<String, Object> record = new HashMap<>();
        record.put("id", id);
        record.put("reference", reference);
        record.put("name", name);
        record.put("credit_limit", new BigDecimal(creditLimit));
        record.put("on_hold", onHold);
        record.put("last_credit_review", null);
        record.put("date_time_updated", Instant.parse(updated));
        record.put("main_address", Map.of("city", reference.startsWith("ACME") ? "leeds" : "York"));
        return record;
    }
}
