package com.sage200events.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import com.sage200events.testkit.MutableClock;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Records changing between two pages of one poll, the way DESIGN §4 says pollers break: a poll that
 * pages with $skip misses records, one that pages by keyset does not, and a late commit hides behind
 * the cursor until the lookback window re-reads it.
 */
class PageHookIT {

    private static final Instant T0 = Instant.parse("2026-11-28T07:00:00Z");
    private static final Instant FIRST_STAMP = T0.minus(Duration.ofHours(1));
    private static final String WINDOW = T0.minus(Duration.ofHours(2)).toString();
    private static final int RECORDS = 1_200;
    private static final int PAGE = 500;

    private final MutableClock clock = new MutableClock(T0);
    private Sandbox sandbox;
    private SageClient client;
    private List<Long> ids;

    @BeforeEach
    void start() {
        sandbox = Sandbox.start(SandboxConfig.defaults().withClock(clock).withSeedData(false));
        client = new SageClient(sandbox);
        client.login();
        SeedResult seeded = sandbox.seed(SeedSpec.of("customers", RECORDS).stampedFrom(FIRST_STAMP, Duration.ofMillis(1)));
        ids = new ArrayList<>();
        for (long id = seeded.firstId(); id <= seeded.lastId(); id++) {
            ids.add(id);
        }
    }

    @AfterEach
    void stop() {
        sandbox.close();
    }

    @Test
    void recordsUpdatedBetweenPagesMakeASkipPollMissTheirNeighbours() {
        sandbox.addPageHook(PageHook.after("customers", 1).updatingOldest(3));

        List<Long> seen = skipPoll();

        Set<Long> missed = new HashSet<>(ids);
        seen.forEach(missed::remove);
        assertThat(missed).as("page 2's offset moved by the 3 records that left page 1")
                .containsExactlyInAnyOrder(ids.get(PAGE), ids.get(PAGE + 1), ids.get(PAGE + 2));
    }

    @Test
    void aKeysetPollSeesEveryRecordAndTheUpdatedOnesAgain() {
        sandbox.addPageHook(PageHook.after("customers", 1).updatingOldest(3));

        List<Long> seen = keysetPoll();

        assertThat(new HashSet<>(seen)).containsExactlyInAnyOrderElementsOf(ids);
        assertThat(seen).hasSize(RECORDS + 3);
        assertThat(seen.subList(RECORDS, RECORDS + 3)).containsExactly(ids.get(0), ids.get(1), ids.get(2));
    }

    @Test
    void aLateCommitHidesBehindTheCursorUntilTheLookbackRereadsIt() {
        long late = ids.get(800);
        // Committed between page 1 and page 2 with a stamp below everything page 1 returned.
        sandbox.addPageHook(PageHook.after("customers", 1).updating(List.of(late))
                .withFields(Map.of("date_time_updated", FIRST_STAMP.minusSeconds(1).toString(), "name", "Late Ltd")));

        List<Long> firstPoll = keysetPoll();
        List<Long> rereadWindow = keysetPoll();

        assertThat(firstPoll).hasSize(RECORDS - 1).doesNotContain(late);
        assertThat(rereadWindow).startsWith(late);
    }

    @Test
    void aContinuationHookWaitsForAFollowUpPage() {
        String hook = sandbox.addPageHook(PageHook.after("customers", 1).continuationsOnly().updating(List.of(ids.get(5))));

        List<Map<String, Object>> first = page(Map.of("$filter", "date_time_updated ge " + WINDOW));
        assertThat(state(hook).fired()).isFalse();
        assertThat(state(hook).counted()).isZero();

        Map<String, Object> last = first.get(first.size() - 1);
        page(Map.of("$filter", keyset(WINDOW, (String) last.get("date_time_updated"), ((Number) last.get("id")).longValue())));

        assertThat(state(hook).fired()).isTrue();
        assertThat(state(hook).error()).isNull();
    }

    @Test
    void javaCodeRunsAfterTheNthPageIsReadAndBeforeTheNextOne() {
        List<Long> createdByHook = new ArrayList<>();
        sandbox.afterListRequests("customers", 2, PageHook.Match.ANY,
                () -> createdByHook.add(((Number) sandbox.create("customers", Map.of("name", "Mid-poll Ltd")).get("id")).longValue()));
        Map<String, String> last = Map.of("$orderby", "id desc", "$top", "1");

        long beforeFirst = idOf(page(last));
        long second = idOf(page(last));
        long third = idOf(page(last));

        assertThat(createdByHook).hasSize(1);
        assertThat(second).as("the page that fired the hook was read before it ran").isEqualTo(beforeFirst);
        assertThat(third).isEqualTo(createdByHook.get(0));
    }

    @Test
    void theAdminApiAddsAndListsHooks() {
        long target = ids.get(0);
        HttpResponse<String> added = client.admin("POST", "/_sandbox/hooks", Map.of("resource", "customers", "after_requests", 1,
                "ids", List.of(target), "fields", Map.of("name", "Changed mid-poll")));
        assertThat(added.statusCode()).isEqualTo(201);

        Map<String, String> query = Map.of("$filter", "id eq " + target);
        assertThat(page(query).get(0).get("name")).isNotEqualTo("Changed mid-poll");
        assertThat(page(query).get(0).get("name")).isEqualTo("Changed mid-poll");

        assertThat(client.admin("GET", "/_sandbox/hooks", null).body()).contains("\"fired\":true").contains("\"counted\":1");
        assertThat(client.admin("POST", "/_sandbox/hooks", Map.of("resource", "nope", "oldest", 1)).statusCode()).isEqualTo(404);
        assertThat(client.admin("POST", "/_sandbox/hooks", Map.of("resource", "customers")).statusCode()).isEqualTo(400);
        assertThat(client.admin("DELETE", "/_sandbox/hooks", null).statusCode()).isEqualTo(204);
        assertThat(sandbox.pageHooks()).isEmpty();
    }

    /** Pages like the worker: keyset on (date_time_updated, id) from the window start. */
    private List<Long> keysetPoll() {
        List<Long> seen = new ArrayList<>();
        String filter = "date_time_updated ge " + WINDOW;
        while (true) {
            List<Map<String, Object>> page = page(Map.of("$filter", filter));
            page.forEach(r -> seen.add(((Number) r.get("id")).longValue()));
            if (page.size() < PAGE) {
                return seen;
            }
            Map<String, Object> last = page.get(page.size() - 1);
            filter = keyset(WINDOW, (String) last.get("date_time_updated"), ((Number) last.get("id")).longValue());
        }
    }

    /** Pages the naive way: the same order, moved along by $skip. */
    private List<Long> skipPoll() {
        List<Long> seen = new ArrayList<>();
        for (int skip = 0; ; skip += PAGE) {
            List<Map<String, Object>> page = page(Map.of("$filter", "date_time_updated ge " + WINDOW, "$skip", Integer.toString(skip)));
            page.forEach(r -> seen.add(((Number) r.get("id")).longValue()));
            if (page.size() < PAGE) {
                return seen;
            }
        }
    }

    private List<Map<String, Object>> page(Map<String, String> options) {
        Map<String, String> query = new LinkedHashMap<>(options);
        query.putIfAbsent("$orderby", "date_time_updated asc, id asc");
        query.putIfAbsent("$top", Integer.toString(PAGE));
        // Only what paging needs: keeps 1,200-customer polls quick to send and parse.
        query.putIfAbsent("$select", "id,name,date_time_updated");
        return SageClient.array(client.get("/customers", query));
    }

    private static String keyset(String window, String stamp, long id) {
        return "date_time_updated ge " + window + " and (date_time_updated gt " + stamp + " or (date_time_updated eq " + stamp
                + " and id gt " + id + "))";
    }

    private ActiveHook state(String id) {
        return sandbox.pageHooks().stream().filter(h -> h.id().equals(id)).findFirst().orElseThrow();
    }

    private static long idOf(List<Map<String, Object>> page) {
        return ((Number) page.get(0).get("id")).longValue();
    }
}
