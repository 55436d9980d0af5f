package com.sage200events.sandbox.internal.odata;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sage200events.sandbox.internal.schema.ResourceSchema;
import com.sage200events.sandbox.internal.schema.SchemaReader;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ODataQueryTest {

    private static final ResourceSchema PRODUCTS = SchemaReader.load("products");

    @Test
    void defaultsToTop500NoSkipNoOrder() {
        ODataQuery query = ODataQuery.parse(Map.of(), PRODUCTS);

        assertThat(query.top()).isEqualTo(500);
        assertThat(query.skip()).isZero();
        assertThat(query.orderBy()).isEmpty();
        assertThat(query.filter()).isNull();
    }

    @Test
    void readsSeveralOrderByKeys() {
        ODataQuery query = ODataQuery.parse(Map.of("$orderby", List.of("date_time_updated asc, id desc,code")), PRODUCTS);

        assertThat(query.orderBy()).containsExactly(
                new SortKey(List.of("date_time_updated"), false), new SortKey(List.of("id"), true), new SortKey(List.of("code"), false));
    }

    @Test
    void topAbove5000IsRefusedWithODatasMessage() {
        assertThat(ODataQuery.parse(Map.of("$top", List.of("5000")), PRODUCTS).top()).isEqualTo(5000);
        assertThatThrownBy(() -> ODataQuery.parse(Map.of("$top", List.of("5001")), PRODUCTS))
                .isInstanceOf(ODataException.class)
                .hasMessage("The limit of '5000' for Top query has been exceeded. The value from the incoming request is '5001'.");
        assertThatThrownBy(() -> ODataQuery.parse(Map.of("$top", List.of("99999999999")), PRODUCTS)).hasMessageContaining("limit of '5000'");
    }

    @Test
    void malformedOrRepeatedOptionsAreRefused() {
        assertThatThrownBy(() -> ODataQuery.parse(Map.of("$top", List.of("ten")), PRODUCTS)).hasMessageContaining("non-negative integer");
        assertThatThrownBy(() -> ODataQuery.parse(Map.of("$skip", List.of("-2"), "$orderby", List.of("id")), PRODUCTS))
                .hasMessageContaining("$skip");
        assertThatThrownBy(() -> ODataQuery.parse(Map.of("$top", List.of("1", "2")), PRODUCTS)).hasMessageContaining("more than once");
        assertThatThrownBy(() -> ODataQuery.parse(Map.of("$expand", List.of("x")), PRODUCTS)).hasMessageContaining("$expand");
        assertThatThrownBy(() -> ODataQuery.parse(Map.of("$orderby", List.of("id,")), PRODUCTS)).hasMessageContaining("$orderby");
        assertThatThrownBy(() -> ODataQuery.parse(Map.of("$orderby", List.of("holding")), PRODUCTS)).hasMessageContaining("holding");
    }

    @Test
    void skipWithoutOrderByIsRefused() {
        assertThatThrownBy(() -> ODataQuery.parse(Map.of("$skip", List.of("10")), PRODUCTS))
                .isInstanceOf(ODataException.class).hasMessageContaining("$orderby");
        assertThat(ODataQuery.parse(Map.of("$skip", List.of("10"), "$orderby", List.of("id")), PRODUCTS).skip()).isEqualTo(10);
    }

    @Test
    void otherQueryParametersAreIgnored() {
        assertThat(ODataQuery.parse(Map.of("cache_buster", List.of("1")), PRODUCTS).top()).isEqualTo(500);
    }
}
