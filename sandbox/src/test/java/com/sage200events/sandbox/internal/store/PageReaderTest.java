package com.sage200events.sandbox.internal.store;

import static org.assertj.core.api.Assertions.assertThat;

import com.sage200events.sandbox.internal.odata.ODataQuery;
import com.sage200events.sandbox.internal.odata.SortKey;
import com.sage200events.sandbox.internal.schema.SchemaReader;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The indexed page reads against the plain definition (filter everything, stable-sort by $orderby, skip,
 * take) over data full of ties, so an index shortcut can never return a different page than a full sort.
 */
class PageReaderTest {

    private static final Instant T0 = Instant.parse("2026-11-28T07:00:00Z");
    private static final Instant TODAY = Instant.parse("2026-11-28T00:00:00Z");

    private final ResourceStore customers = new ResourceStore(SchemaReader.load("customers"), EnumSet.allOf(Operation.class));
    /** A resource with few fields, so the large stores below are quick to fill. */
    private final ResourceStore codes = new ResourceStore(SchemaReader.load("nominal_codes"), EnumSet.allOf(Operation.class));

    @Test
    void everyOrderAndFilterGivesThePageAFullSortWould() {
        String[] names = {"Alpha", "Bravo", "Charlie", "bravo"};
        // 7 records per stamp, stamps 1 ms apart, then every 5th record updated again with an older stamp.
        List<StoredRecord> created = customers.createAll(400, i -> Map.of("name", names[i % names.length],
                "credit_limit", new BigDecimal(i % 13)), i -> T0.plusMillis(i / 7), TODAY);
        for (int i = 0; i < created.size(); i += 5) {
            customers.update(created.get(i).id(), Map.of("name", "Zulu"), WriteMode.ADMIN, T0.plusMillis(i % 11));
        }
        long midId = created.get(200).id();
        String[] filters = {null, "date_time_updated ge " + t(20), keyset(t(30), midId), "date_time_updated lt " + t(50)
                + " and date_time_updated ge " + t(5), "id gt " + midId + " and id le " + (midId + 40),
                "name eq 'bravo' or date_time_updated gt " + t(55), "not (date_time_updated lt " + t(3) + ")",
                t(40) + " le date_time_updated", "date_time_updated eq " + t(7), "date_time_updated gt " + t(9999)};
        String[] orders = {null, "id", "id desc", "date_time_updated", "date_time_updated asc, id asc",
            "date_time_updated desc, id desc", "date_time_updated desc", "name, id desc", "credit_limit desc"};
        int checked = 0;
        for (String filter : filters) {
            for (String order : orders) {
                for (int top : new int[] {1, 7, 500}) {
                    for (int skip : order == null ? new int[] {0} : new int[] {0, 5}) {
                        ODataQuery query = query(customers, filter, order, top, skip);
                        assertThat(ids(customers.list(query))).as("%s / %s / top %d skip %d", filter, order, top, skip)
                                .containsExactlyElementsOf(ids(fullSort(query)));
                        checked++;
                    }
                }
            }
        }
        assertThat(checked).isGreaterThan(400);
    }

    @Test
    void aKeysetPageReadsAboutAPageNotTheWholeResource() {
        codes.createAll(3_000, i -> Map.of(), i -> T0.plusMillis(i / 20), TODAY);
        StoredRecord cursor = codes.list(query(codes, null, "date_time_updated asc, id asc", 500, 0)).get(499);
        ODataQuery next = query(codes, keyset(cursor.updated().toString(), cursor.id()), "date_time_updated asc, id asc", 500, 0);
        long[] scanned = new long[1];

        List<StoredRecord> page = codes.list(next, scanned);

        assertThat(page).hasSize(500);
        assertThat(page.get(0).id()).isEqualTo(cursor.id() + 1);
        // The scan starts at the cursor's stamp: at most the records sharing it come before the page.
        assertThat(scanned[0]).isLessThanOrEqualTo(500 + 20);
    }

    @Test
    void aPageInIdOrderStopsAtTheTop() {
        codes.createAll(1_000, i -> Map.of(), i -> T0, TODAY);
        long[] scanned = new long[1];

        codes.list(query(codes, null, null, 500, 0), scanned);

        assertThat(scanned[0]).isEqualTo(500);
    }

    private List<StoredRecord> fullSort(ODataQuery query) {
        Comparator<Map<String, Object>> byKeys = SortKey.comparator(query.orderBy());
        return customers.snapshot().stream()
                .filter(r -> query.filter() == null || query.filter().test(r.values()))
                .sorted((a, b) -> byKeys.compare(a.values(), b.values()))
                .skip(query.skip()).limit(query.top()).toList();
    }

    private static ODataQuery query(ResourceStore store, String filter, String order, int top, int skip) {
        Map<String, List<String>> params = new LinkedHashMap<>();
        if (filter != null) {
            params.put("$filter", List.of(filter));
        }
        if (order != null) {
            params.put("$orderby", List.of(order));
        }
        params.put("$top", List.of(Integer.toString(top)));
        if (skip > 0) {
            params.put("$skip", List.of(Integer.toString(skip)));
        }
        return ODataQuery.parse(params, store.schema());
    }

    private static String keyset(String stamp, long id) {
        return "date_time_updated gt " + stamp + " or (date_time_updated eq " + stamp + " and id gt " + id + ")";
    }

    private static String t(int millis) {
        return T0.plusMillis(millis).toString();
    }

    private static List<Long> ids(List<StoredRecord> records) {
        List<Long> ids = new ArrayList<>();
        records.forEach(r -> ids.add(r.id()));
        return ids;
    }
}
