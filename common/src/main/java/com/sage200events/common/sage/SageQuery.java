package com.sage200events.common.sage;

import com.sage200events.common.model.ResourcePoller;
import com.sage200events.common.poll.CeqlTranslator;
import com.sage200events.common.poll.DateFormats;
import com.sage200events.common.poll.PageKey;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The OData query of one poll: the user's where clause (rendered from the window start and translated),
 * the resource's fixed filter, and keyset paging on ({@code date_time_updated}, {@code id}). Keyset, not
 * {@code $skip}: a record updated while we page moves to the end and {@code $skip} would skip its neighbour;
 * and not the timestamp alone, since one stamp can be shared by more records than fit in a page.
 */
public final class SageQuery {

    public static final String ORDER_BY = "date_time_updated asc, id asc";

    private final List<String> baseFilters;
    private final int pageSize;

    private SageQuery(List<String> baseFilters, int pageSize) {
        this.baseFilters = List.copyOf(baseFilters);
        this.pageSize = pageSize;
    }

    /**
     * @param pollStart when the poll began; with {@code filterByCurrentDate} it caps the query, so records
     *     stamped in the future (a Sage clock running ahead) wait for a later poll instead of pushing the
     *     watermark past changes still to come
     */
    public static SageQuery forPoll(ResourcePoller poller, Instant windowStart, ZoneId serverZone, Instant pollStart) {
        List<String> parts = new ArrayList<>();
        poller.template().renderWhere(windowStart, serverZone).map(CeqlTranslator::translate).ifPresent(parts::add);
        poller.hubResource().fixedFilter().ifPresent(parts::add);
        if (poller.filterByCurrentDate()) {
            parts.add("date_time_updated le " + DateFormats.odataLiteral(pollStart));
        }
        return new SageQuery(parts, poller.pageSize());
    }

    /** Query options for the page after {@code after} (empty for the first page). */
    public Map<String, String> page(Optional<PageKey> after) {
        List<String> parts = new ArrayList<>(baseFilters);
        after.ifPresent(key -> {
            if (key.updated() == null) {
                // Within the group of rows without a stamp, which Sage sorts first: on by id, then every stamped row.
                parts.add("(date_time_updated eq null and id gt " + key.id() + ") or date_time_updated ne null");
                return;
            }
            String stamp = DateFormats.odataLiteral(key.updated());
            parts.add("date_time_updated gt " + stamp + " or (date_time_updated eq " + stamp + " and id gt " + key.id() + ")");
        });
        Map<String, String> query = new LinkedHashMap<>();
        String filter = joinAnd(parts);
        if (!filter.isEmpty()) {
            query.put("$filter", filter);
        }
        query.put("$orderby", ORDER_BY);
        query.put("$top", Integer.toString(pageSize));
        return query;
    }

    public int pageSize() {
        return pageSize;
    }

    private static String joinAnd(List<String> parts) {
        if (parts.size() <= 1) {
            return parts.isEmpty() ? "" : parts.get(0);
        }
        return String.join(" and ", parts.stream().map(p -> "(" + p + ")").toList());
    }
}
