package com.sage200events.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Checks what the sandbox serves against Sage's own OpenAPI files, read at test time from {@code ../shared}
 * (they are never copied into the project): for every resource the pipeline polls, list items and single
 * records have the same property names and JSON types that fit the declared ones; the verbs the sandbox
 * answers are the ones Sage's paths define; posted transactions created through {@code /sales_invoices}
 * and {@code /sales_receipts} conform too.
 */
class SchemaConformanceIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static Path specDir;
    private static Sandbox sandbox;
    private static SageClient client;

    @BeforeAll
    static void start() {
        specDir = findSpecDir();
        Assumptions.assumeTrue(specDir != null, "Sage's OpenAPI files (sage200-openapi/*.json) were not found in ../shared "
                + "or via -Dsage200.openapi.dir: skipping the schema conformance check");
        sandbox = Sandbox.start(SandboxConfig.defaults());
        client = new SageClient(sandbox);
        client.login();
    }

    @AfterAll
    static void stop() {
        if (sandbox != null) {
            sandbox.close();
        }
    }

    private static final Map<String, String> FILES = Map.of("customers", "sales.json", "products", "stock.json",
            "warehouses", "stock.json", "warehouse_holdings", "stock.json", "sales_posted_transactions", "sales.json",
            "suppliers", "purchases.json", "sop_orders", "sop.json", "nominal_codes", "nominal.json");

    @Test
    void everyPolledResourceIsChecked() {
        assertThat(FILES.keySet()).containsExactlyInAnyOrderElementsOf(ActivityConfig.ALL_RESOURCES);
    }

    /** Every resource the hub polls, with the Sage OpenAPI file that defines it. */
    static Stream<Arguments> resources() {
        return Stream.of(
                Arguments.of("customers", "sales.json"),
                Arguments.of("products", "stock.json"),
                Arguments.of("warehouses", "stock.json"),
                Arguments.of("warehouse_holdings", "stock.json"),
                Arguments.of("sales_posted_transactions", "sales.json"),
                Arguments.of("suppliers", "purchases.json"),
                Arguments.of("sop_orders", "sop.json"),
                Arguments.of("nominal_codes", "nominal.json"));
    }

    @ParameterizedTest(name = "{0} matches {1}")
    @MethodSource("resources")
    void listItemsMatchSagesSchema(String resource, String file) throws IOException {
        JsonNode spec = JSON.readTree(specDir.resolve(file).toFile());
        JsonNode schema = itemSchema(spec, "/" + resource);
        List<Map<String, Object>> items = SageClient.array(client.get("/" + resource, Map.of("$top", "1")));
        assertThat(items).as("the default data has a %s record", resource).isNotEmpty();

        List<String> problems = new ArrayList<>();
        check(spec, schema, items.get(0), resource, problems, 0);

        assertThat(problems).as("differences from %s in %s", resource, file).isEmpty();
    }

    @ParameterizedTest(name = "{0}/'{'id'}' matches {1}")
    @MethodSource("resources")
    void singleRecordsMatchSagesSchema(String resource, String file) throws IOException {
        JsonNode spec = JSON.readTree(specDir.resolve(file).toFile());
        Object id = SageClient.array(client.get("/" + resource, Map.of("$top", "1"))).get(0).get("id");

        List<String> problems = new ArrayList<>();
        check(spec, singleSchema(spec, "/" + resource + "/{Id}"), SageClient.json(client.api("GET", "/" + resource + "/" + id, null)),
                resource, problems, 0);

        assertThat(problems).as("differences from %s/{Id} in %s", resource, file).isEmpty();
    }

    @ParameterizedTest(name = "{0} answers the verbs {1} defines")
    @MethodSource("resources")
    void theVerbsServedAreTheOnesSagesPathsDefine(String resource, String file) throws IOException {
        JsonNode paths = JSON.readTree(specDir.resolve(file).toFile()).path("paths");
        Object id = sandbox.create(resource, Map.of()).get("id");

        boolean post = client.api("POST", "/" + resource, Map.of()).statusCode() != 405;
        boolean put = client.api("PUT", "/" + resource + "/" + id, Map.of()).statusCode() != 405;
        boolean delete = client.api("DELETE", "/" + resource + "/" + id, null).statusCode() != 405;

        assertThat(List.of(post, put, delete)).as("POST, PUT, DELETE on %s", resource).containsExactly(
                paths.path("/" + resource).has("post"), paths.path("/" + resource + "/{Id}").has("put"),
                paths.path("/" + resource + "/{Id}").has("delete"));
    }

    @Test
    void transactionsPostedAsInvoicesAndReceiptsMatchSagesSchemaAndEnumNames() throws IOException {
        JsonNode spec = JSON.readTree(specDir.resolve("sales.json").toFile());
        String specText = Files.readString(specDir.resolve("sales.json"));
        Object customer = SageClient.array(client.get("/customers", Map.of("$top", "1"))).get(0).get("id");
        Map<String, Object> invoice = SageClient.json(client.api("POST", "/sales_invoices", Map.of("customer_id", customer,
                "reference", "CONF-INV", "document_goods_value", 10, "document_tax_value", 2)));
        Map<String, Object> receipt = SageClient.json(client.api("POST", "/sales_receipts", Map.of("customer_id", customer,
                "bank_id", 1, "cheque_value", 12)));

        List<String> problems = new ArrayList<>();
        for (Map<String, Object> urn : List.of(invoice, receipt)) {
            check(spec, resolve(spec, spec.path("paths").path("/sales_invoices").path("post").path("responses").path("200")
                    .path("content").path("application/json").path("schema")), urn, "urn", problems, 0);
            Map<String, Object> posted = SageClient.array(client.get("/sales_posted_transactions",
                    Map.of("$filter", "urn eq " + urn.get("urn")))).get(0);
            check(spec, itemSchema(spec, "/sales_posted_transactions"), posted, "posted " + urn.get("urn"), problems, 0);
            assertThat(specText).as("sales.json names the type %s", posted.get("trader_transaction_type"))
                    .contains("'" + posted.get("trader_transaction_type") + "'");
        }

        assertThat(problems).isEmpty();
    }

    private static void check(JsonNode spec, JsonNode schema, Map<String, Object> record, String path, List<String> problems, int depth) {
        JsonNode properties = schema.path("properties");
        Set<String> expected = new LinkedHashSet<>();
        properties.fieldNames().forEachRemaining(expected::add);
        if (expected.isEmpty()) {
            return; // Sage declares some nested objects without properties
        }
        for (String missing : difference(expected, record.keySet())) {
            problems.add(path + "." + missing + " is missing");
        }
        for (String extra : difference(record.keySet(), expected)) {
            problems.add(path + "." + extra + " is not in Sage's schema");
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = properties.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> property = it.next();
            if (record.containsKey(property.getKey())) {
                checkValue(spec, resolve(spec, property.getValue()), record.get(property.getKey()), path + "." + property.getKey(),
                        problems, depth);
            }
        }
    }

    @SuppressWarnings("unchecked")
    private static void checkValue(JsonNode spec, JsonNode property, Object value, String path, List<String> problems, int depth) {
        String type = property.path("type").asText("object");
        String format = property.path("format").asText("");
        if (value == null) {
            // Sage leaves optional dates null; every other field of a fresh record has a value.
            if (!format.equals("date-time")) {
                problems.add(path + " is null");
            }
            return;
        }
        boolean fits = switch (type) {
            case "integer" -> value instanceof Integer || value instanceof Long;
            case "number" -> value instanceof Number;
            case "string" -> value instanceof String s && (!format.equals("date-time") || isDateTime(s));
            case "boolean" -> value instanceof Boolean;
            case "array" -> value instanceof List;
            default -> value instanceof Map;
        };
        if (!fits) {
            problems.add(path + " should be " + type + (format.isEmpty() ? "" : " (" + format + ")") + " but is " + value);
        } else if (value instanceof Map<?, ?> nested && depth < 2) {
            check(spec, property, (Map<String, Object>) nested, path, problems, depth + 1);
        }
    }

    private static boolean isDateTime(String text) {
        try {
            OffsetDateTime.parse(text);
            return true;
        } catch (RuntimeException e) {
            return false;
        }
    }

    private static JsonNode itemSchema(JsonNode spec, String path) {
        JsonNode list = spec.path("paths").path(path).path("get").path("responses").path("200").path("content")
                .path("application/json").path("schema");
        assertThat(list.path("type").asText()).as("GET %s returns an array", path).isEqualTo("array");
        return resolve(spec, list.path("items"));
    }

    private static JsonNode singleSchema(JsonNode spec, String path) {
        JsonNode single = spec.path("paths").path(path).path("get").path("responses").path("200").path("content")
                .path("application/json").path("schema");
        assertThat(single.isMissingNode()).as("GET %s is defined", path).isFalse();
        return resolve(spec, single);
    }

    private static JsonNode resolve(JsonNode spec, JsonNode node) {
        JsonNode current = node;
        while (current.has("$ref")) {
            String name = current.get("$ref").asText().substring("#/components/schemas/".length());
            current = spec.path("components").path("schemas").path(name);
        }
        return current;
    }

    private static Set<String> difference(Set<String> a, Set<String> b) {
        Set<String> result = new LinkedHashSet<>(a);
        result.removeAll(b);
        return result;
    }

    private static Path findSpecDir() {
        List<String> candidates = new ArrayList<>();
        String configured = System.getProperty("sage200.openapi.dir");
        if (configured != null) {
            candidates.add(configured);
        }
        candidates.add("../shared/sage200-openapi");     // from the project root
        candidates.add("../../shared/sage200-openapi");  // from the sandbox module (Maven's working directory)
        for (String candidate : candidates) {
            Path dir = Path.of(candidate).toAbsolutePath().normalize();
            if (Files.isRegularFile(dir.resolve("sales.json")) && Files.isRegularFile(dir.resolve("stock.json"))) {
                return dir;
            }
        }
        return null;
    }
}
