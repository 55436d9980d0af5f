package com.sage200events.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import com.sage200events.testkit.MutableClock;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** $filter, $orderby, $top and $skip over HTTP, the way the worker pages through a resource. */
class ODataIT {

    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-28T07:00:00Z"));
    private Sandbox sandbox;
    private SageClient client;

    @BeforeEach
    void start() {
        sandbox = Sandbox.start(SandboxConfig.defaults().withClock(clock).withSeedData(false));
        client = new SageClient(sandbox);
        client.login();
    }

    @AfterEach
    void stop() {
        sandbox.close();
    }

    @Test
    void listIsABareArray() {
        sandbox.create("customers", Map.of("name", "Only"));

        HttpResponse<String> response = client.get("/customers", Map.of());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).startsWith("[{").endsWith("}]");
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("application/json"));
    }

    @Test
    void filterComparesDatetimesAsInstantsWhateverTheFractionDigits() {
        long early = create("customers", "A", "2026-11-28T07:00:00.1Z");
        long exact = create("customers", "B", "2026-11-28T07:00:00.5Z");
        long late = create("customers", "C", "2026-11-28T07:00:01Z");

        assertThat(ids("/customers", Map.of("$filter", "date_time_updated ge 2026-11-28T07:00:00.500Z"))).containsExactly(exact, late);
        assertThat(ids("/customers", Map.of("$filter", "date_time_updated gt 2026-11-28T07:00:00.5Z"))).containsExactly(late);
        assertThat(ids("/customers", Map.of("$filter", "date_time_updated lt 2026-11-28T07:00:00.5000000Z"))).containsExactly(early);
        assertThat(ids("/customers", Map.of("$filter", "date_time_updated le 2026-11-28T07:00:01Z and date_time_updated ne 2026-11-28T07:00:00.5Z")))
                .containsExactly(early, late);
    }

    @Test
    void filterOnStringsNumbersBooleansNullsAndEnums() {
        long obrien = id(sandbox.create("customers", Map.of("name", "O'Brien & Sons", "credit_limit", 100, "on_hold", true)));
        long acme = id(sandbox.create("customers", Map.of("name", "Acme", "credit_limit", 2500.5,
                "last_credit_review", "2026-01-01T00:00:00Z")));
        long invoice = id(sandbox.create("sales_posted_transactions", Map.of("trader_transaction_type", "TradingAccountEntryTypeInvoice")));
        sandbox.create("sales_posted_transactions", Map.of("trader_transaction_type", "TradingAccountEntryTypePurchasePaymentSalesReceipt"));

        assertThat(ids("/customers", Map.of("$filter", "name eq 'O''Brien & Sons'"))).containsExactly(obrien);
        assertThat(ids("/customers", Map.of("$filter", "credit_limit gt 1000"))).containsExactly(acme);
        assertThat(ids("/customers", Map.of("$filter", "credit_limit le 100.00 and on_hold eq true"))).containsExactly(obrien);
        assertThat(ids("/customers", Map.of("$filter", "not on_hold"))).containsExactly(acme);
        assertThat(ids("/customers", Map.of("$filter", "last_credit_review eq null"))).containsExactly(obrien);
        assertThat(ids("/customers", Map.of("$filter", "last_credit_review ne null or (on_hold eq false)"))).containsExactly(acme);
        assertThat(ids("/customers", Map.of("$filter", "startswith(name, 'acm') or contains(name,'zzz')"))).containsExactly(acme);
        assertThat(ids("/sales_posted_transactions", Map.of("$filter", "trader_transaction_type eq 'TradingAccountEntryTypeInvoice'")))
                .containsExactly(invoice);
    }

    @Test
    void orderBySeveralFieldsAndDirections() {
        long b1 = create("customers", "B", "2026-11-28T07:00:02Z");
        long a1 = create("customers", "A", "2026-11-28T07:00:01Z");
        long b2 = create("customers", "B", "2026-11-28T07:00:01Z");

        assertThat(ids("/customers", Map.of("$orderby", "date_time_updated asc, id asc"))).containsExactly(a1, b2, b1);
        assertThat(ids("/customers", Map.of("$orderby", "name desc,id desc"))).containsExactly(b2, b1, a1);
        assertThat(ids("/customers", Map.of("$orderby", "name"))).containsExactly(a1, b1, b2);
    }

    @Test
    void topDefaultsTo500AndCapsAt5000() {
        sandbox.seed(SeedSpec.of("nominal_codes", 501));

        assertThat(SageClient.array(client.get("/nominal_codes", Map.of()))).hasSize(500);
        assertThat(SageClient.array(client.get("/nominal_codes", Map.of("$top", "5000")))).hasSize(501);
        assertThat(SageClient.array(client.get("/nominal_codes", Map.of("$top", "3")))).hasSize(3);
        assertRefused(Map.of("$top", "5001"), "5000");
        assertRefused(Map.of("$top", "-1"), "$top");
    }

    @Test
    void skipNeedsOrderBy() {
        long first = create("customers", "A", "2026-11-28T07:00:01Z");
        long second = create("customers", "B", "2026-11-28T07:00:02Z");

        assertRefused(Map.of("$skip", "1"), "$orderby");
        assertThat(ids("/customers", Map.of("$skip", "1", "$orderby", "id desc"))).containsExactly(first);
        assertThat(ids("/customers", Map.of("$skip", "1", "$top", "1", "$orderby", "id"))).containsExactly(second);
    }

    @Test
    void badFiltersAreRefusedWithAClearMessage() {
        assertRefused(Map.of("$filter", "no_such_field eq 1"), "no_such_field");
        assertRefused(Map.of("$filter", "name eq 'unterminated"), "not closed");
        assertRefused(Map.of("$filter", "name eq"), "expected a property or a value");
        assertRefused(Map.of("$filter", "(name eq 'x'"), "')'");
        assertRefused(Map.of("$filter", "name EQ 'x'"), "lower case");
        assertRefused(Map.of("$filter", "date_time_updated ge '2026-11-28T07:00:00Z'"), "incompatible types");
        assertRefused(Map.of("$orderby", "name sideways"), "sideways");
        assertRefused(Map.of("$orderby", "main_address"), "main_address");
        assertRefused(Map.of("$expand", "contacts"), "$expand");
        assertRefused(Map.of("$select", "name,nmae"), "nmae");
        assertRefused(Map.of("$select", "main_address/city"), "top-level");
        assertRefused(Map.of("$count", "yes"), "count");
        assertRefused(Map.of("$filter", "name eq 'x' and"), "expected a property or a value");
        assertRefused(Map.of("$filter", "name eq 'x' xor name eq 'y'"), "xor");
        assertRefused(Map.of("$filter", "frobnicate(name, 'x')"), "frobnicate");
    }

    @Test
    void selectReturnsOnlyTheNamedPropertiesInSchemaOrder() {
        long id = id(sandbox.create("customers", Map.of("name", "Sel Ltd", "reference", "SEL01")));

        List<Map<String, Object>> page = SageClient.array(client.get("/customers", Map.of("$select", "name, id,reference")));

        assertThat(page).singleElement().satisfies(record -> {
            assertThat(record).containsOnlyKeys("id", "reference", "name").containsEntry("id", (int) id).containsEntry("name", "Sel Ltd");
            assertThat(List.copyOf(record.keySet())).containsExactly("id", "reference", "name");
        });
        assertThat(SageClient.array(client.get("/customers", Map.of("$select", "*"))).get(0)).containsKey("main_address");
    }

    /** Sage's files say nothing of $count; a bare array has nowhere to carry it, so it is accepted and has no effect. */
    @Test
    void countIsAcceptedAndLeavesTheBareArrayAsItIs() {
        sandbox.create("customers", Map.of("name", "One"));
        sandbox.create("customers", Map.of("name", "Two"));

        HttpResponse<String> counted = client.get("/customers", Map.of("$count", "true", "$top", "1"));

        assertThat(counted.statusCode()).isEqualTo(200);
        assertThat(counted.body()).startsWith("[{").doesNotContain("@odata.count");
        assertThat(counted.headers().map().keySet()).noneMatch(h -> h.toLowerCase(java.util.Locale.ROOT).contains("count"));
        assertThat(SageClient.array(counted)).hasSize(1);
    }

    @Test
    void stringFunctionsParenthesesAndEnumNames() {
        long acme = id(sandbox.create("customers", Map.of("name", "Acme Widgets", "reference", "ACME01")));
        long bolt = id(sandbox.create("customers", Map.of("name", "Bolt Widgets", "reference", "BOLT01", "on_hold", true)));
        long cafe = id(sandbox.create("customers", Map.of("name", "Corner Cafe", "reference", "CAFE01",
                "account_status_type", "AccountStatusOnHold")));

        assertThat(ids("/customers", Map.of("$filter", "endswith(name,'widgets')"))).containsExactly(acme, bolt);
        assertThat(ids("/customers", Map.of("$filter", "contains(name, 'ner C')"))).containsExactly(cafe);
        assertThat(ids("/customers", Map.of("$filter", "(startswith(reference,'A') or startswith(reference,'C')) and on_hold eq false")))
                .containsExactly(acme, cafe);
        assertThat(ids("/customers", Map.of("$filter", "startswith(reference,'A') or (startswith(reference,'C') and on_hold eq true)")))
                .containsExactly(acme);
        assertThat(ids("/customers", Map.of("$filter", "account_status_type eq 'AccountStatusOnHold'"))).containsExactly(cafe);
        assertThat(ids("/customers", Map.of("$filter", "account_status_type ne 'AccountStatusOnHold'", "$orderby", "id desc")))
                .containsExactly(bolt, acme);
    }

    @Test
    void aKeysetPageFromThousandsOfRecordsStartsRightAfterTheCursor() {
        sandbox.seed(SeedSpec.of("nominal_codes", 3_000).stampedFrom(Instant.parse("2026-11-28T06:00:00Z"), Duration.ofMillis(1))
                .withRecordsPerStamp(25));
        // Record i (id 1001 + i) is stamped i / 25 ms after 06:00; id 2512 is in the group of 06:00:00.06.
        String stamp = "2026-11-28T06:00:00.06Z";
        String keyset = "date_time_updated gt " + stamp + " or (date_time_updated eq " + stamp + " and id gt 2512)";

        List<Long> page = ids("/nominal_codes", Map.of("$filter", keyset, "$orderby", "date_time_updated asc, id asc", "$top", "500"));

        assertThat(page).hasSize(500);
        assertThat(page.get(0)).as("the record after the cursor").isEqualTo(2513L);
        assertThat(page).isSorted();
        assertThat(ids("/nominal_codes", Map.of("$filter", keyset, "$orderby", "reference asc", "$top", "500")))
                .as("the general (sorting) path applies the same filter").hasSize(500).allMatch(id -> id > 2512);
    }

    /** DESIGN §4: keyset paging on (date_time_updated, id) sees every record once, even on a wall of equal stamps. */
    @Test
    void keysetPagingVisitsEveryRecordOnceAcrossTies() {
        List<Long> expected = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            expected.add(create("customers", "C" + i, i < 5 ? "2026-11-28T07:00:00.61Z" : "2026-11-28T07:00:01Z"));
        }

        List<Long> seen = new ArrayList<>();
        String filter = "date_time_updated ge 2026-11-28T07:00:00Z";
        while (true) {
            List<Map<String, Object>> page = SageClient.array(client.get("/customers",
                    Map.of("$filter", filter, "$orderby", "date_time_updated asc, id asc", "$top", "2")));
            page.forEach(r -> seen.add(((Number) r.get("id")).longValue()));
            if (page.size() < 2) {
                break;
            }
            Map<String, Object> last = page.get(page.size() - 1);
            String stamp = (String) last.get("date_time_updated");
            filter = "date_time_updated gt " + stamp + " or (date_time_updated eq " + stamp + " and id gt " + last.get("id") + ")";
        }

        assertThat(seen).containsExactlyElementsOf(expected);
    }

    private long create(String resource, String name, String updated) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("name", name);
        fields.put("date_time_updated", updated);
        return id(sandbox.create(resource, fields));
    }

    private static long id(Map<String, Object> record) {
        return ((Number) record.get("id")).longValue();
    }

    private List<Long> ids(String path, Map<String, String> query) {
        return SageClient.array(client.get(path, query)).stream().map(r -> ((Number) r.get("id")).longValue()).toList();
    }

    private void assertRefused(Map<String, String> query, String messagePart) {
        HttpResponse<String> response = client.get("/customers", query);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
        assertThat((String) SageClient.object(response.body()).get("Message")).contains(messagePart);
    }
}
