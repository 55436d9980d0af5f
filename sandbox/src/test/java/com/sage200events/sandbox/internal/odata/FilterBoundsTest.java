package com.sage200events.sandbox.internal.odata;

import static org.assertj.core.api.Assertions.assertThat;

import com.sage200events.sandbox.internal.schema.ResourceSchema;
import com.sage200events.sandbox.internal.schema.SchemaReader;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class FilterBoundsTest {

    private static final ResourceSchema CUSTOMERS = SchemaReader.load("customers");
    private static final Instant T = Instant.parse("2026-11-28T07:00:00.61Z");
    private static final Instant U = Instant.parse("2026-11-28T08:00:00Z");

    @Test
    void theWorkersKeysetConditionBoundsTheStampFromBelow() {
        FilterBounds.Range<Instant> range = stamps("(date_time_updated ge 2026-11-28T06:00:00Z) and (date_time_updated gt "
                + "2026-11-28T07:00:00.61Z or (date_time_updated eq 2026-11-28T07:00:00.61Z and id gt 1004))");

        assertThat(range.lower()).isEqualTo(T);
        assertThat(range.upper()).isNull();
    }

    @Test
    void andTakesTheTighterBoundsAndOrTheLooser() {
        assertThat(stamps("date_time_updated ge 2026-11-28T07:00:00.61Z and date_time_updated lt 2026-11-28T08:00:00Z"))
                .isEqualTo(new FilterBounds.Range<>(T, U));
        assertThat(stamps("date_time_updated eq 2026-11-28T07:00:00.61Z or date_time_updated eq 2026-11-28T08:00:00Z"))
                .isEqualTo(new FilterBounds.Range<>(T, U));
        assertThat(stamps("date_time_updated ge 2026-11-28T07:00:00.61Z or name eq 'x'").lower()).isNull();
    }

    @Test
    void aLiteralOnTheLeftIsMirrored() {
        assertThat(stamps("2026-11-28T07:00:00.61Z le date_time_updated").lower()).isEqualTo(T);
        assertThat(stamps("2026-11-28T07:00:00.61Z gt date_time_updated").upper()).isEqualTo(T);
    }

    @Test
    void notNeAndOtherPropertiesBoundNothing() {
        assertThat(stamps("not (date_time_updated lt 2026-11-28T07:00:00.61Z)")).isEqualTo(new FilterBounds.Range<>(null, null));
        assertThat(stamps("date_time_updated ne 2026-11-28T07:00:00.61Z")).isEqualTo(new FilterBounds.Range<>(null, null));
        assertThat(stamps("date_time_created ge 2026-11-28T07:00:00.61Z")).isEqualTo(new FilterBounds.Range<>(null, null));
        assertThat(stamps("date_time_updated eq null")).isEqualTo(new FilterBounds.Range<>(null, null));
    }

    @Test
    void idBoundsAreLongsAndMarkAContinuation() {
        FilterNode keyset = FilterParser.parse("date_time_updated gt 2026-11-28T07:00:00Z or (date_time_updated eq "
                + "2026-11-28T07:00:00Z and id gt 1004)", CUSTOMERS);

        assertThat(FilterBounds.of(FilterParser.parse("id gt 1004 and id lt 2000", CUSTOMERS), "id", Long.class))
                .isEqualTo(new FilterBounds.Range<>(1004L, 2000L));
        assertThat(FilterBounds.hasLowerBoundOn(keyset, "id")).isTrue();
        assertThat(FilterBounds.hasLowerBoundOn(FilterParser.parse("id lt 5", CUSTOMERS), "id")).isFalse();
    }

    private static FilterBounds.Range<Instant> stamps(String filter) {
        return FilterBounds.of(FilterParser.parse(filter, CUSTOMERS), "date_time_updated", Instant.class);
    }
}
