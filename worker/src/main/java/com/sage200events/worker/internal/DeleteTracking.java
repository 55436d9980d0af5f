package com.sage200events.worker.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.sage200events.common.json.Json;
import com.sage200events.common.model.Event;
import com.sage200events.common.model.ResourcePoller;
import com.sage200events.common.poll.DateFormats;
import com.sage200events.common.redis.KnownIds;
import com.sage200events.common.redis.RedisStores;
import com.sage200events.common.sage.ChangeDetector;
import com.sage200events.common.sage.SageCallException;
import com.sage200events.common.sage.SageSession;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The {@code detectDeletes} side of one poll (DESIGN §4 "Deletions"): before a page is classified, which of its ids
 * a completed reconciliation did not know (their changes are {@code CREATED}); after a page is acknowledged, its ids
 * and delivered versions go into {@link KnownIds}; after the last page, every {@code detectDeletesEvery} successful
 * polls (and on the first, which baselines the ids), the {@link DeleteReconciler} runs. For a resource without
 * {@code detectDeletes} every method does nothing and touches no Redis.
 */
final class DeleteTracking {

    private final KnownIds known;
    private final ResourcePoller poller;
    private final Set<Long> recordedThisPoll = new HashSet<>();

    private DeleteTracking(KnownIds known, ResourcePoller poller) {
        this.known = known;
        this.poller = poller;
    }

    static DeleteTracking of(RedisStores redis, long instanceId, ResourcePoller poller) {
        return new DeleteTracking(poller.detectDeletes() ? redis.knownIds(instanceId, poller.name()) : null, poller);
    }

    boolean enabled() {
        return known != null;
    }

    /** For a page's rows: whether an object id is unknown since the last completed reconciliation (one Redis read). */
    Predicate<String> unknownSinceReconciled(List<JsonNode> rows) {
        if (known == null) {
            return objectId -> false;
        }
        List<Long> ids = new ArrayList<>(rows.size());
        rows.forEach(row -> id(row.path("id").asText(null)).ifPresent(ids::add));
        KnownIds.Lookup lookup = known.lookup(ids);
        if (!lookup.reconciled()) {
            return objectId -> false;
        }
        return objectId -> id(objectId).filter(id -> !lookup.isKnown(id) && !recordedThisPoll.contains(id)).isPresent();
    }

    /** What a classified page adds to the known ids: every id it marked, and the versions it delivered; null when off. */
    KnownPage page(ChangeDetector.PageChanges changes) {
        if (known == null) {
            return null;
        }
        List<Long> ids = new ArrayList<>(changes.marks.size());
        changes.marks.forEach(mark -> id(mark.objectId()).ifPresent(ids::add));
        recordedThisPoll.addAll(ids);
        Map<Long, KnownIds.KeptRecord> delivered = new LinkedHashMap<>();
        for (int i = 0; i < changes.events.size(); i++) {
            Event event = changes.events.get(i);
            JsonNode record = changes.records.get(i);
            Optional<Long> id = id(event.objectId());
            Optional<Instant> updated = DateFormats.parseIso(record.path(ChangeDetector.SAGE_UPDATED).asText(null));
            if (id.isPresent() && updated.isPresent()) {
                String json = Json.toString(record);
                if (json.length() <= DeleteReconciler.KEEP_MAX_BYTES) {
                    delivered.put(id.get(), new KnownIds.KeptRecord(updated.get().toEpochMilli(), json));
                }
            }
        }
        return new KnownPage(ids, delivered);
    }

    /** Records an acknowledged page; false when the lease was lost (nothing written). */
    boolean record(String leaseToken, KnownPage page) {
        return page == null || page.ids().isEmpty() || known.record(leaseToken, page.ids(), page.delivered());
    }

    /**
     * Counts this successful poll and reconciles when due: on the first poll, and then once {@code detectDeletesEvery}
     * polls have succeeded since the last completed reconciliation (a failed one is tried again on the next poll).
     */
    Optional<DeleteReconciler.Outcome> reconcileIfDue(DeleteReconciler reconciler, long instanceId, String leaseToken,
                                                       SageSession session, Instant started)
            throws SageCallException, EventPublisher.PublishException {
        if (known == null) {
            return Optional.empty();
        }
        long polls = known.countPoll();
        if (known.reconciled() > 0 && polls < poller.detectDeletesEvery()) {
            return Optional.empty();
        }
        try {
            return Optional.of(reconciler.reconcile(instanceId, poller, leaseToken, session, known, started));
        } catch (SageCallException e) {
            throw new SageCallException(e.kind(), "id reconciliation for DELETED events (nothing emitted): " + e.getMessage(),
                    e.retryAfter().orElse(null), e);
        }
    }

    private static Optional<Long> id(String text) {
        if (text == null || text.isEmpty() || text.length() > 18 || !text.chars().allMatch(Character::isDigit)) {
            return Optional.empty();
        }
        return Optional.of(Long.parseLong(text));
    }

    /** The ids a page marked and the versions it delivered, recorded once the broker acknowledged the page. */
    record KnownPage(List<Long> ids, Map<Long, KnownIds.KeptRecord> delivered) {
    }
}
