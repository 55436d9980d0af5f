package com.sage200events.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sage200events.testkit.MutableClock;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Creating, reading and updating records through Sage's API, the admin API and the Java API. */
class ResourcesIT {

    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-28T07:00:00.120Z"));
    private Sandbox sandbox;
    private SageClient client;

    @BeforeEach
    void start() {
        sandbox = Sandbox.start(SandboxConfig.defaults().withClock(clock));
        client = new SageClient(sandbox);
        client.login();
    }

    @AfterEach
    void stop() {
        sandbox.close();
    }

    @Test
    void postCreatesACustomerWithServerFieldsAndDefaults() {
        Map<String, Object> created = SageClient.json(client.api("POST", "/customers",
                Map.of("reference", "NEW01", "name", "New Customer Ltd", "credit_limit", 250.5)));

        assertThat(created.get("id")).isInstanceOf(Number.class);
        assertThat(created)
                .containsEntry("reference", "NEW01")
                .containsEntry("credit_limit", 250.5)
                .containsEntry("date_time_created", "2026-11-28T07:00:00.12Z")
                .containsEntry("date_time_updated", "2026-11-28T07:00:00.12Z")
                .containsEntry("account_status_type", "AccountStatusActive")
                .containsEntry("on_hold", false);
        long id = ((Number) created.get("id")).longValue();
        assertThat(SageClient.json(client.api("GET", "/customers/" + id, null))).isEqualTo(created);
    }

    @Test
    void idsIncrease() {
        long first = id(SageClient.json(client.api("POST", "/customers", Map.of("reference", "A1", "name", "A"))));
        long second = id(SageClient.json(client.api("POST", "/customers", Map.of("reference", "A2", "name", "B"))));

        assertThat(second).isGreaterThan(first);
    }

    @Test
    void putUpdatesFieldsAndDateTimeUpdatedOnly() {
        Map<String, Object> created = SageClient.json(client.api("POST", "/products",
                Map.of("code", "P1", "name", "Widget", "product_group_id", 7)));
        clock.advance(Duration.ofMillis(2_500));

        Map<String, Object> updated = SageClient.json(client.api("PUT", "/products/" + id(created), Map.of("name", "Widget Mk2")));

        assertThat(updated)
                .containsEntry("name", "Widget Mk2")
                .containsEntry("code", "P1")
                .containsEntry("date_time_created", "2026-11-28T07:00:00.12Z")
                .containsEntry("date_time_updated", "2026-11-28T07:00:02.62Z");
        assertThat(SageClient.json(client.api("GET", "/products/" + id(created), null))).isEqualTo(updated);
    }

    @Test
    void readOnlyAndUnknownFieldsInSageBodiesAreIgnored() {
        Map<String, Object> created = SageClient.json(client.api("POST", "/customers",
                Map.of("reference", "RO1", "name", "RO", "balance", 999, "id", 5, "no_such_field", "x",
                        "date_time_updated", "2020-01-01T00:00:00Z")));

        assertThat(created).containsEntry("balance", 0.0).doesNotContainKey("no_such_field")
                .containsEntry("date_time_updated", "2026-11-28T07:00:00.12Z");
        assertThat(id(created)).isNotEqualTo(5);
    }

    @Test
    void postWithoutRequiredFieldsIsRefused() {
        HttpResponse<String> response = client.api("POST", "/customers", Map.of("name", "No Reference"));

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat((String) SageClient.object(response.body()).get("Message")).contains("reference");
    }

    @Test
    void aValueOfTheWrongTypeIsRefusedNamingTheField() {
        HttpResponse<String> response = client.api("POST", "/customers",
                Map.of("reference", "T1", "name", "T", "currency_id", "GBP"));

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat((String) SageClient.object(response.body()).get("Message")).contains("currency_id");
    }

    @Test
    void updatingAnUnknownIdIs404() {
        assertThat(client.api("PUT", "/customers/987654", Map.of("name", "x")).statusCode()).isEqualTo(404);
    }

    @Test
    void postedTransactionsCannotBePostedOrDeletedDirectly() {
        Object id = SageClient.array(client.get("/sales_posted_transactions", Map.of("$top", "1"))).get(0).get("id");

        assertThat(client.api("POST", "/sales_posted_transactions", Map.of()).statusCode()).isEqualTo(405);
        assertThat(client.api("DELETE", "/sales_posted_transactions/" + id, null).statusCode()).isEqualTo(405);
    }

    @Test
    void deleteRemovesARecordFromItsItemAndListPaths() {
        long id = id(SageClient.json(client.api("POST", "/suppliers", Map.of("reference", "GONE01", "name", "Gone Ltd"))));

        HttpResponse<String> deleted = client.api("DELETE", "/suppliers/" + id, null);

        assertThat(deleted.statusCode()).isEqualTo(200);
        assertThat(deleted.body()).isEmpty();
        assertThat(client.api("GET", "/suppliers/" + id, null).statusCode()).isEqualTo(404);
        assertThat(SageClient.array(client.get("/suppliers", Map.of()))).extracting(r -> r.get("id")).doesNotContain((int) id);
        assertThat(client.api("DELETE", "/suppliers/" + id, null).statusCode()).isEqualTo(404);
    }

    @Test
    void aSalesInvoicePostsAnInvoiceTransactionAndAnswersItsUrn() {
        long customer = customerId();
        Map<String, Object> urn = SageClient.json(client.api("POST", "/sales_invoices", Map.of("customer_id", customer,
                "reference", "INV-77", "document_goods_value", 100, "document_tax_value", 20, "ignored_field", true)));

        assertThat(urn).containsOnlyKeys("urn");
        assertThat(urn.get("urn")).as("a string in Sage's urn schema").isInstanceOf(String.class);
        Map<String, Object> posted = onlyOne(SageClient.array(client.get("/sales_posted_transactions",
                Map.of("$filter", "urn eq " + urn.get("urn") + " and trader_transaction_type eq 'TradingAccountEntryTypeInvoice'"))));
        assertThat(posted)
                .containsEntry("customer_id", (int) customer)
                .containsEntry("reference", "INV-77")
                .containsEntry("document_goods_value", 100.0)
                .containsEntry("document_gross_value", 120.0)
                .containsEntry("document_outstanding_value", 120.0)
                .containsEntry("transaction_date", "2026-11-28T00:00:00Z")
                .containsEntry("due_date", "2026-12-28T00:00:00Z")
                .containsEntry("date_time_created", "2026-11-28T07:00:00.12Z");
    }

    @Test
    void aSalesReceiptPostsAReceiptTransactionCreditingTheAccount() {
        Map<String, Object> urn = SageClient.json(client.api("POST", "/sales_receipts",
                Map.of("customer_id", customerId(), "bank_id", 1, "cheque_value", 50.25)));

        Map<String, Object> posted = SageClient.json(client.api("GET", "/sales_posted_transactions/" + urn.get("urn"), null));

        assertThat(posted)
                .containsEntry("trader_transaction_type", "TradingAccountEntryTypePurchasePaymentSalesReceipt")
                .containsEntry("document_gross_value", -50.25)
                .containsEntry("urn", Integer.parseInt((String) urn.get("urn")));
    }

    @Test
    void postingsSageWouldRefuseAreRefused() {
        assertRefused("/sales_invoices", Map.of("reference", "NOCUST"), "customer_id");
        assertRefused("/sales_invoices", Map.of("customer_id", 987654), "987654");
        assertRefused("/sales_invoices", Map.of("customer_id", customerId(), "reference", "R".repeat(21)), "maximum length of 20");
        assertRefused("/sales_receipts", Map.of("customer_id", customerId(), "cheque_value", 5), "bank_id");
        assertRefused("/sales_receipts", Map.of("customer_id", customerId(), "bank_id", 1, "cheque_value", "five"), "cheque_value");
    }

    @Test
    void javaPostingsReturnThePostedTransaction() {
        Map<String, Object> invoice = sandbox.postSalesInvoice(Map.of("customer_id", customerId(), "document_goods_value", 10));
        Map<String, Object> receipt = sandbox.postSalesReceipt(Map.of("customer_id", customerId(), "bank_id", 1, "cheque_value", 10));

        assertThat(invoice).containsEntry("trader_transaction_type", "TradingAccountEntryTypeInvoice")
                .containsEntry("document_gross_value", new java.math.BigDecimal("10.00"));
        assertThat(receipt).containsEntry("trader_transaction_type", "TradingAccountEntryTypePurchasePaymentSalesReceipt");
        assertThatThrownBy(() -> sandbox.postSalesInvoice(Map.of())).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("customer_id");
    }

    @Test
    void theAdminApiSeedsManyRecordsWithLaidOutStamps() {
        HttpResponse<String> seeded = admin("POST", "/_sandbox/resources/products/seed", Map.of("count", 50,
                "first_stamp", "2026-11-28T06:00:00Z", "stamp_step_ms", 10, "records_per_stamp", 5, "fields", Map.of("description", "Seeded")));

        assertThat(seeded.statusCode()).isEqualTo(201);
        Map<String, Object> result = SageClient.object(seeded.body());
        assertThat(result).containsEntry("created", 50);
        List<Map<String, Object>> products = SageClient.array(client.get("/products",
                Map.of("$filter", "description eq 'Seeded'", "$orderby", "id")));
        assertThat(products).hasSize(50);
        assertThat(products.get(0)).containsEntry("id", result.get("first_id")).containsEntry("date_time_updated", "2026-11-28T06:00:00Z");
        assertThat(products.get(49)).containsEntry("id", result.get("last_id")).containsEntry("date_time_updated", "2026-11-28T06:00:00.09Z");
        assertThat(products.stream().map(p -> p.get("date_time_updated")).distinct()).hasSize(10);
        assertThat(admin("POST", "/_sandbox/resources/products/seed", Map.of("count", 0)).statusCode()).isEqualTo(400);
        assertThat(admin("GET", "/_sandbox/resources", null).body()).contains("\"products\":53");
    }

    @Test
    void javaCreateAndUpdateBehaveLikeTheAdminApi() {
        Map<String, Object> created = sandbox.create("customers", Map.of("name", "Java Ltd"));
        assertThat(created).containsEntry("name", "Java Ltd").containsEntry("reference", "CUST" + id(created))
                .containsEntry("date_time_updated", "2026-11-28T07:00:00.12Z");
        clock.advance(Duration.ofSeconds(1));

        Map<String, Object> updated = sandbox.update("customers", id(created), Map.of("on_hold", true));

        assertThat(updated).containsEntry("on_hold", true).containsEntry("date_time_updated", "2026-11-28T07:00:01.12Z")
                .containsEntry("date_time_created", "2026-11-28T07:00:00.12Z");
        assertThat(updated.get("credit_limit")).as("decimals stay exact").isEqualTo(new java.math.BigDecimal("0.00"));
        // Over HTTP a plain mapper reads the same JSON with doubles; otherwise the record is the same.
        assertThat(SageClient.json(client.api("GET", "/customers/" + id(created), null)))
                .isEqualTo(SageClient.object(SageClient.write(updated)));
    }

    @Test
    void theAdminApiMayStageStampsAndReadOnlyFields() {
        Map<String, Object> created = sandbox.create("sales_posted_transactions", Map.of(
                "trader_transaction_type", "TradingAccountEntryTypePurchasePaymentSalesReceipt",
                "date_time_updated", "2026-11-28T06:55:00Z"));

        assertThat(created)
                .containsEntry("trader_transaction_type", "TradingAccountEntryTypePurchasePaymentSalesReceipt")
                .containsEntry("date_time_updated", "2026-11-28T06:55:00Z");
    }

    @Test
    void javaApiRefusesUnknownResourcesAndFields() {
        assertThatThrownBy(() -> sandbox.create("nope", Map.of())).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("nope");
        assertThatThrownBy(() -> sandbox.create("customers", Map.of("nmae", "typo")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("nmae");
        assertThatThrownBy(() -> sandbox.update("customers", 42, Map.of())).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void adminHttpApiCreatesUpdatesAndResets() {
        HttpResponse<String> created = admin("POST", "/_sandbox/resources/products", Map.of("name", "Admin Widget"));
        assertThat(created.statusCode()).isEqualTo(201);
        long id = id(SageClient.object(created.body()));
        clock.advance(Duration.ofMillis(5));

        HttpResponse<String> updated = admin("PUT", "/_sandbox/resources/products/" + id, Map.of("barcode", "5012345678900"));

        assertThat(updated.statusCode()).isEqualTo(200);
        assertThat(SageClient.object(updated.body())).containsEntry("barcode", "5012345678900")
                .containsEntry("date_time_updated", "2026-11-28T07:00:00.125Z");
        assertThat(client.api("GET", "/products/" + id, null).statusCode()).isEqualTo(200);

        assertThat(admin("POST", "/_sandbox/reset", null).statusCode()).isEqualTo(204);

        assertThat(client.api("GET", "/products/" + id, null).statusCode()).isEqualTo(404);
        assertThat(SageClient.array(client.api("GET", "/customers", null)))
                .extracting(c -> c.get("reference")).contains("ACME01");
    }

    @Test
    void requestsAreLoggedWithoutAdminCalls() {
        sandbox.clearRequests();
        client.get("/customers", Map.of("$top", "1"));
        client.api("GET", "/customers/1", null);
        admin("GET", "/_sandbox/requests", null);

        // The log entry is written after the answer has gone out, so it may trail the client by a moment.
        org.awaitility.Awaitility.await().untilAsserted(() -> assertThat(sandbox.requests())
                .extracting(SandboxRequest::method, SandboxRequest::path, SandboxRequest::query, SandboxRequest::status)
                .containsExactlyInAnyOrder(
                        org.assertj.core.groups.Tuple.tuple("GET", Sandbox.API_PATH + "/customers", "%24top=1", 200),
                        org.assertj.core.groups.Tuple.tuple("GET", Sandbox.API_PATH + "/customers/1", "", 404)));
        HttpResponse<String> overHttp = admin("GET", "/_sandbox/requests", null);
        assertThat(overHttp.body()).contains("\"path\":\"" + Sandbox.API_PATH + "/customers/1\"").contains("\"status\":404");
    }

    @Test
    void stampsFollowSagesClockWhenItRunsOffOurs() {
        try (Sandbox skewed = Sandbox.start(SandboxConfig.defaults().withClock(clock).withClockOffset(Duration.ofMinutes(-3))
                .withSeedData(false))) {
            Map<String, Object> created = skewed.create("customers", Map.of());

            assertThat(created).containsEntry("date_time_created", "2026-11-28T06:57:00.12Z");
        }
    }

    private long customerId() {
        return id(SageClient.array(client.get("/customers", Map.of("$top", "1"))).get(0));
    }

    private static Map<String, Object> onlyOne(List<Map<String, Object>> records) {
        assertThat(records).hasSize(1);
        return records.get(0);
    }

    private void assertRefused(String path, Map<String, Object> body, String messagePart) {
        HttpResponse<String> response = client.api("POST", path, body);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
        assertThat((String) SageClient.object(response.body()).get("Message")).contains(messagePart);
    }

    private HttpResponse<String> admin(String method, String path, Object body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(sandbox.baseUrl() + path));
        request.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(SageClient.write(body)));
        return client.send(request);
    }

    private static long id(Map<String, Object> record) {
        return ((Number) record.get("id")).longValue();
    }
}
