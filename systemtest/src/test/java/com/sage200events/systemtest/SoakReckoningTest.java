package com.sage200events.systemtest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sage200events.sandbox.SandboxChange;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The soak's rules for lost, superseded, repeated and different-body deliveries, on hand-made callbacks. */
class SoakReckoningTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant T0 = Instant.parse("2026-11-30T01:00:00.000Z");

    private final CallbackLedger ledger = new CallbackLedger();

    @Test
    void aChangeOvertakenByALaterVersionOfItsRecordCountsAsDeliveredThroughIt() {
        List<SandboxChange> changes = List.of(change(1, 1001, 0), change(2, 1001, 500), change(3, 1002, 700));
        ledger.accept(notification(7, "evt_b", 1001, 500, "Second"), T0.plusSeconds(60));
        ledger.accept(notification(7, "evt_c", 1002, 700, "Other"), T0.plusSeconds(61));

        SoakReckoning.Result result = SoakReckoning.reckon(changes, Map.of("customers", List.of(7L)), ledger);

        assertThat(result.owed()).isEqualTo(3);
        assertThat(result.lost()).isZero();
        assertThat(result.superseded()).as("the first change arrived only as its successor").isEqualTo(1);
        assertThat(result.percentile(100)).as("the third change: written at +0.7 s, arrived at +61 s").isEqualTo(Duration.ofMillis(60_300));
        assertThat(result.percentile(50)).as("the first change: written at 0, arrived through its successor at +60 s").isEqualTo(Duration.ofSeconds(60));
    }

    @Test
    void aChangeWithOnlyAnEarlierVersionDeliveredIsLostAndSoIsOneOwedToAnotherInstance() {
        List<SandboxChange> changes = List.of(change(1, 1001, 0), change(2, 1001, 500));
        ledger.accept(notification(7, "evt_a", 1001, 0, "First"), T0.plusSeconds(60));

        SoakReckoning.Result result = SoakReckoning.reckon(changes, Map.of("customers", List.of(7L, 8L)), ledger);

        assertThat(result.owed()).isEqualTo(4);
        assertThat(result.delivered()).as("only instance 7's first version").isEqualTo(1);
        assertThat(result.lost()).isEqualTo(3);
        assertThat(result.lostExamples()).hasSize(3).anyMatch(l -> l.startsWith("instance 8"));
    }

    @Test
    void repeatsAreCountedAndADifferentBodyUnderOneIdIsCaughtButADifferentPollDateIsNot() {
        ledger.accept(notification(7, "evt_a", 1001, 0, "First"), T0);
        JsonNode repoll = notification(7, "evt_a", 1001, 0, "First");
        ((ObjectNode) repoll.path("message").path("events").get(0))
                .put("pollDate", "2026-11-30T02:00:00Z");
        ledger.accept(repoll, T0.plusSeconds(1));
        ledger.accept(notification(7, "evt_b", 1002, 0, "One"), T0);
        ledger.accept(notification(7, "evt_b", 1002, 0, "Another"), T0);

        CallbackLedger.Stats stats = ledger.stats();

        assertThat(stats.distinctEventIds()).isEqualTo(2);
        assertThat(stats.repeatedEventIds()).isEqualTo(2);
        assertThat(stats.extraCopies()).isEqualTo(2);
        assertThat(stats.differentBodies()).as("only evt_b's record differed").isEqualTo(1);
    }

    private static SandboxChange change(long seq, long id, long millis) {
        Instant at = T0.plusMillis(millis);
        return new SandboxChange(seq, "customers", id, at, at);
    }

    /** A one-event notification in the Cloud Elements shape, its record stamped {@code T0 + millis}. */
    private static JsonNode notification(long instanceId, String eventId, long id, long millis, String name) {
        String stamp = T0.plusMillis(millis).toString();
        String body = """
                {"message": {"instanceId": %d, "events": [{"eventId": "%s", "eventType": "UPDATED", "objectType": "customers",
                  "objectId": "%d", "date": "%s", "pollDate": "2026-11-30T01:01:00Z"}],
                  "raw": {"objectType": "customers", "customers": [{"id": %d, "name": "%s", "date_time_updated": "%s"}]}}}
                """.formatted(instanceId, eventId, id, stamp, id, name, stamp);
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
