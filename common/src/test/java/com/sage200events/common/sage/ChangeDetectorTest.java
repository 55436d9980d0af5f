package com.sage200events.common.sage;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sage200events.common.json.Json;
import com.sage200events.common.json.RawJson;
import com.sage200events.common.json.SourcedArrays;
import com.sage200events.common.model.InstanceValidator;
import com.sage200events.common.model.ResourcePoller;
import com.sage200events.common.poll.PageKey;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ChangeDetectorTest {

    private static final Instant CREATED_INSTANCE = Instant.parse("2026-11-28T07:00:00Z");
    private static final Instant POLL = Instant.parse("2026-11-28T07:15:00Z");

    private final ResourcePoller poller = poller("{\"url\": \"/hubs/finance/customers\", \"idField\": \"id\", \"createdCheckTolerance\": 2}");

    @Test
    void aRecordCreatedAfterTheLastPollIsCreatedAndOneUpdatedLaterIsUpdated() {
        PollWindow window = window(Instant.parse("2026-11-28T07:05:00Z"), new HashSet<>());
        List<JsonNode> page = List.of(
                record(1, "2026-11-28T07:10:00.5Z", "2026-11-28T07:10:00.5Z"),
                record(2, "2026-11-28T07:01:00Z", "2026-11-28T07:11:00.25Z"));
        ChangeDetector.PageChanges changes = detect(window, page);
        assertThat(changes.events).extracting(e -> e.objectId() + ":" + e.eventType()).containsExactly("1:CREATED", "2:UPDATED");
        assertThat(changes.events.get(1).date()).isEqualTo("2026-11-28T07:11:00Z");
        assertThat(changes.maxUpdated).isEqualTo(Instant.parse("2026-11-28T07:11:00.25Z"));
        assertThat(ChangeDetector.lastKey(page)).hasValue(new PageKey(Instant.parse("2026-11-28T07:11:00.25Z"), 2));
    }

    @Test
    void createdWithinToleranceOfUpdatedCountsAsCreatedEvenBeforeTheWatermark() {
        PollWindow window = window(Instant.parse("2026-11-28T07:12:00Z"), new HashSet<>());
        ChangeDetector.PageChanges changes = detect(window, List.of(record(3, "2026-11-28T07:10:00Z", "2026-11-28T07:10:01.9Z")));
        assertThat(changes.events).extracting(e -> e.eventType()).containsExactly("CREATED");
    }

    @Test
    void whatTheWindowAlreadySawIsDroppedAndTheSameChangeKeepsItsId() {
        Set<String> seen = new HashSet<>();
        PollWindow window = window(Instant.parse("2026-11-28T07:05:00Z"), seen);
        JsonNode record = record(4, "2026-11-28T07:06:00Z", "2026-11-28T07:07:00Z");
        String firstId = detect(window, List.of(record)).events.get(0).eventId();
        assertThat(detect(window, List.of(record)).events).isEmpty();
        assertThat(detect(window(Instant.parse("2026-11-28T07:05:00Z"), new HashSet<>()), List.of(record)).events.get(0).eventId())
                .isEqualTo(firstId);
    }

    @Test
    void changesOlderThanTheInstanceAreMarkedSeenButNotEmitted() {
        PollWindow window = new PollWindow(CREATED_INSTANCE.minusSeconds(300), CREATED_INSTANCE, CREATED_INSTANCE, new HashSet<>());
        ChangeDetector.PageChanges changes = detect(window, List.of(record(5, "2026-11-28T06:50:00Z", "2026-11-28T06:58:00Z")));
        assertThat(changes.events).isEmpty();
        assertThat(changes.marks).hasSize(1);
    }

    @Test
    void recordsBeforeTheWindowAreIgnored() {
        PollWindow window = window(Instant.parse("2026-11-28T07:10:00Z"), new HashSet<>());
        ChangeDetector.PageChanges changes = detect(window, List.of(record(6, "2026-11-28T07:01:00Z", "2026-11-28T07:02:00Z")));
        assertThat(changes.events).isEmpty();
        assertThat(changes.marks).isEmpty();
    }

    @Test
    void anUnreadableStampIsReportedNotDroppedSilently() {
        PollWindow window = window(Instant.parse("2026-11-28T07:05:00Z"), new HashSet<>());
        ObjectNode broken = (ObjectNode) record(7, "2026-11-28T07:06:00Z", "2026-11-28T07:07:00Z");
        broken.put("date_time_updated", "yesterday-ish");
        ChangeDetector.PageChanges changes = detect(window, List.of(broken, record(8, "2026-11-28T07:06:00Z", "2026-11-28T07:08:00Z")));
        assertThat(changes.unreadable).singleElement().asString().contains("record 7");
        assertThat(changes.unreadableDates).singleElement().satisfies(date -> {
            assertThat(date.objectId()).isEqualTo("7");
            assertThat(date.field()).isEqualTo("date_time_updated");
            assertThat(date.value()).isEqualTo("yesterday-ish");
        });
        assertThat(changes.events).extracting(e -> e.objectId()).containsExactly("8");
    }

    @Test
    void hubRecordsCarryCreatedAtAndUpdatedAt() {
        PollWindow window = window(Instant.parse("2026-11-28T07:05:00Z"), new HashSet<>());
        JsonNode hub = detect(window, List.of(record(9, "2026-11-28T07:06:00.123Z", "2026-11-28T07:07:00.5Z"))).records.get(0);
        assertThat(hub.get("created_at").asText()).isEqualTo("2026-11-28T07:06:00Z");
        assertThat(hub.get("updated_at").asText()).isEqualTo("2026-11-28T07:07:00Z");
        assertThat(hub.get("name").asText()).isEqualTo("Customer 9");
    }

    /** Issue 11, input 2: created after the instance, changed again before any poll completed. */
    @Test
    void onTheBaselineARecordCreatedAfterTheStartIsCreatedWhateverHappenedSince() {
        // An earlier, failed baseline attempt already moved the watermark past the record's creation.
        PollWindow baseline = new PollWindow(CREATED_INSTANCE.minusSeconds(600), Instant.parse("2026-11-28T07:09:00Z"),
                CREATED_INSTANCE, new HashSet<>());
        ChangeDetector.PageChanges changes = detect(baseline, List.of(
                record(20, "2026-11-28T07:01:00Z", "2026-11-28T07:12:00Z"),
                record(21, "2026-11-28T06:40:00Z", "2026-11-28T07:12:30Z")));
        assertThat(changes.events).extracting(e -> e.objectId() + ":" + e.eventType()).containsExactly("20:CREATED", "21:UPDATED");
    }

    @Test
    void aStampAheadOfSagesClockIsEmittedAndReported() {
        PollWindow window = window(Instant.parse("2026-11-28T07:05:00Z"), new HashSet<>());
        ChangeDetector.PageChanges changes = new ChangeDetector(42, poller, window, POLL).detect(List.of(
                record(40, "2026-11-28T07:06:00Z", "2026-11-28T07:06:00Z"),
                record(41, "2026-11-28T07:25:00Z", "2026-11-28T07:25:00Z")), Optional.of(Instant.parse("2026-11-28T07:15:05Z")));
        assertThat(changes.events).extracting(e -> e.objectId()).containsExactly("40", "41");
        assertThat(changes.futureStamps).isEqualTo(1);
        assertThat(changes.newestFutureStamp).isEqualTo("41 at 2026-11-28T07:25:00Z");
    }

    /** Issue 17, input 2: Sage sorts rows without a stamp first; a page of them must not stop paging. */
    @Test
    void aPageOfRowsWithoutAStampPagesOnByIdAndIsReported() {
        ObjectNode first = (ObjectNode) record(50, "2026-11-28T07:06:00Z", "2026-11-28T07:06:00Z");
        first.putNull("date_time_updated");
        ObjectNode second = (ObjectNode) record(51, "2026-11-28T07:06:00Z", "2026-11-28T07:06:00Z");
        second.putNull("date_time_updated");
        List<JsonNode> page = List.of(first, second);
        ChangeDetector.PageChanges changes = detect(window(Instant.parse("2026-11-28T07:05:00Z"), new HashSet<>()), page);
        assertThat(changes.events).isEmpty();
        assertThat(changes.unreadable).hasSize(2).allSatisfy(what -> assertThat(what).contains("date_time_updated: null"));
        assertThat(ChangeDetector.lastKey(page)).hasValue(new PageKey(null, 51));
    }

    @Test
    void eachRecordsTextIsSagesBytesWithTheHubFieldsTheTreeGets() throws Exception {
        String first = "{\"id\":61, \"balance\":98765432109876543.21,\"credit_limit\":0.10,\"name\":\"Zo\\u00eb\","
                + "\"date_time_created\":\"2026-11-28T07:10:00.5Z\",\"date_time_updated\":\"2026-11-28T07:11:00.25Z\"}";
        String noCreated = "{\"id\":62,\"date_time_updated\":\"2026-11-28T07:12:00Z\"}";
        String hasHubField = "{\"id\":63,\"updated_at\":\"theirs\",\"date_time_updated\":\"2026-11-28T07:13:00Z\"}";
        byte[] body = ("[" + String.join(",", first, noCreated, hasHubField) + "]").getBytes(StandardCharsets.UTF_8);
        List<SourcedArrays.Item> items = SourcedArrays.read(body).orElseThrow();
        List<JsonNode> page = items.stream().map(SourcedArrays.Item::tree).toList();

        ChangeDetector.PageChanges changes = new ChangeDetector(42, poller, window(Instant.parse("2026-11-28T07:05:00Z"), new HashSet<>()), POLL)
                .detect(page, items.stream().map(SourcedArrays.Item::source).toList(), Optional.empty(), id -> false);

        assertThat(changes.recordJson).hasSize(3);
        assertThat(changes.recordJson.get(0).toString()).isEqualTo(first.substring(0, first.length() - 1)
                + ",\"created_at\":\"2026-11-28T07:10:00Z\",\"updated_at\":\"2026-11-28T07:11:00Z\"}");
        assertThat(changes.recordJson.get(1).toString()).isEqualTo(noCreated.substring(0, noCreated.length() - 1)
                + ",\"updated_at\":\"2026-11-28T07:12:00Z\"}");
        for (int i = 0; i < 2; i++) {
            assertThat(Json.toString(Json.fromBytes(changes.recordJson.get(i).toBytes(), JsonNode.class)))
                    .isEqualTo(Json.toString(changes.records.get(i)));
        }
        assertThat(changes.recordJson.get(2)).as("a hub field Sage sent is replaced in the tree, so only the tree says it").isNull();
        assertThat(changes.records.get(2).get("updated_at").asText()).isEqualTo("2026-11-28T07:13:00Z");
        assertThat(detect(window(Instant.parse("2026-11-28T07:05:00Z"), new HashSet<>()), List.of(record(64, "2026-11-28T07:10:00Z",
                "2026-11-28T07:10:00Z"))).recordJson).as("without Sage's text").containsExactly((RawJson) null);
    }

    private ChangeDetector.PageChanges detect(PollWindow window, List<JsonNode> page) {
        return new ChangeDetector(42, poller, window, POLL).detect(page, Optional.empty());
    }

    /** A window of a regular poll, after the baseline. */
    private static PollWindow window(Instant previousWatermark, Set<String> seen) {
        return new PollWindow(previousWatermark.minusSeconds(300), previousWatermark, Instant.MIN, seen);
    }

    private static JsonNode record(long id, String created, String updated) {
        ObjectNode record = Json.object();
        record.put("id", id);
        record.put("name", "Customer " + id);
        record.put("date_time_created", created);
        record.put("date_time_updated", updated);
        return record;
    }

    static ResourcePoller poller(String entry) {
        ObjectNode configuration = (ObjectNode) Json.tree("""
                {"oauth.api.key": "k", "oauth.api.secret": "s", "subscription.key": "s", "signing.key": "s",
                 "company.name": "c", "event.poller.configuration": {"customers": %s}}""".formatted(entry));
        return InstanceValidator.settings(configuration).pollers().get("customers");
    }
}
