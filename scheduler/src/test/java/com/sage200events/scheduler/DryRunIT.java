package com.sage200events.scheduler;

import static com.sage200events.scheduler.SchedulerFixture.configuration;
import static com.sage200events.scheduler.SchedulerFixture.seed;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sage200events.common.kafka.KafkaClients;
import com.sage200events.common.redis.RedisKeys;
import com.sage200events.sandbox.Sandbox;
import com.sage200events.scheduler.SchedulerFixture.Tenant;
import com.sage200events.testkit.JsonHttp;
import com.sage200events.testkit.TestKafka;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue 14's dry run against the real stack (sandbox Sage, broker, Redis): the routes read Sage with the worker's
 * own query and change detection, report what a poller configuration would send and emit, and change nothing.
 */
class DryRunIT {

    private static final String WRONG_FORMAT = "dd/MM/yyyy HH:mm";
    private static final String CEQL_URL = "/hubs/finance/customers?where=name LIKE 'Dry%' AND reference = 'DRY01'";

    private static SchedulerFixture fixture;
    private static Tenant tenant;
    private static long instanceId;
    private static String created;

    @BeforeAll
    static void start() {
        fixture = new SchedulerFixture();
        tenant = fixture.newTenant("dry-run");
        ObjectNode body = seed();
        String apiKey = configuration(body).get("oauth.api.key").asText();
        body.putObject("providerData").put("code", fixture.sageCode(apiKey, fixture.url("/elements/sage200/oauth/callback")));
        instanceId = fixture.create(tenant, body).get("id").asLong();
        created = String.valueOf(fixture.sandbox.create("customers", Map.of("name", "Dry Run Ltd", "reference", "DRY01")).get("id"));
        fixture.sandbox.create("customers", Map.of("name", "Wet Run Ltd", "reference", "WET01"));
    }

    @AfterAll
    static void stop() {
        fixture.close();
    }

    @Test
    void aWrongUpdatedDateFormatReportsEveryUnparsableDateWithItsRawValue() {
        JsonNode customers = tryCustomers(customersPoller(WRONG_FORMAT, null));
        assertThat(customers.get("error")).isNull();
        JsonNode event = eventFor(customers, created);
        assertThat(event.get("eventType").asText()).isEqualTo("CREATED");
        String rawUpdatedAt = event.get("record").get("updated_at").asText();
        List<JsonNode> misses = new ArrayList<>();
        customers.get("unparsableDates").forEach(misses::add);
        assertThat(misses).anySatisfy(miss -> {
            assertThat(miss.get("objectId").asText()).isEqualTo(created);
            assertThat(miss.get("field").asText()).isEqualTo("updated_at");
            assertThat(miss.get("value").asText()).isEqualTo(rawUpdatedAt).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ");
            assertThat(miss.get("format").asText()).isEqualTo(WRONG_FORMAT);
        });
        // Every record read has its updated date missed; the created dates keep the seed's format and are read.
        assertThat(customers.get("unparsableDateCount").asInt()).isEqualTo(customers.get("eventCount").asInt());

        JsonNode right = tryCustomers(customersPoller("yyyy-MM-dd'T'HH:mm:ss'Z'", null));
        assertThat(right.get("unparsableDateCount").asInt()).as("the seed's own format reads them all").isZero();
    }

    @Test
    void aCeqlClauseShowsItsDecodedFilterAsSentToSage() {
        fixture.sandbox.clearRequests();
        JsonNode customers = tryCustomers(customersPoller(null, CEQL_URL));
        String filter = customers.get("requests").get(0).get("filter").asText();
        assertThat(filter).contains("startswith(name,'Dry')").contains("reference eq 'DRY01'");
        assertThat(customers.get("requests").get(0).get("path").asText()).isEqualTo("/customers");
        // The sandbox logs a request after answering it.
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(sentFilters()).contains(filter));
        assertThat(customers.get("events")).extracting(e -> e.get("objectId").asText()).containsExactly(created);

        // The same clause in a create body, without an instance to borrow: the request is shown, Sage is not read.
        ObjectNode body = seed();
        ((ObjectNode) configuration(body).get("event.poller.configuration")).set("customers", customersPoller(null, CEQL_URL));
        JsonHttp.Response planned = tenant.api().post(fixture.url("/instances/dry-run"), body.toString());
        SchedulerFixture.require(planned, 200);
        assertThat(planned.json().get("sageRead").asBoolean()).isFalse();
        JsonNode plan = planned.json().get("resources").get("customers");
        assertThat(plan.get("requests").get(0).get("filter").asText()).isEqualTo(filter);
        assertThat(plan.has("records")).isFalse();

        JsonHttp.Response borrowed = tenant.api().post(fixture.url("/instances/dry-run?instanceId=" + instanceId + "&limit=5"),
                body.toString());
        SchedulerFixture.require(borrowed, 200);
        assertThat(borrowed.json().get("sageRead").asBoolean()).isTrue();
        assertThat(borrowed.json().get("resources").get("customers").get("events"))
                .extracting(e -> e.get("objectId").asText()).containsExactly(created);
    }

    @Test
    void nothingIsPublishedAndTheCursorIsUnchanged() {
        RedisKeys keys = new RedisKeys(fixture.prefix);
        String cursor = keys.cursor(instanceId, "customers");
        String seen = keys.seen(instanceId, "customers");
        fixture.redis.hset(cursor, Map.of("watermark", "1700000000000", "baseline", "done"));
        fixture.redis.zadd(seen, 1_700_000_000_000d, "1|1700000000000");
        Map<String, String> cursorBefore = fixture.redis.hgetAll(cursor);
        List<String> seenBefore = fixture.redis.zrange(seen, 0, -1);

        JsonNode customers = tryCustomers(customersPoller(WRONG_FORMAT, null));
        assertThat(customers.get("eventCount").asInt()).as("the dry run found events to emit").isPositive();
        JsonHttp.Response stored = tenant.api().post(fixture.url("/instances/" + instanceId + "/resources/customers/dry-run"), "");
        SchedulerFixture.require(stored, 200);
        assertThat(stored.json().get("changedConfiguration").asBoolean()).isFalse();

        assertThat(fixture.redis.hgetAll(cursor)).isEqualTo(cursorBefore);
        assertThat(fixture.redis.zrange(seen, 0, -1)).isEqualTo(seenBefore);
        assertThat(fixture.redis.exists(keys.status(instanceId, "customers"))).isFalse();
        assertThat(recordsOn(fixture.eventsTopic())).isZero();
    }

    @Test
    void validationErrorsComeInTheShapeOfCreate() {
        ObjectNode body = seed();
        configuration(body).remove("company.name");
        ((ObjectNode) configuration(body).get("event.poller.configuration").get("customers")).put("url", "/hubs/finance/customers?where=name ~ 'x'");
        JsonHttp.Response create = tenant.api().post(fixture.url("/instances"), body.toString());
        JsonHttp.Response dryRun = tenant.api().post(fixture.url("/instances/dry-run"), body.toString());
        assertThat(create.status()).isEqualTo(400);
        assertThat(dryRun.status()).isEqualTo(400);
        assertThat(dryRun.json()).isEqualTo(create.json());
        assertThat(fields(dryRun)).contains("configuration.company.name", "configuration.event.poller.configuration.customers.url");

        ObjectNode broken = customersPoller(null, "/hubs/finance/customers?where=name ~ 'x'");
        JsonHttp.Response resource = tenant.api().post(fixture.url("/instances/" + instanceId + "/resources/customers/dry-run"),
                broken.toString());
        assertThat(resource.status()).isEqualTo(400);
        assertThat(fields(resource)).containsExactly("configuration.event.poller.configuration.customers.url");

        assertThat(fields(tenant.api().post(fixture.url("/instances/" + instanceId + "/resources/customers/dry-run?since=yesterday"), "")))
                .containsExactly("since");
        assertThat(fields(tenant.api().post(fixture.url("/instances/" + instanceId + "/resources/nope/dry-run"), "")))
                .containsExactly("resource");
    }

    @Test
    void anotherOrganizationsInstanceIsNotBorrowed() {
        Tenant other = fixture.newTenant("dry-run-other");
        JsonHttp.Response refused = other.api().post(fixture.url("/instances/dry-run?instanceId=" + instanceId), seed().toString());
        assertThat(refused.status()).isEqualTo(404);
        assertThat(fields(refused)).containsExactly("instanceId");
        assertThat(refused.body()).doesNotContain("Dry Run Ltd");
    }

    private static JsonNode tryCustomers(ObjectNode poller) {
        JsonHttp.Response response = tenant.api().post(fixture.url("/instances/" + instanceId + "/resources/customers/dry-run"),
                poller.toString());
        SchedulerFixture.require(response, 200);
        assertThat(response.json().get("changedConfiguration").asBoolean()).isTrue();
        return response.json().get("resources").get("customers");
    }

    /** The seed's customers poller, with another updated date format and/or URL. */
    private static ObjectNode customersPoller(String updatedDateFormat, String url) {
        ObjectNode poller = (ObjectNode) configuration(seed()).get("event.poller.configuration").get("customers").deepCopy();
        if (updatedDateFormat != null) {
            ((ObjectNode) poller.get("datesConfiguration")).put("updatedDateFormat", updatedDateFormat);
        }
        if (url != null) {
            poller.put("url", url);
        }
        return poller;
    }

    private static JsonNode eventFor(JsonNode resource, String objectId) {
        for (JsonNode event : resource.get("events")) {
            if (event.get("objectId").asText().equals(objectId)) {
                return event;
            }
        }
        throw new AssertionError("no event for " + objectId + " in " + resource);
    }

    /** The decoded {@code $filter} of every customers list request the sandbox served. */
    private static List<String> sentFilters() {
        List<String> filters = new ArrayList<>();
        fixture.sandbox.requests().stream().filter(r -> r.path().equals(Sandbox.API_PATH + "/customers")).forEach(r -> {
            for (String pair : r.query().split("&")) {
                if (pair.startsWith("$filter=") || pair.startsWith("%24filter=")) {
                    filters.add(URLDecoder.decode(pair.substring(pair.indexOf('=') + 1), StandardCharsets.UTF_8));
                }
            }
        });
        return filters;
    }

    private static List<String> fields(JsonHttp.Response response) {
        List<String> fields = new ArrayList<>();
        response.json().get("errors").forEach(e -> fields.add(e.get("field").asText()));
        return fields;
    }

    /** How many records the topic holds, from its beginning to its end now. */
    private static long recordsOn(String topic) {
        try (KafkaConsumer<String, byte[]> consumer = KafkaClients.consumer(TestKafka.bootstrapServers(), fixture.prefix + "dry",
                fixture.prefix + "dry", Map.of())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            Map<TopicPartition, Long> begin = consumer.beginningOffsets(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, Duration.ofSeconds(10));
            return partitions.stream().mapToLong(p -> end.get(p) - begin.get(p)).sum();
        }
    }
}
