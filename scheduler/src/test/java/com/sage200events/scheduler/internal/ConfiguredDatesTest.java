package com.sage200events.scheduler.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sage200events.common.json.Json;
import com.sage200events.common.model.DatesConfiguration;
import com.sage200events.common.sage.UnreadableDate;
import java.time.ZoneId;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The dry run reads configured dates strictly by their pattern, and says what the worker does instead. */
class ConfiguredDatesTest {

    private static final ZoneId GMT = ZoneId.of("GMT");

    @Test
    void datesInTheConfiguredFormatAreNotReported() {
        assertThat(ConfiguredDates.misses("1", hubRecord("2026-11-30T01:02:03Z"), DatesConfiguration.defaults())).isEmpty();
    }

    @Test
    void aWrongPatternIsReportedWithTheRawValueEvenThoughTheWorkerFallsBackToIso() {
        DatesConfiguration dates = new DatesConfiguration("updated_at", "dd/MM/yyyy HH:mm", GMT,
                "created_at", "yyyy-MM-dd'T'HH:mm:ss'Z'", GMT);
        List<UnreadableDate> misses = ConfiguredDates.misses("7", hubRecord("2026-11-30T01:02:03Z"), dates);
        assertThat(misses).singleElement().satisfies(miss -> {
            assertThat(miss.objectId()).isEqualTo("7");
            assertThat(miss.field()).isEqualTo("updated_at");
            assertThat(miss.value()).isEqualTo("2026-11-30T01:02:03Z");
            assertThat(miss.format()).isEqualTo("dd/MM/yyyy HH:mm");
            assertThat(miss.effect()).contains("ISO-8601").contains("2026-11-30T01:02:03Z");
        });
    }

    @Test
    void aMissingOrUnreadableFieldIsReportedToo() {
        DatesConfiguration dates = new DatesConfiguration("changed_on", "yyyy-MM-dd", GMT, "created_at", "yyyy-MM-dd'T'HH:mm:ss'Z'", GMT);
        ObjectNode record = hubRecord("2026-11-30T01:02:03Z");
        assertThat(ConfiguredDates.misses("8", record, dates)).singleElement().satisfies(miss -> {
            assertThat(miss.value()).isNull();
            assertThat(miss.effect()).contains("missing");
        });
        record.put("changed_on", "last tuesday");
        assertThat(ConfiguredDates.misses("8", record, dates)).singleElement().satisfies(miss -> {
            assertThat(miss.value()).isEqualTo("last tuesday");
            assertThat(miss.effect()).startsWith("unreadable");
        });
    }

    private static ObjectNode hubRecord(String stamp) {
        ObjectNode record = Json.mapper().createObjectNode();
        record.put("id", 1).put("created_at", stamp).put("updated_at", stamp);
        return record;
    }
}
