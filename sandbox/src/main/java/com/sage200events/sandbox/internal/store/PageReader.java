package com.sage200events.sandbox.internal.store;

import com.sage200events.sandbox.internal.odata.FilterBounds;
import com.sage200events.sandbox.internal.odata.FilterNode;
import com.sage200events.sandbox.internal.odata.ODataQuery;
import com.sage200events.sandbox.internal.odata.SortKey;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.PriorityQueue;

/**
 * Reads one page without sorting the whole resource. The orders a poller uses are served from an
 * index: by id (no {@code $orderby}, Sage's default, or {@code id}) or by {@code (date_time_updated, id)}
 * (the keyset order), starting at the lower bound the filter implies and stopping after
 * {@code $skip + $top} matches, so a 500-record page out of 100,000 records reads about 500 records.
 * Any other order scans every record once and keeps the best {@code $skip + $top} in a bounded heap.
 *
 * <p>Ties in a sort key keep id order, as the whole-list sort did: pages never shuffle between requests.
 */
final class PageReader {

    private static final String UPDATED = StoredRecord.UPDATED;

    private PageReader() {
    }

    /** Called under the store's read lock: the maps do not change while it runs. */
    static List<StoredRecord> read(ODataQuery query, NavigableMap<Long, StoredRecord> byId,
                                   NavigableMap<StampKey, StoredRecord> byStamp) {
        return read(query, byId, byStamp, new long[1]);
    }

    /** @param scanned receives how many records were looked at, so a test can tell an index scan from a full one */
    static List<StoredRecord> read(ODataQuery query, NavigableMap<Long, StoredRecord> byId,
                                   NavigableMap<StampKey, StoredRecord> byStamp, long[] scanned) {
        List<SortKey> order = query.orderBy();
        long wanted = query.skip() + query.top();
        if (query.top() == 0) {
            return List.of();
        }
        if (order.isEmpty() || order.size() == 1 && order.get(0).is("id", false)) {
            FilterBounds.Range<Long> ids = FilterBounds.of(query.filter(), StoredRecord.ID, Long.class);
            NavigableMap<Long, StoredRecord> from = ids.lower() == null ? byId : byId.tailMap(ids.lower(), true);
            return collect(from.values(), query, wanted, r -> ids.upper() != null && r.id() > ids.upper(), scanned);
        }
        if (order.size() == 1 && order.get(0).is("id", true)) {
            FilterBounds.Range<Long> ids = FilterBounds.of(query.filter(), StoredRecord.ID, Long.class);
            NavigableMap<Long, StoredRecord> from = ids.upper() == null ? byId.descendingMap()
                    : byId.headMap(ids.upper(), true).descendingMap();
            return collect(from.values(), query, wanted, r -> ids.lower() != null && r.id() < ids.lower(), scanned);
        }
        if (isStampOrder(order, false)) {
            FilterBounds.Range<Instant> stamps = FilterBounds.of(query.filter(), UPDATED, Instant.class);
            NavigableMap<StampKey, StoredRecord> from = stamps.lower() == null ? byStamp
                    : byStamp.tailMap(StampKey.first(stamps.lower()), true);
            return collect(from.values(), query, wanted, r -> stamps.upper() != null && after(r.updated(), stamps.upper()), scanned);
        }
        if (isStampOrder(order, true)) {
            FilterBounds.Range<Instant> stamps = FilterBounds.of(query.filter(), UPDATED, Instant.class);
            NavigableMap<StampKey, StoredRecord> from = stamps.upper() == null ? byStamp.descendingMap()
                    : byStamp.headMap(StampKey.last(stamps.upper()), true).descendingMap();
            return collect(from.values(), query, wanted, r -> stamps.lower() != null && before(r.updated(), stamps.lower()), scanned);
        }
        scanned[0] = byId.size();
        return topK(byId.values(), query, wanted);
    }

    /** How many records match the filter, whatever the page: OData's {@code @odata.count}. */
    static long count(FilterNode filter, Iterable<StoredRecord> records) {
        long count = 0;
        for (StoredRecord record : records) {
            if (filter == null || filter.test(record.values())) {
                count++;
            }
        }
        return count;
    }

    /**
     * {@code date_time_updated asc [, id asc]} or, descending, {@code date_time_updated desc, id desc}: the
     * orders the index holds. ({@code date_time_updated desc} alone keeps ties in ascending id order, which
     * the index does not, so it takes the general path.)
     */
    private static boolean isStampOrder(List<SortKey> order, boolean descending) {
        if (!order.get(0).is(UPDATED, descending)) {
            return false;
        }
        if (order.size() == 1) {
            return !descending;
        }
        return order.size() == 2 && order.get(1).is(StoredRecord.ID, descending);
    }

    private static List<StoredRecord> collect(Iterable<StoredRecord> ordered, ODataQuery query, long wanted, PastEnd pastEnd,
                                              long[] scanned) {
        FilterNode filter = query.filter();
        List<StoredRecord> page = new ArrayList<>((int) Math.min(query.top(), 1_024));
        long matched = 0;
        for (StoredRecord record : ordered) {
            scanned[0]++;
            if (pastEnd.test(record)) {
                break;
            }
            if (filter != null && !filter.test(record.values())) {
                continue;
            }
            if (matched++ >= query.skip()) {
                page.add(record);
                if (matched >= wanted) {
                    break;
                }
            }
        }
        return page;
    }

    private static List<StoredRecord> topK(Iterable<StoredRecord> byIdOrder, ODataQuery query, long wanted) {
        Comparator<Map<String, Object>> byKeys = SortKey.comparator(query.orderBy());
        Comparator<StoredRecord> order = Comparator.<StoredRecord, Map<String, Object>>comparing(StoredRecord::values, byKeys)
                .thenComparingLong(StoredRecord::id);
        // A max-heap of the best `wanted` so far: its head is the first to drop when a better one comes.
        PriorityQueue<StoredRecord> best = new PriorityQueue<>(Collections.reverseOrder(order));
        FilterNode filter = query.filter();
        for (StoredRecord record : byIdOrder) {
            if (filter != null && !filter.test(record.values())) {
                continue;
            }
            if (best.size() < wanted) {
                best.add(record);
            } else if (order.compare(record, best.peek()) < 0) {
                best.poll();
                best.add(record);
            }
        }
        List<StoredRecord> sorted = new ArrayList<>(best);
        sorted.sort(order);
        int from = (int) Math.min(query.skip(), sorted.size());
        return sorted.subList(from, sorted.size());
    }

    private static boolean after(Instant stamp, Instant bound) {
        return stamp != null && stamp.isAfter(bound);
    }

    private static boolean before(Instant stamp, Instant bound) {
        return stamp == null || stamp.isBefore(bound);
    }

    @FunctionalInterface
    private interface PastEnd {
        boolean test(StoredRecord record);
    }
}
