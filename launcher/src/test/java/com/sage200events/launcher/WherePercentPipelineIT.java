package com.sage200events.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sage200events.sandbox.SandboxRequest;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue 17, item 3, end to end: the four where clauses of the issue, written raw in poller URLs as the manual writes
 * them, reach the sandbox's Sage API as the OData the user meant, and exactly the matching new customers are
 * delivered ("Honey Bee" once never was: {@code LIKE '%Bee'} reached Sage as {@code eq '\uFFFDe'}).
 */
class WherePercentPipelineIT {

    /** Poller name (its events' objectType) → its where clause, the OData Sage must receive, and which names it selects. */
    private static final Map<String, Case> CASES = new LinkedHashMap<>();

    static {
        CASES.put("bee", new Case("name LIKE '%Bee'", "endswith(name,'Bee')", n -> n.toLowerCase().endsWith("bee")));
        CASES.put("acme", new Case("name LIKE 'Acme%'", "startswith(name,'Acme')", n -> n.toLowerCase().startsWith("acme")));
        CASES.put("ac", new Case("name LIKE '%ac%'", "contains(name,'ac')", n -> n.toLowerCase().contains("ac")));
        CASES.put("percent", new Case("name = '100%'", "name eq '100%'", n -> n.equalsIgnoreCase("100%")));
    }

    private static final List<String> NEW_NAMES = List.of("Honey Bee", "Bee Keepers", "Acme Widgets", "The Acme", "Black Jack",
            "100%", "100", "Zebra");

    private static PipelineFixture fixture;

    @BeforeAll
    static void startPipeline() {
        fixture = new PipelineFixture(UnaryOperator.identity());
    }

    @AfterAll
    static void stopPipeline() {
        fixture.close();
    }

    @Test
    void theIssuesFourWhereClausesReachSageAsTheRightODataAndDeliverTheMatchingCustomers() {
        String path = "/percent-" + System.nanoTime();
        long id = fixture.createAuthorizedInstance(fixture.seedInstanceWithPollers(fixture.stack.inbox().url(path), pollers ->
                CASES.forEach((name, c) -> pollers.putObject(name).put("url", "/hubs/finance/customers?where=" + c.where()).put("idField", "id"))));

        Map<String, String> created = new LinkedHashMap<>();
        for (String name : NEW_NAMES) {
            created.put(fixture.stack.sandbox().create("customers", Map.of("name", name)).get("id").toString(), name);
        }
        CASES.keySet().forEach(poller -> fixture.pollAndWait(id, poller));

        for (Map.Entry<String, Case> entry : CASES.entrySet()) {
            Set<String> expected = new HashSet<>();
            created.forEach((customerId, name) -> {
                if (entry.getValue().selects().test(name)) {
                    expected.add(customerId);
                }
            });
            assertThat(expected).as("the test's own data selects something for %s", entry.getKey()).isNotEmpty();
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                    assertThat(fixture.deliveredEvents(path, entry.getKey())).extracting(e -> e.get("objectId").asText())
                            .as("%s: %s", entry.getKey(), entry.getValue().where()).containsExactlyInAnyOrderElementsOf(expected));
        }
        List<String> filters = fixture.stack.sandbox().requests().stream().filter(r -> r.path().endsWith("/customers"))
                .map(WherePercentPipelineIT::filterOf).toList();
        CASES.values().forEach(c -> assertThat(filters).as("$filter sent for %s", c.where()).anySatisfy(f -> assertThat(f).contains(c.odata())));
        assertThat(filters).noneSatisfy(f -> assertThat(f).contains("\uFFFD"));
    }

    private static String filterOf(SandboxRequest request) {
        for (String pair : (request.query() == null ? "" : request.query()).split("&")) {
            String name = URLDecoder.decode(pair.substring(0, Math.max(0, pair.indexOf('='))), StandardCharsets.UTF_8);
            if (name.equals("$filter")) {
                return URLDecoder.decode(pair.substring(pair.indexOf('=') + 1), StandardCharsets.UTF_8);
            }
        }
        return "";
    }

    private record Case(String where, String odata, Predicate<String> selects) {
    }
}
