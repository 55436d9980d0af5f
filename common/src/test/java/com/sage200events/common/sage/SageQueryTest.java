package com.sage200events.common.sage;

import static org.assertj.core.api.Assertions.assertThat;

import com.sage200events.common.poll.PageKey;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SageQueryTest {

    private static final Instant WINDOW = Instant.parse("2026-11-28T07:00:00.750Z");
    private static final Instant NOW = Instant.parse("2026-11-28T07:15:00Z");

    @Test
    void firstPageFiltersFromTheWindowOrderedByStampAndId() {
        SageQuery query = SageQuery.forPoll(ChangeDetectorTest.poller("""
                {"url": "/hubs/finance/customers?where=date_time_updated>='${date:yyyy-MM-dd'T'HH:mm:ss}'", "idField": "id",
                 "pageSize": 250}"""), WINDOW, ZoneOffset.UTC, NOW);
        assertThat(query.page(Optional.empty())).containsExactly(
                Map.entry("$filter", "date_time_updated ge 2026-11-28T07:00:00Z"),
                Map.entry("$orderby", "date_time_updated asc, id asc"),
                Map.entry("$top", "250"));
    }

    @Test
    void laterPagesContinueAfterTheLastRowByKeyset() {
        SageQuery query = SageQuery.forPoll(ChangeDetectorTest.poller("""
                {"url": "/hubs/finance/invoices?where=date_time_updated>='${gmtDate:yyyy-MM-dd'T'HH:mm:ss}'", "idField": "id"}"""),
                WINDOW, ZoneOffset.UTC, NOW);
        String filter = query.page(Optional.of(new PageKey(Instant.parse("2026-11-28T07:03:04.5Z"), 77))).get("$filter");
        assertThat(filter).isEqualTo("(date_time_updated ge 2026-11-28T07:00:00Z)"
                + " and (trader_transaction_type eq 'TradingAccountEntryTypeInvoice')"
                + " and (date_time_updated gt 2026-11-28T07:03:04.5Z or (date_time_updated eq 2026-11-28T07:03:04.5Z and id gt 77))");
    }

    @Test
    void filterByCurrentDateCapsTheQueryAtThePollStart() {
        SageQuery query = SageQuery.forPoll(ChangeDetectorTest.poller("""
                {"url": "/hubs/finance/customers", "idField": "id", "filterByCurrentDate": true}"""), WINDOW, ZoneOffset.UTC, NOW);
        assertThat(query.page(Optional.empty()).get("$filter")).isEqualTo("date_time_updated le 2026-11-28T07:15:00Z");
    }

    @Test
    void afterARowWithoutAStampThePageGoesOnByIdThenToEveryStampedRow() {
        SageQuery query = SageQuery.forPoll(ChangeDetectorTest.poller("""
                {"url": "/hubs/finance/customers?where=name = 'x'", "idField": "id"}"""), WINDOW, ZoneOffset.UTC, NOW);
        assertThat(query.page(Optional.of(new PageKey(null, 12))).get("$filter")).isEqualTo("(name eq 'x')"
                + " and ((date_time_updated eq null and id gt 12) or date_time_updated ne null)");
    }

    @Test
    void aPageKeySurvivesItsStoredForm() {
        PageKey stamped = new PageKey(Instant.parse("2026-11-28T07:03:04.5Z"), 77);
        PageKey unstamped = new PageKey(null, 12);
        assertThat(PageKey.decode(stamped.encode())).hasValue(stamped);
        assertThat(PageKey.decode(unstamped.encode())).hasValue(unstamped);
        assertThat(PageKey.decode("")).isEmpty();
    }
}
