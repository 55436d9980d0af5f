package com.sage200events.worker.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sage200events.common.json.Json;
import com.sage200events.common.json.SourcedArrays;
import com.sage200events.common.model.EventNotification;
import com.sage200events.common.model.InstanceValidator;
import com.sage200events.common.model.ResourcePoller;
import com.sage200events.common.sage.ChangeDetector;
import com.sage200events.common.sage.PollWindow;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * Records published as Sage's own bytes make the same notifications as records serialized from their trees: the same
 * bytes when Sage writes JSON as Jackson does, the same JSON (numbers' digits included) when it does not, and the same
 * batches, halvings and stubs, which the trees' sizes decide.
 */
class NotificationBatcherTest {

    private static final Instant POLL = Instant.parse("2026-11-30T05:00:00Z");

    private final ResourcePoller poller = poller();

    @Test
    void sagesBytesMakeTheBytesTheTreesMake() {
        String page = IntStream.range(0, 25).mapToObj(i -> record(i, "")).collect(Collectors.joining(",", "[", "]"));

        Batches batches = batches(page, Integer.MAX_VALUE);

        assertThat(batches.fromSource()).hasSize(3); // 25 CREATED events: 10, 10 and 5
        assertThat(values(batches.fromSource())).isEqualTo(values(batches.fromTrees()));
        assertThat(batches.fromSource()).extracting(NotificationBatcher.Outgoing::notification)
                .isEqualTo(batches.fromTrees().stream().map(NotificationBatcher.Outgoing::notification).toList());
    }

    @Test
    void recordsWithoutTextAmongThemGoInAsTheirTreesSerialize() {
        // A hub field from Sage is replaced in the tree, so that record has no text; a repeated name, the same.
        String page = IntStream.range(0, 10).mapToObj(i -> switch (i) {
            case 2 -> record(i, "").replace("{", "{\"updated_at\":\"theirs\",");
            case 7 -> record(i, "").replace("{", "{\"name\":\"first\",");
            default -> record(i, "");
        }).collect(Collectors.joining(",", "[", "]"));

        List<NotificationBatcher.Outgoing> mixed = batch(page, Integer.MAX_VALUE, true, false);

        assertThat(values(mixed)).isEqualTo(values(batch(page, Integer.MAX_VALUE, false, false)));
        assertThat(new String(mixed.get(0).value(), StandardCharsets.UTF_8)).contains("\"updated_at\":\"2026-11-30T04:50:02Z\"")
                .doesNotContain("theirs", "first");
    }

    @Test
    void sagesSpacingAndEscapesStayButTheJsonIsTheSame() {
        String page = IntStream.range(0, 12).mapToObj(i -> record(i, " ").replace("Customer", "Zo\\u00eb")).collect(Collectors.joining(" ,\n", "[ ", " ]"));

        Batches batches = batches(page, Integer.MAX_VALUE);

        for (int i = 0; i < batches.fromSource().size(); i++) {
            String value = new String(batches.fromSource().get(i).value(), StandardCharsets.UTF_8);
            assertThat(value).contains("\"balance\" : 98765432109876543.21", "\"credit_limit\" : 0.10", "Zo\\u00eb");
            assertThat(Json.fromBytes(batches.fromSource().get(i).value(), JsonNode.class))
                    .isEqualTo(Json.fromBytes(batches.fromTrees().get(i).value(), JsonNode.class));
            assertThat(Json.fromBytes(batches.fromSource().get(i).value(), EventNotification.class))
                    .isEqualTo(batches.fromTrees().get(i).notification());
        }
    }

    @Test
    void batchesSplitAndRecordsTurnIntoStubsAtTheSameSizes() {
        String notes = "\"notes\":\"" + "x".repeat(3_000) + "\",";
        String more = "\"more_notes\":\"" + "y".repeat(6_000) + "\",";
        String page = IntStream.range(0, 10).mapToObj(i -> record(i, "").replace("{", "{" + (i == 3 ? notes + more : notes)))
                .collect(Collectors.joining(",", "[", "]"));

        Batches batches = batches(page, 7_000);

        assertThat(batches.fromSource()).extracting(NotificationBatcher.Outgoing::oversized)
                .isEqualTo(batches.fromTrees().stream().map(NotificationBatcher.Outgoing::oversized).toList()).contains(true);
        assertThat(values(batches.fromSource())).isEqualTo(values(batches.fromTrees()));
    }

    @Test
    void sagesSpacingDoesNotDecideASplitOrAStub() {
        // Review of issue 12: a pretty-printed record over the limit as Sage wrote it, under it as its tree writes.
        String fields = IntStream.range(0, 300).mapToObj(f -> "\"field_" + f + "\"   :   \"v\"").collect(Collectors.joining(",\n        "));
        String page = "[" + record(0, "    ").replace("{", "{\n        " + fields + ",\n        ") + "]";

        Batches batches = batches(page, 8_000);

        assertThat(page.length()).isGreaterThan(8_000);
        assertThat(batches.fromSource()).extracting(NotificationBatcher.Outgoing::oversized).containsExactly(false);
        assertThat(batches.fromTrees()).extracting(NotificationBatcher.Outgoing::oversized).containsExactly(false);
        assertThat(batches.fromSource().get(0).notification()).isEqualTo(batches.fromTrees().get(0).notification());
    }

    /** The page batched twice: with each record's text from the page, and with none (every tree serialized). */
    private Batches batches(String page, int maxBytes) {
        List<NotificationBatcher.Outgoing> fromSource = batch(page, maxBytes, true, true);
        List<NotificationBatcher.Outgoing> fromTrees = batch(page, maxBytes, false, false);
        return new Batches(fromSource, fromTrees);
    }

    private List<NotificationBatcher.Outgoing> batch(String page, int maxBytes, boolean withSource, boolean everySourceKnown) {
        try {
            List<SourcedArrays.Item> items = SourcedArrays.read(page.getBytes(StandardCharsets.UTF_8)).orElseThrow();
            if (everySourceKnown) {
                assertThat(items).allSatisfy(item -> assertThat(item.source()).isNotNull());
            }
            ChangeDetector.PageChanges changes = new ChangeDetector(7, poller,
                    new PollWindow(POLL.minusSeconds(3600), POLL.minusSeconds(1800), Instant.MIN, new HashSet<>()), POLL)
                    .detect(items.stream().map(SourcedArrays.Item::tree).toList(),
                            withSource ? items.stream().map(SourcedArrays.Item::source).toList() : List.of(), Optional.empty(), id -> false);
            return new NotificationBatcher(maxBytes, "id").batch(7, "customers", changes.events, changes.records, changes.recordJson);
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }

    private static List<String> values(List<NotificationBatcher.Outgoing> outgoing) {
        List<String> values = new ArrayList<>();
        outgoing.forEach(o -> values.add(new String(o.value(), StandardCharsets.UTF_8)));
        return values;
    }

    /** A Sage customer as Sage writes it, {@code space} around each colon. */
    private static String record(int id, String space) {
        String colon = space + ":" + space;
        return "{\"id\"" + colon + (1000 + id) + ",\"name\"" + colon + "\"Customer " + id + "\",\"balance\"" + colon + "98765432109876543.21"
                + ",\"credit_limit\"" + colon + "0.10,\"tiny\"" + colon + "-0.0,\"on_hold\"" + colon + "false,\"analysis\"" + colon + "null"
                + ",\"date_time_created\"" + colon + "\"2026-11-30T04:40:00.12Z\",\"date_time_updated\"" + colon + "\"2026-11-30T04:50:0"
                + (id % 10) + ".5Z\"}";
    }

    private static ResourcePoller poller() {
        ObjectNode configuration = (ObjectNode) Json.tree("""
                {"oauth.api.key": "k", "oauth.api.secret": "s", "subscription.key": "s", "signing.key": "s",
                 "company.name": "c", "event.poller.configuration": {"customers": {"url": "/hubs/finance/customers", "idField": "id"}}}""");
        return InstanceValidator.settings(configuration).pollers().get("customers");
    }

    private record Batches(List<NotificationBatcher.Outgoing> fromSource, List<NotificationBatcher.Outgoing> fromTrees) {
    }
}
