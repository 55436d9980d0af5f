package com.sage200events.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sage200events.common.kafka.KafkaClients;
import com.sage200events.testkit.ReceivedRequest;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue 11, input 4, end to end: Sage's numbers reach {@code sage.events} and the callback body byte for byte.
 * The money of the report sits in a customer's typed fields; the other spellings a double or a BigDecimal would
 * change ({@code 1E+2}, {@code -0.0}, an integer above 2^63, a 40-digit decimal) sit in a sales order's free-form
 * memos, which the sandbox answers with the text it was given.
 */
class ExactVendorDataPipelineIT {

    private static final List<String> MEMO_NUMBERS = List.of("1E+2", "-0.0", "18446744073709551617",
            "1234567890.123456789012345678901234567890", "0.10", "98765432109876543.21");

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
    void sagesNumbersArriveByteIdenticalOnTheTopicAndInTheCallbackBody() throws Exception {
        String path = "/exact-" + System.nanoTime();
        long id = fixture.createAuthorizedInstance(fixture.seedInstanceWithPollers(fixture.stack.inbox().url(path), pollers -> {
            pollers.putObject("customers").put("url", "/hubs/finance/customers").put("idField", "id");
            pollers.putObject("sales-orders").put("url", "/hubs/finance/sales-orders").put("idField", "id");
        }));
        fixture.awaitBaselines(id);

        adminCreate("customers", "{\"name\": \"Rich Ltd\", \"balance\": 98765432109876543.21, \"credit_limit\": 0.10}");
        StringBuilder memos = new StringBuilder("[");
        for (int i = 0; i < MEMO_NUMBERS.size(); i++) {
            memos.append(i == 0 ? "" : ", ").append("{\"note\": \"n").append(i).append("\", \"amount\": ").append(MEMO_NUMBERS.get(i)).append('}');
        }
        adminCreate("sop_orders", "{\"memos\": " + memos + "]}");
        fixture.pollAndWait(id, "customers");
        fixture.pollAndWait(id, "sales-orders");

        List<String> expected = new ArrayList<>(List.of("\"balance\":98765432109876543.21", "\"credit_limit\":0.10"));
        MEMO_NUMBERS.forEach(number -> expected.add("\"amount\":" + number + "}"));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(String.join("\n", fixture.stack.inbox().requests(path).stream().map(ReceivedRequest::body).toList()))
                        .as("callback bodies").contains(expected));
        assertThat(String.join("\n", topicValues())).as("sage.events values").contains(expected);
    }

    private static void adminCreate(String resource, String json) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create(fixture.stack.sandbox().baseUrl() + "/_sandbox/resources/" + resource))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
    }

    private static List<String> topicValues() {
        List<String> values = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = KafkaClients.consumer(fixture.stack.env().kafkaBootstrapServers(),
                "exact-probe", "exact-probe", Map.of("max.poll.records", 1000))) {
            List<TopicPartition> partitions = consumer.partitionsFor(fixture.stack.env().topics().events()).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    values.add(new String(record.value(), StandardCharsets.UTF_8));
                }
            }
        }
        return values;
    }
}
