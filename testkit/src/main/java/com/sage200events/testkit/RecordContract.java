package com.sage200events.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * The published record contract: the JSON Schemas in the repository's {@code schemas/} folder, which tests
 * hold every produced record to. One schema per record type; topics map to their value's schema.
 */
public final class RecordContract {

    public static final String POLL_TASK = "poll-task.v1.schema.json";
    public static final String EVENT_NOTIFICATION = "event-notification.v1.schema.json";

    /** Topic (without prefix) to the schema of its values. */
    public static final Map<String, String> TOPICS = Map.of(
            "sage.poll-tasks", POLL_TASK,
            "sage.events", EVENT_NOTIFICATION,
            "sage.events.dlq", EVENT_NOTIFICATION);

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final String name;
    private final JsonSchema schema;

    private RecordContract(String name, JsonSchema schema) {
        this.name = name;
        this.schema = schema;
    }

    /** Loads {@code schemas/<file>} from the repository this test runs in. */
    public static RecordContract load(String file) {
        Path path = schemasDirectory().resolve(file);
        try {
            JsonNode node = MAPPER.readTree(Files.readString(path));
            return new RecordContract(file, JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(node));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read schema " + path, e);
        }
    }

    /** The repository's {@code schemas/} folder, found from the working directory upwards. */
    public static Path schemasDirectory() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null) {
            if (Files.isRegularFile(dir.resolve("schemas").resolve(EVENT_NOTIFICATION))) {
                return dir.resolve("schemas");
            }
            dir = dir.getParent();
        }
        throw new IllegalStateException("no schemas/ folder above " + Path.of("").toAbsolutePath());
    }

    /** Every way {@code json} breaks the contract; empty when it conforms. */
    public List<String> violations(byte[] json) {
        try {
            List<String> out = new ArrayList<>();
            for (ValidationMessage message : schema.validate(MAPPER.readTree(json))) {
                out.add(name + ": " + message.getMessage());
            }
            return out;
        } catch (IOException e) {
            return List.of(name + ": not JSON: " + e.getMessage());
        }
    }

    /**
     * Fails with every violation found on our topics under {@code prefix}.
     *
     * @return how many records were checked
     */
    public static long assertTopicsConform(String bootstrapServers, String prefix) {
        long[] checked = {0};
        List<String> violations = checkTopics(bootstrapServers, prefix, checked);
        if (!violations.isEmpty()) {
            throw new AssertionError(violations.size() + " record(s) break the published contract:\n" + String.join("\n", violations));
        }
        return checked[0];
    }

    /**
     * Reads every record of our topics under {@code prefix} and checks each value against its schema.
     *
     * @return the violations, each naming topic, partition and offset; {@code checked[0]} receives the count
     */
    public static List<String> checkTopics(String bootstrapServers, String prefix, long[] checked) {
        List<String> violations = new ArrayList<>();
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props)) {
            for (Map.Entry<String, String> topic : TOPICS.entrySet()) {
                String name = prefix + topic.getKey();
                if (!consumer.listTopics().containsKey(name)) {
                    continue;
                }
                RecordContract contract = load(topic.getValue());
                List<TopicPartition> partitions = consumer.partitionsFor(name).stream()
                        .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
                Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
                consumer.assign(partitions);
                consumer.seekToBeginning(partitions);
                while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                    for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                        checked[0]++;
                        contract.violations(record.value()).forEach(v ->
                                violations.add(record.topic() + "-" + record.partition() + "@" + record.offset() + " " + v));
                    }
                }
            }
        }
        return violations;
    }
}
