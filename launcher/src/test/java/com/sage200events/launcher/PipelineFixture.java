package com.sage200events.launcher;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sage200events.common.kafka.KafkaClients;
import com.sage200events.scheduler.SchedulerConfig;
import com.sage200events.testkit.JsonHttp;
import com.sage200events.testkit.ReceivedRequest;
import com.sage200events.testkit.TestKafka;
import com.sage200events.testkit.TestRedis;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;

import static org.awaitility.Awaitility.await;

/** A whole pipeline on the test JVM's broker and Redis, with a unique prefix, and the calls a user makes. */
final class PipelineFixture implements AutoCloseable {

    static final String ACCOUNT = "User " + SchedulerConfig.DEV_USER_SECRET + ", Organization " + SchedulerConfig.DEV_ORGANIZATION_SECRET;
    private static final ObjectMapper MAPPER = new ObjectMapper();

    final DevStack stack;
    final JsonHttp api = JsonHttp.withHeaders(Map.of("Authorization", ACCOUNT));

    PipelineFixture(UnaryOperator<DevStackOptions> customize) {
        this(TestKafka.bootstrapServers(), TestRedis.endpoint().uri(), customize);
    }

    /** A pipeline on a broker and Redis of the test's own, e.g. ones an outage test stops and restarts. */
    PipelineFixture(String kafkaBootstrapServers, String redisUrl, UnaryOperator<DevStackOptions> customize) {
        this.stack = DevStack.start(customize.apply(DevStackOptions.forTest(kafkaBootstrapServers, redisUrl, TestKafka.uniquePrefix())));
    }

    /**
     * The seed document's instance with its poller configuration replaced by what {@code pollers} puts into the
     * (empty) {@code event.poller.configuration} object; returns the create body.
     */
    String seedInstanceWithPollers(String callbackUrl, Consumer<ObjectNode> pollers) {
        ObjectNode body = (ObjectNode) json(seedInstance(callbackUrl));
        pollers.accept(((ObjectNode) body.get("configuration")).putObject("event.poller.configuration"));
        return body.toString();
    }

    /** The seed document's "Example JSON with Polling", as shipped in examples/, with our inbox as callback. */
    String seedInstance(String callbackUrl) {
        try {
            String json = Files.readString(Path.of("..", "examples", "seed-instance.json"));
            return json.replace("http://localhost:8070/inbox", callbackUrl);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Waits until every resource's baseline poll (asked for when the instance became active) has finished, so
     * what a test changes in Sage afterwards is a change, not part of the baseline.
     */
    void awaitBaselines(long id) {
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            JsonNode resources = api.get(stack.apiUrl() + "/instances/" + id + "/status").json().path("resources");
            boolean[] all = {resources.size() > 0};
            resources.forEach(r -> all[0] &= r.hasNonNull("lastPollEnd"));
            return all[0];
        });
    }

    /** Every event of {@code objectType} delivered to {@code path}, in arrival order. */
    List<JsonNode> deliveredEvents(String path, String objectType) {
        return deliveredEvents(path).stream().filter(e -> e.path("objectType").asText().equals(objectType)).toList();
    }

    /** How many notifications of {@code objectType} the workers have published so far. */
    long publishedNotifications(String objectType) {
        try (KafkaConsumer<String, byte[]> consumer = KafkaClients.consumer(stack.env().kafkaBootstrapServers(),
                "count-probe", "count-probe", Map.of("max.poll.records", 1000))) {
            List<TopicPartition> partitions = consumer.partitionsFor(stack.env().topics().events()).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            long count = 0;
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                for (var record : consumer.poll(Duration.ofMillis(200))) {
                    var header = record.headers().lastHeader("object-type");
                    if (header != null && new String(header.value(), java.nio.charset.StandardCharsets.UTF_8).equals(objectType)) {
                        count++;
                    }
                }
            }
            return count;
        }
    }

    /** Creates and authorizes an instance; returns its id. */
    long createAuthorizedInstance(String body) {
        JsonHttp.Response created = api.post(stack.apiUrl() + "/instances", body);
        if (created.status() != 201) {
            throw new AssertionError("create failed: " + created.status() + " " + created.body());
        }
        long id = created.json().get("id").asLong();
        JsonHttp.Response authorized = JsonHttp.follow(created.json().get("authorizationUrl").asText());
        if (authorized.status() != 200) {
            throw new AssertionError("authorization failed: " + authorized.status() + " " + authorized.body());
        }
        awaitBaselines(id);
        return id;
    }

    /** Asks for a poll of one resource now and waits until that poll has finished. */
    JsonNode pollAndWait(long id, String resource) {
        String before = resourceStatus(id, resource).path("lastPollEnd").asText("");
        JsonHttp.Response response = api.post(stack.apiUrl() + "/instances/" + id + "/events/poll?resource=" + resource, "");
        if (response.status() != 202) {
            throw new AssertionError("poll request failed: " + response.status() + " " + response.body());
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> !resourceStatus(id, resource).path("lastPollEnd").asText("").equals(before));
        return resourceStatus(id, resource);
    }

    JsonNode resourceStatus(long id, String resource) {
        return api.get(stack.apiUrl() + "/instances/" + id + "/status").json().path("resources").path(resource);
    }

    /** Every event delivered to {@code path}, in arrival order. */
    List<JsonNode> deliveredEvents(String path) {
        List<JsonNode> events = new ArrayList<>();
        for (ReceivedRequest request : stack.inbox().requests(path)) {
            json(request.body()).path("message").path("events").forEach(events::add);
        }
        return events;
    }

    static JsonNode json(String text) {
        try {
            return MAPPER.readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        stack.close();
    }
}
