package com.example.sageevents;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Reads {@code sage.events} in its own consumer group, checks every record against the published schema
 * and its routing headers against its value, and prints one line per event:
 * <pre>instance=42 customers/27825 UPDATED evt_… at 2024-05-23T09:46:30Z [schema ok, headers ok]</pre>
 * Usage: {@code EventsConsumer <bootstrap-servers> [topic=sage.events] [group=events-example]
 * [schema=schemas/event-notification.v1.schema.json]}.
 */
public final class EventsConsumer {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final Properties config = new Properties();
    private final String topic;
    private final SchemaCheck schema;
    private final AtomicBoolean running = new AtomicBoolean(true);

    public EventsConsumer(String bootstrapServers, String topic, String group, Path schemaFile) throws IOException {
        this.topic = topic;
        this.schema = new SchemaCheck(MAPPER.readTree(Files.readString(schemaFile)));
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        config.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
    }

    public static void main(String[] args) throws IOException {
        if (args.length < 1) {
            System.err.println("usage: EventsConsumer <bootstrap-servers> [topic] [group] [schema-file]");
            System.exit(2);
        }
        EventsConsumer consumer = new EventsConsumer(args[0], args.length > 1 ? args[1] : "sage.events",
                args.length > 2 ? args[2] : "events-example",
                Path.of(args.length > 3 ? args[3] : "schemas/event-notification.v1.schema.json"));
        Runtime.getRuntime().addShutdownHook(new Thread(consumer::stop));
        consumer.run(System.out::println);
    }

    /** Prints (to {@code out}) one line per event until {@link #stop()}. */
    public void run(Consumer<String> out) {
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(config)) {
            consumer.subscribe(List.of(topic));
            while (running.get()) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(300))) {
                    describe(record).forEach(out);
                }
                consumer.commitSync();
            }
        }
    }

    public void stop() {
        running.set(false);
    }

    static List<String> describe(ConsumerRecord<String, byte[]> record, SchemaCheck schema) {
        JsonNode value;
        try {
            value = MAPPER.readTree(record.value());
        } catch (IOException e) {
            return List.of("offset " + record.offset() + ": not JSON (" + e.getMessage() + ")");
        }
        List<String> problems = schema.violations(value);
        String schemaState = problems.isEmpty() ? "schema ok" : "schema VIOLATED " + problems;
        String headerState = headerMismatches(record, value);
        return java.util.stream.StreamSupport.stream(value.path("events").spliterator(), false)
                .map(e -> String.format("instance=%s %s/%s %s %s at %s [%s, %s]", value.path("instanceId").asText(),
                        e.path("objectType").asText(), e.path("objectId").asText(), e.path("eventType").asText(),
                        e.path("eventId").asText(), e.path("date").asText(), schemaState, headerState))
                .toList();
    }

    private List<String> describe(ConsumerRecord<String, byte[]> record) {
        return describe(record, schema);
    }

    /** The routing headers must say what the value says, so consumers can filter without parsing. */
    private static String headerMismatches(ConsumerRecord<String, byte[]> record, JsonNode value) {
        StringBuilder wrong = new StringBuilder();
        expect(record, "event-id", value.path("notificationId").asText(), wrong);
        expect(record, "instance-id", value.path("instanceId").asText(), wrong);
        expect(record, "object-type", value.path("objectType").asText(), wrong);
        expect(record, "event-type", value.path("events").path(0).path("eventType").asText(), wrong);
        expect(record, "schema-version", value.path("schemaVersion").asText(), wrong);
        expect(record, "content-type", "application/json", wrong);
        return wrong.length() == 0 ? "headers ok" : "headers WRONG:" + wrong;
    }

    private static void expect(ConsumerRecord<String, byte[]> record, String name, String expected, StringBuilder wrong) {
        Header header = record.headers().lastHeader(name);
        String actual = header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
        if (!expected.equals(actual)) {
            wrong.append(' ').append(name).append('=').append(actual).append(" (value says ").append(expected).append(')');
        }
    }
}
