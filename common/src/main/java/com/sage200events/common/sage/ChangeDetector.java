package com.sage200events.common.sage;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sage200events.common.json.RawJson;
import com.sage200events.common.model.DatesConfiguration;
import com.sage200events.common.model.Event;
import com.sage200events.common.model.EventIds;
import com.sage200events.common.model.ResourcePoller;
import com.sage200events.common.poll.DateFormats;
import com.sage200events.common.poll.PageKey;
import com.sage200events.common.redis.CursorStore;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * Turns one page of Sage records into events: drops what this window has already seen, marks (without
 * emitting) what predates the instance, classifies the rest as CREATED or UPDATED, and reports records
 * whose dates cannot be read, and stamps ahead of Sage's own clock, instead of dropping them silently.
 *
 * <p>Classification (DESIGN §4): {@code CREATED} when created ≈ updated (within {@code createdCheckTolerance}),
 * or created after the pass's previous watermark (on the baseline: after the resource's start), whatever happened
 * to the record since; or, with {@code detectDeletes}, when a completed id reconciliation did not know its id (new
 * since, or deleted and back: "an id that comes back is CREATED"). Else {@code UPDATED}.
 */
public final class ChangeDetector {

    public static final String SAGE_UPDATED = "date_time_updated";
    public static final String SAGE_CREATED = "date_time_created";
    private static final String HUB_CREATED = "created_at";
    private static final String HUB_UPDATED = "updated_at";

    private final long instanceId;
    private final ResourcePoller poller;
    private final PollWindow window;
    private final String pollDate;

    public ChangeDetector(long instanceId, ResourcePoller poller, PollWindow window, Instant pollStarted) {
        this.instanceId = instanceId;
        this.poller = poller;
        this.window = window;
        this.pollDate = DateFormats.format(pollStarted, DateFormats.HUB_PATTERN, ZoneOffset.UTC);
    }

    /**
     * @param latestPlausible Sage's "now" plus the tolerance, when Sage's clock is known: a stamp beyond it is a
     *     future stamp, still emitted but reported, and it must not carry the watermark past this instant
     */
    public PageChanges detect(List<JsonNode> page, Optional<Instant> latestPlausible) {
        return detect(page, latestPlausible, objectId -> false);
    }

    /**
     * As above, with {@code unknownSinceReconciled}: whether an object id was absent from the last completed id
     * reconciliation and has not been delivered since, which makes its change a {@code CREATED}.
     */
    public PageChanges detect(List<JsonNode> page, Optional<Instant> latestPlausible, Predicate<String> unknownSinceReconciled) {
        return detect(page, List.of(), latestPlausible, unknownSinceReconciled);
    }

    /**
     * As above, with the records' texts as Sage sent them ({@link SagePage#sources()}: index for index, null entries
     * allowed, or empty), from which {@link PageChanges#recordJson} is made.
     */
    public PageChanges detect(List<JsonNode> page, List<RawJson> sources, Optional<Instant> latestPlausible,
                              Predicate<String> unknownSinceReconciled) {
        PageChanges changes = new PageChanges();
        for (int i = 0; i < page.size(); i++) {
            JsonNode record = page.get(i);
            Optional<Instant> updated = DateFormats.parseIso(record.path(SAGE_UPDATED).asText(null));
            JsonNode idNode = record.get(poller.idField());
            if (updated.isEmpty() || idNode == null || idNode.isNull()) {
                changes.unreadable.add(describe(record) + " (" + SAGE_UPDATED + ": " + record.path(SAGE_UPDATED) + ")");
                changes.unreadableDates.add(new UnreadableDate(record.path("id").asText("?"), SAGE_UPDATED,
                        UnreadableDate.rawValue(record, SAGE_UPDATED), "ISO-8601",
                        "skipped: no event without a readable " + SAGE_UPDATED + " and " + poller.idField()));
                continue;
            }
            changes.advance(updated.get());
            String objectId = idNode.asText();
            if (latestPlausible.filter(updated.get()::isAfter).isPresent()) {
                changes.futureStamp(objectId, updated.get());
            }
            CursorStore.SeenMark mark = new CursorStore.SeenMark(objectId, updated.get());
            // Older than the window: handled by an earlier poll. Seen: handled by this window already.
            if (updated.get().isBefore(window.windowStart()) || !window.seen().add(mark.member())) {
                continue;
            }
            changes.marks.add(mark);
            if (updated.get().isBefore(window.boundary())) {
                continue;
            }
            Optional<Instant> created = DateFormats.parseIso(record.path(SAGE_CREATED).asText(null));
            Map<String, String> hubFields = hubFields(created, updated.get());
            RawJson hubJson = hubJson(record, sources.isEmpty() ? null : sources.get(i), hubFields);
            ObjectNode hubRecord = hubRecord(record, hubFields);
            changes.emit(event(objectId, hubRecord, created, updated.get(), changes, unknownSinceReconciled.test(objectId)),
                    hubRecord, hubJson);
        }
        return changes;
    }

    private Event event(String objectId, ObjectNode hubRecord, Optional<Instant> created, Instant updated, PageChanges changes,
                        boolean cameBack) {
        boolean isNew = cameBack || created.isPresent()
                && (Duration.between(created.get(), updated).abs().compareTo(poller.createdCheckTolerance()) <= 0
                    || created.get().isAfter(window.createdAfter()));
        DatesConfiguration dates = poller.dates();
        Optional<Instant> eventDate = DateFormats.parseLenient(hubRecord.path(dates.updatedDateField()).asText(null),
                dates.updatedDateFormat(), dates.updatedDateTimezone());
        if (eventDate.isEmpty()) {
            // The configured field is unreadable: still emit, dated by Sage's own stamp, and report it.
            changes.unreadable.add(describe(hubRecord) + " (" + dates.updatedDateField() + ")");
            changes.unreadableDates.add(new UnreadableDate(objectId, dates.updatedDateField(),
                    UnreadableDate.rawValue(hubRecord, dates.updatedDateField()), dates.updatedDateFormat(),
                    "emitted, dated by " + SAGE_UPDATED));
        }
        return new Event(
                EventIds.eventId(instanceId, poller.name(), objectId, updated),
                isNew ? Event.CREATED : Event.UPDATED,
                poller.name(),
                objectId,
                DateFormats.format(eventDate.orElse(updated), DateFormats.HUB_PATTERN, ZoneOffset.UTC),
                pollDate,
                "sage200",
                "finance");
    }

    /** The hub's {@code created_at} (when Sage's created stamp reads) and {@code updated_at}, in that order. */
    private static Map<String, String> hubFields(Optional<Instant> created, Instant updated) {
        Map<String, String> fields = new LinkedHashMap<>(4);
        created.ifPresent(c -> fields.put(HUB_CREATED, DateFormats.format(c, DateFormats.HUB_PATTERN, ZoneOffset.UTC)));
        fields.put(HUB_UPDATED, DateFormats.format(updated, DateFormats.HUB_PATTERN, ZoneOffset.UTC));
        return fields;
    }

    /**
     * The vendor record plus the hub's fields, added in place: the page is read once and not used after
     * detection, so copying every record would only cost time.
     */
    private static ObjectNode hubRecord(JsonNode record, Map<String, String> hubFields) {
        ObjectNode hub = (ObjectNode) record;
        hubFields.forEach(hub::put);
        return hub;
    }

    /**
     * The text of {@link #hubRecord} before it is made: Sage's bytes with the hub fields appended, as the tree
     * appends them. Null without Sage's text, or when the record has a hub field already, which the tree then
     * replaces where it stands (the text would carry the name twice).
     */
    private static RawJson hubJson(JsonNode record, RawJson source, Map<String, String> hubFields) {
        if (source == null || record.has(HUB_CREATED) || record.has(HUB_UPDATED)) {
            return null;
        }
        return source.withStringFields(hubFields);
    }

    private String describe(JsonNode record) {
        return poller.name() + " record " + record.path("id").asText("?");
    }

    /**
     * Where the page after {@code page} starts: its last row with a readable stamp; or, for a page of rows
     * without one (Sage sorts null stamps first), its last id within that group, so paging goes on past them.
     */
    public static Optional<PageKey> lastKey(List<JsonNode> page) {
        for (int i = page.size() - 1; i >= 0; i--) {
            JsonNode row = page.get(i);
            Optional<Instant> updated = DateFormats.parseIso(row.path(SAGE_UPDATED).asText(null));
            if (updated.isPresent()) {
                return Optional.of(new PageKey(updated.get(), row.path("id").asLong()));
            }
        }
        JsonNode last = page.isEmpty() ? null : page.get(page.size() - 1);
        if (last != null && last.path(SAGE_UPDATED).isNull() && last.path("id").canConvertToLong()) {
            return Optional.of(new PageKey(null, last.path("id").asLong()));
        }
        return Optional.empty();
    }

    /** What one page yields. */
    public static final class PageChanges {
        public final List<Event> events = new ArrayList<>();
        public final List<JsonNode> records = new ArrayList<>();
        /**
         * Each of {@link #records} as JSON text, Sage's bytes as they came plus the hub fields, to publish without
         * serializing the tree again; null where only the tree can say it (see {@code detect}).
         */
        public final List<RawJson> recordJson = new ArrayList<>();
        public final List<CursorStore.SeenMark> marks = new ArrayList<>();
        public final List<String> unreadable = new ArrayList<>();
        /** The same records as {@link #unreadable}, with their raw values (the dry run shows them). */
        public final List<UnreadableDate> unreadableDates = new ArrayList<>();
        public Instant maxUpdated;
        public int futureStamps;
        public String newestFutureStamp;
        private Instant newestFuture;

        private void futureStamp(String objectId, Instant stamp) {
            futureStamps++;
            if (newestFuture == null || stamp.isAfter(newestFuture)) {
                newestFuture = stamp;
                newestFutureStamp = objectId + " at " + stamp;
            }
        }

        private void advance(Instant updated) {
            if (maxUpdated == null || updated.isAfter(maxUpdated)) {
                maxUpdated = updated;
            }
        }

        private void emit(Event event, JsonNode record, RawJson json) {
            events.add(event);
            records.add(record);
            recordJson.add(json);
        }
    }
}
