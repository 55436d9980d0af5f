package com.sage200events.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sage200events.common.kafka.KafkaClients;
import com.sage200events.common.kafka.TopicProvisioner;
import com.sage200events.common.kafka.TopicSpec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The Node example consumer ({@code examples/events-consumer-node}: kafkajs, ajv) reads {@code sage.events} as
 * a real pipeline run filled it, with the steps docs/TOPICS.md gives, and validates every record against the
 * JSON Schema. The same records recompressed with snappy (an operator's {@code KAFKA_COMPRESSION=snappy}) are
 * read with the documented codec step, and the consumer with that step removed fails on them: the check that
 * this test can fail.
 */
class NodeConsumerIT {

    private static final Path EXAMPLE = Path.of("..", "examples", "events-consumer-node").toAbsolutePath().normalize();
    private static final String SETUP_STEP = "CompressionCodecs[CompressionTypes.Snappy] = require('kafkajs-snappy');";

    private static PipelineFixture fixture;

    @BeforeAll
    static void install() throws Exception {
        // CI has node and npm (.ci/run installs them when missing); elsewhere a machine without them skips.
        if (!onPath("node") && System.getenv("CI") == null) {
            Assumptions.abort("node and npm are not installed");
        }
        Result ci = run(EXAMPLE, Map.of(), Duration.ofMinutes(3), "npm", "ci", "--no-audit", "--no-fund");
        assertThat(ci.exit()).as("npm ci: " + ci.output()).isZero();
        fixture = new PipelineFixture(o -> o);
    }

    @AfterAll
    static void stop() {
        if (fixture != null) {
            fixture.close();
        }
    }

    @Test
    void theNodeConsumerReadsAndValidatesEveryRecordOfAPipelineRunWithTheDocumentedSteps() throws Exception {
        String path = "/node-" + System.nanoTime();
        long id = fixture.createAuthorizedInstance(fixture.seedInstance(fixture.stack.inbox().url(path)));
        for (int i = 0; i < 12; i++) {
            fixture.stack.sandbox().create("customers", Map.of("name", "Node reader " + i));
        }
        fixture.stack.sandbox().create("products", Map.of("code", "NODE-1", "name", "Node widget"));
        fixture.pollAndWait(id, "customers");
        fixture.pollAndWait(id, "products");
        await().atMost(Duration.ofSeconds(30)).until(() -> fixture.deliveredEvents(path).size() >= 13);
        List<String> delivered = fixture.deliveredEvents(path).stream().map(e -> e.get("eventId").asText()).toList();

        String events = fixture.stack.env().topics().events();
        Result read = consume(EXAMPLE.resolve("consumer.js"), events);
        assertThat(read.exit()).as(read.output()).isZero();
        assertThat(read.output()).contains("\"invalid\":0");
        delivered.forEach(eventId -> assertThat(read.output()).contains(eventId));

        String snappy = events + ".snappy-copy";
        int copied = copyWithCompression(events, snappy, "snappy");
        assertThat(copied).isPositive();
        Result withStep = consume(EXAMPLE.resolve("consumer.js"), snappy);
        assertThat(withStep.exit()).as(withStep.output()).isZero();
        assertThat(withStep.output()).contains("\"records\":" + copied + ",").contains("\"invalid\":0");

        Path withoutStep = withoutSetupStep();
        Result failed = consume(withoutStep, snappy);
        assertThat(failed.exit()).as(failed.output()).isNotZero();
        assertThat(failed.output()).contains("Snappy compression not implemented");
    }

    /** consumer.js with the documented codec line removed, under target/ (it finds the example's modules by NODE_PATH). */
    private static Path withoutSetupStep() throws IOException {
        String source = Files.readString(EXAMPLE.resolve("consumer.js"));
        assertThat(source).as("the setup step docs/TOPICS.md names").contains(SETUP_STEP);
        Path copy = Path.of("target", "consumer-without-setup.js").toAbsolutePath();
        Files.writeString(copy, source.replace(SETUP_STEP, "// setup step removed by NodeConsumerIT"));
        return copy;
    }

    private static Result consume(Path script, String topic) throws Exception {
        return run(EXAMPLE, Map.of("BROKERS", fixture.stack.env().kafkaBootstrapServers(), "TOPIC", topic, "UNTIL_END", "1",
                "SCHEMAS_DIR", EXAMPLE.resolve("../../schemas").normalize().toString(),
                "NODE_PATH", EXAMPLE.resolve("node_modules").toString()), Duration.ofMinutes(2), "node", script.toString());
    }

    /** Every record of {@code from}, value and headers as they are, re-produced to {@code to} with {@code codec}. */
    private static int copyWithCompression(String from, String to, String codec) {
        String servers = fixture.stack.env().kafkaBootstrapServers();
        TopicProvisioner.ensure(servers, List.of(new TopicSpec(to, 2, (short) 1, Duration.ofDays(1))));
        int count = 0;
        try (KafkaConsumer<String, byte[]> consumer = KafkaClients.consumer(servers, "copy-" + System.nanoTime(), "copy", Map.of());
             KafkaProducer<String, byte[]> producer = KafkaClients.producer(servers, "copy",
                     Map.of(ProducerConfig.COMPRESSION_TYPE_CONFIG, codec))) {
            List<TopicPartition> partitions = consumer.partitionsFor(from).stream().map(p -> new TopicPartition(from, p.partition())).toList();
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    producer.send(new ProducerRecord<>(to, null, r.key(), r.value(), r.headers()));
                    count++;
                }
            }
            producer.flush();
        }
        return count;
    }

    private record Result(int exit, String output) {
    }

    private static Result run(Path dir, Map<String, String> env, Duration limit, String... command) throws Exception {
        Path log = Files.createTempFile("node-consumer", ".log");
        ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().putAll(env);
        Process process = builder.start();
        if (!process.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly();
            throw new AssertionError(String.join(" ", command) + " did not finish within " + limit + ": " + Files.readString(log));
        }
        String output = Files.readString(log, StandardCharsets.UTF_8);
        Files.delete(log);
        return new Result(process.exitValue(), output);
    }

    private static boolean onPath(String program) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
            if (Files.isExecutable(Path.of(dir, program))) {
                return true;
            }
        }
        return false;
    }
}
