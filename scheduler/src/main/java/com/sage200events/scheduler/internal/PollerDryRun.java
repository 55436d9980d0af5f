package com.sage200events.scheduler.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.sage200events.common.model.Event;
import com.sage200events.common.model.InstanceSettings;
import com.sage200events.common.model.ResourcePoller;
import com.sage200events.common.poll.PageKey;
import com.sage200events.common.sage.ChangeDetector;
import com.sage200events.common.sage.PollWindow;
import com.sage200events.common.sage.SageCallException;
import com.sage200events.common.sage.SagePage;
import com.sage200events.common.sage.SageQuery;
import com.sage200events.common.sage.SageSession;
import com.sage200events.common.sage.SageSessions;
import com.sage200events.common.sage.UnreadableDate;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Tries one resource's poller configuration the way the worker polls it (DESIGN §4 "Dry run"), with the worker's own
 * query builder, Sage client and change detector ({@code common.sage}), but publishes nothing and touches no cursor,
 * seen set, lease or status: the window is {@code [since, now]}, its seen set lives in this call only, and records
 * created after {@code since} count as {@code CREATED}, as after a previous watermark at {@code since}.
 *
 * <p>The answer per resource: {@code requests} (every Sage request sent or, without Sage, the first it would send:
 * path, decoded {@code $filter}, {@code $orderby}, {@code $top}), {@code records} (rows the window returned, over at
 * most {@link #MAX_PAGES} pages; {@code complete} says whether it ended), {@code eventCount} and the first
 * {@code limit} {@code events} (type, object id, date and the hub record), {@code unparsableDates} (raw values, at most
 * {@link #MAX_UNPARSABLE}, {@code unparsableDateCount} in all) and {@code error} when Sage failed part way.
 */
final class PollerDryRun {

    /** A window wider than this many pages is counted no further: a dry run answers in seconds, not minutes. */
    static final int MAX_PAGES = 10;
    static final int MAX_UNPARSABLE = 1_000;

    private final SageSessions sessions;
    private final ZoneId serverZone;
    private final Clock clock;

    /**
     * @param serverZone the zone of {@code ${date:FMT}} placeholders: the worker's {@code SERVER_TIME_ZONE}
     */
    PollerDryRun(SageSessions sessions, ZoneId serverZone, Clock clock) {
        this.sessions = sessions;
        this.serverZone = serverZone;
        this.clock = clock;
    }

    /** The first request a poll from {@code since} would send, without calling Sage. */
    Map<String, Object> plan(ResourcePoller poller, Instant since) {
        SageQuery query = SageQuery.forPoll(poller, since, serverZone, clock.instant());
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("requests", List.of(request(poller.hubResource().sagePath(), query.page(Optional.empty()))));
        return result;
    }

    /**
     * Reads the window from Sage with the tokens of instance {@code connectionId} and classifies what it finds.
     *
     * @param connectionId the instance whose Sage tokens, subscription key and company are used
     * @param connection that instance's settings
     * @param eventIds whether to show event ids: only when {@code connectionId} is the instance that would emit them
     */
    Map<String, Object> run(long connectionId, InstanceSettings connection, ResourcePoller poller, Instant since, int limit,
                            boolean eventIds) {
        Instant pollStart = clock.instant();
        SageQuery query = SageQuery.forPoll(poller, since, serverZone, pollStart);
        String path = poller.hubResource().sagePath();
        SageSession session = sessions.session(connectionId, connection);
        // Boundary MIN: not a baseline, so every change in the window is an event, as in a poll after the baseline.
        ChangeDetector detector = new ChangeDetector(connectionId, poller, new PollWindow(since, since, Instant.MIN, new HashSet<>()),
                pollStart);
        Tally tally = new Tally(limit, eventIds);
        Optional<PageKey> after = Optional.empty();
        try {
            for (int pages = 0; pages < MAX_PAGES; pages++) {
                Map<String, String> options = query.page(after);
                tally.requests.add(request(path, options));
                SagePage page = session.page(path, options);
                tally.add(detector.detect(page.records(), Optional.empty()), page.records().size(), poller);
                if (page.records().size() < query.pageSize()) {
                    tally.complete = true;
                    break;
                }
                after = ChangeDetector.lastKey(page.records());
                if (after.isEmpty()) {
                    throw new SageCallException(SageCallException.Kind.MALFORMED,
                            "a full page without one readable date_time_updated or id: cannot page further");
                }
            }
        } catch (SageCallException e) {
            tally.error = Map.of("kind", e.kind().name(), "message", e.getMessage());
        }
        return tally.view();
    }

    private static Map<String, Object> request(String path, Map<String, String> options) {
        Map<String, Object> request = new LinkedHashMap<>();
        request.put("method", "GET");
        request.put("path", path);
        request.put("filter", options.get("$filter"));
        request.put("orderby", options.get("$orderby"));
        request.put("top", Integer.parseInt(options.get("$top")));
        return request;
    }

    /** What the pages of one dry run added up to. */
    private static final class Tally {
        final List<Map<String, Object>> requests = new ArrayList<>();
        final List<Map<String, Object>> events = new ArrayList<>();
        final List<UnreadableDate> unparsable = new ArrayList<>();
        final int limit;
        final boolean eventIds;
        int records;
        int eventCount;
        int unparsableCount;
        boolean complete;
        Map<String, String> error;

        Tally(int limit, boolean eventIds) {
            this.limit = limit;
            this.eventIds = eventIds;
        }

        void add(ChangeDetector.PageChanges changes, int rows, ResourcePoller poller) {
            records += rows;
            // Rows skipped for an unreadable date_time_updated; the configured fields are read strictly below.
            changes.unreadableDates.stream().filter(d -> d.field().equals(ChangeDetector.SAGE_UPDATED)).forEach(this::unparsable);
            for (int i = 0; i < changes.events.size(); i++) {
                Event event = changes.events.get(i);
                JsonNode hubRecord = changes.records.get(i);
                ConfiguredDates.misses(event.objectId(), hubRecord, poller.dates()).forEach(this::unparsable);
                eventCount++;
                if (events.size() < limit) {
                    events.add(view(event, hubRecord));
                }
            }
        }

        private void unparsable(UnreadableDate date) {
            unparsableCount++;
            if (unparsable.size() < MAX_UNPARSABLE) {
                unparsable.add(date);
            }
        }

        private Map<String, Object> view(Event event, JsonNode hubRecord) {
            Map<String, Object> view = new LinkedHashMap<>();
            if (eventIds) {
                view.put("eventId", event.eventId());
            }
            view.put("eventType", event.eventType());
            view.put("objectType", event.objectType());
            view.put("objectId", event.objectId());
            view.put("date", event.date());
            view.put("record", hubRecord);
            return view;
        }

        Map<String, Object> view() {
            Map<String, Object> view = new LinkedHashMap<>();
            view.put("requests", requests);
            view.put("records", records);
            view.put("complete", complete);
            view.put("eventCount", eventCount);
            view.put("events", events);
            view.put("unparsableDateCount", unparsableCount);
            view.put("unparsableDates", unparsable);
            if (error != null) {
                view.put("error", error);
            }
            return view;
        }
    }
}
