package com.sage200events.worker.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sage200events.common.json.Json;
import com.sage200events.common.model.Event;
import com.sage200events.common.model.EventIds;
import com.sage200events.common.model.ResourcePoller;
import com.sage200events.common.poll.DateFormats;
import com.sage200events.common.redis.IdChunks;
import com.sage200events.common.redis.KnownIds;
import com.sage200events.common.sage.SageCallException;
import com.sage200events.common.sage.SagePage;
import com.sage200events.common.sage.SageSession;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;

/**
 * One id reconciliation of a resource with {@code detectDeletes} (DESIGN §4 "Deletions"): reads every id Sage has
 * ({@code $select=id}, {@code $orderby=id}, {@code $top=5000}, keyset {@code id gt <last>}), compares them with the
 * ids {@link KnownIds} holds, publishes one {@code DELETED} event per known id Sage no longer has, and only after the
 * broker acknowledged them replaces the known ids with what Sage has. A Sage failure or a lost lease on the way
 * publishes nothing and changes nothing, so the next poll runs the same reconciliation again with the same event ids.
 */
final class DeleteReconciler {

    /** Sage's largest {@code $top} (its OpenAPI files and the sandbox both cap list pages at 5,000). */
    static final int ID_PAGE = ResourcePoller.MAX_PAGE_SIZE;
    /** A delivered version larger than this is not kept for its DELETED event; the event carries id and time. */
    static final int KEEP_MAX_BYTES = 32 * 1024;

    private final NotificationBatcher batcher;
    private final EventPublisher publisher;
    private final Duration leaseTtl;

    DeleteReconciler(int maxNotificationBytes, EventPublisher publisher, Duration leaseTtl) {
        this.batcher = new NotificationBatcher(maxNotificationBytes, "id");
        this.publisher = publisher;
        this.leaseTtl = leaseTtl;
    }

    /**
     * What a reconciliation did.
     *
     * @param idsInSage ids Sage listed
     * @param deleted DELETED events published
     * @param requests Sage requests sent
     * @param leaseKept false when the lease was lost on the way: nothing was committed
     */
    record Outcome(int idsInSage, int deleted, int requests, boolean leaseKept) {
    }

    /**
     * @param started when the poll began: the DELETED events' {@code date} and {@code pollDate}, and {@code deleted_at}
     * @throws SageCallException when Sage fails on any page: nothing is published
     * @throws EventPublisher.PublishException when the broker does not acknowledge: the known ids stay, so a re-run
     *     publishes the same events again (same ids)
     */
    Outcome reconcile(long instanceId, ResourcePoller poller, String leaseToken, SageSession session, KnownIds known,
                      Instant started) throws SageCallException, EventPublisher.PublishException {
        IdChunks.IdList inSage = new IdChunks.IdList();
        String path = poller.hubResource().sagePath();
        int requests = 0;
        CompletableFuture<SagePage> next = session.pageAsync(path, query(poller, OptionalLong.empty()));
        try {
            while (next != null) {
                SagePage page = SageSession.await(next);
                requests++;
                for (JsonNode row : page.records()) {
                    append(inSage, row);
                }
                next = page.records().size() < ID_PAGE ? null
                        : session.pageAsync(path, query(poller, OptionalLong.of(inSage.last())));
                if (!known.holdLease(leaseToken, leaseTtl)) {
                    return new Outcome(inSage.size(), 0, requests, false);
                }
            }
        } finally {
            if (next != null) {
                next.cancel(false);
            }
        }
        List<Long> deleted = known.all().missingFrom(inSage);
        if (!deleted.isEmpty()) {
            publisher.send(events(instanceId, poller, deleted, known, started)).await();
        }
        boolean kept = known.replace(leaseToken, inSage, deleted, started);
        return new Outcome(inSage.size(), kept ? deleted.size() : 0, requests, kept);
    }

    /** The query of one page of ids: after {@code after} (keyset), within the resource's fixed filter if it has one. */
    static Map<String, String> query(ResourcePoller poller, OptionalLong after) {
        List<String> parts = new ArrayList<>();
        poller.hubResource().fixedFilter().ifPresent(parts::add);
        after.ifPresent(id -> parts.add("id gt " + id));
        Map<String, String> query = new LinkedHashMap<>();
        if (!parts.isEmpty()) {
            query.put("$filter", parts.size() == 1 ? parts.get(0) : "(" + String.join(") and (", parts) + ")");
        }
        query.put("$select", "id");
        query.put("$orderby", "id");
        query.put("$top", Integer.toString(ID_PAGE));
        return query;
    }

    private static void append(IdChunks.IdList ids, JsonNode row) throws SageCallException {
        JsonNode id = row.get("id");
        if (id == null || !id.canConvertToLong() || id.asLong() < 0) {
            throw new SageCallException(SageCallException.Kind.MALFORMED, "a row without a non-negative numeric id: cannot reconcile");
        }
        try {
            ids.append(id.asLong());
        } catch (IllegalArgumentException e) {
            // Out of order: a missing id could then look deleted. Refuse the whole reconciliation instead.
            throw new SageCallException(SageCallException.Kind.MALFORMED, "ids not in ascending order: " + e.getMessage());
        }
    }

    /** One DELETED event per id, carrying the last delivered version where kept, else {@code {id, deleted_at}}. */
    private List<NotificationBatcher.Outgoing> events(long instanceId, ResourcePoller poller, List<Long> deleted, KnownIds known,
                                                      Instant started) {
        Map<Long, KnownIds.KeptRecord> kept = known.kept(deleted);
        long number = known.reconciled() + 1;
        String when = DateFormats.format(started, DateFormats.HUB_PATTERN, ZoneOffset.UTC);
        List<Event> events = new ArrayList<>(deleted.size());
        List<JsonNode> records = new ArrayList<>(deleted.size());
        for (Long id : deleted) {
            KnownIds.KeptRecord last = kept.get(id);
            String basis = last == null ? "reconciliation:" + number : "stamp:" + last.updatedMillis();
            events.add(new Event(EventIds.deletedEventId(instanceId, poller.name(), id.toString(), basis), Event.DELETED,
                    poller.name(), id.toString(), when, when, "sage200", "finance"));
            if (last != null) {
                records.add(Json.tree(last.json()));
            } else {
                ObjectNode stub = Json.object();
                stub.put("id", id);
                stub.put("deleted_at", when);
                records.add(stub);
            }
        }
        return batcher.batch(instanceId, poller.name(), events, records);
    }
}
