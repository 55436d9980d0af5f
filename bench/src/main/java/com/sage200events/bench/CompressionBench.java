package com.sage200events.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.sage200events.common.json.Json;
import com.sage200events.common.kafka.Compression;
import com.sage200events.common.kafka.KafkaClients;
import com.sage200events.common.kafka.TopicProvisioner;
import com.sage200events.common.model.Event;
import com.sage200events.common.model.EventIds;
import com.sage200events.common.model.EventNotification;
import com.sage200events.sandbox.Sandbox;
import com.sage200events.sandbox.SandboxConfig;
import com.sage200events.testkit.TestKafka;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.LogDirDescription;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;

/**
 * What each producer codec ({@code KAFKA_COMPRESSION}) costs on {@code sage.events}: notifications/s produced
 * with the worker's producer settings ({@code KafkaClients}: acks=all, idempotent, linger 5 ms), notifications/s
 * a consumer reads back, and the bytes the topic takes on the broker (its log segments, from the Admin API).
 * The values are real notifications: 10 sandbox customers each (about 3.7 KB of Sage JSON a record), the shape
 * the worker publishes. {@code none} is the ceiling each ratio is taken against. Usage:
 * {@code bin/bench CompressionBench [notifications=5000] [rounds=2]}.
 */
public final class CompressionBench {

    private static final int PAGE = 50;

    public static void main(String[] args) throws Exception {
        int notifications = args.length > 0 ? Integer.parseInt(args[0]) : 5_000;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 2;
        System.out.println(BenchReport.header("CompressionBench " + notifications + " notifications of 10 records, "
                + rounds + " rounds per codec"));
        List<byte[]> values = notifications(200);
        String servers = TestKafka.bootstrapServers();
        System.out.printf(Locale.ROOT, "%-7s %14s %14s %14s %12s %10s%n", "codec", "produce/s", "consume/s", "broker bytes",
                "bytes/notif", "vs none");
        long noneBytes = 0;
        for (String codec : Compression.CODECS) {
            double produced = 0;
            double consumed = 0;
            long bytes = 0;
            for (int round = 0; round < rounds; round++) {
                String topic = "compression-bench-" + codec + "-" + round + "-" + System.nanoTime();
                TopicProvisioner.ensure(servers, List.of(topic), 4, (short) 1);
                produced = Math.max(produced, produce(servers, topic, codec, values, notifications));
                consumed = Math.max(consumed, consume(servers, topic, notifications));
                bytes = brokerBytes(servers, topic);
            }
            if (codec.equals("none")) {
                noneBytes = bytes;
            }
            System.out.printf(Locale.ROOT, "%-7s %14.0f %14.0f %14d %12d %9.2fx%n", codec, produced, consumed, bytes,
                    bytes / notifications, noneBytes == 0 ? 1.0 : (double) bytes / noneBytes);
        }
        System.exit(0);
    }

    /** {@code count} distinct notification values of 10 customer records each, as the worker publishes them. */
    private static List<byte[]> notifications(int count) {
        List<byte[]> values = new ArrayList<>();
        try (Sandbox sandbox = Sandbox.start(SandboxConfig.defaults().withSeedData(false))) {
            for (int n = 0; n < count; n++) {
                List<Event> events = new ArrayList<>();
                List<JsonNode> records = new ArrayList<>();
                for (int r = 0; r < EventNotification.MAX_EVENTS; r++) {
                    Map<String, Object> customer = sandbox.create("customers", Map.of("name", "Bench customer " + n + "-" + r,
                            "reference", "C" + n + "R" + r));
                    String id = customer.get("id").toString();
                    String stamp = Instant.now().toString().replaceAll("\\.\\d+", "");
                    events.add(new Event(EventIds.eventId(1, "customers", id, Instant.parse(stamp)), Event.CREATED, "customers", id,
                            stamp, stamp, "sage200", "finance"));
                    JsonNode record = Json.mapper().valueToTree(customer);
                    ((com.fasterxml.jackson.databind.node.ObjectNode) record).put("created_at", stamp).put("updated_at", stamp);
                    records.add(record);
                }
                values.add(Json.toBytes(EventNotification.of(1, "customers", events, records)));
            }
        }
        return values;
    }

    /**
     * Publishes as the worker does: a page's notifications (50: a 500-record page) sent together, then all of
     * their acks awaited before the next page, so every figure is a sustained rate and no batch waits out its
     * delivery timeout on a busy broker.
     */
    private static double produce(String servers, String topic, String codec, List<byte[]> values, int count) throws Exception {
        try (KafkaProducer<String, byte[]> producer = KafkaClients.producer(servers, "compression-bench",
                Map.of(ProducerConfig.COMPRESSION_TYPE_CONFIG, codec))) {
            long start = System.nanoTime();
            List<java.util.concurrent.Future<?>> page = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                page.add(producer.send(new ProducerRecord<>(topic, Integer.toString(i % 64), values.get(i % values.size()))));
                if (page.size() == PAGE || i == count - 1) {
                    for (java.util.concurrent.Future<?> sent : page) {
                        sent.get();
                    }
                    page.clear();
                }
            }
            return count / ((System.nanoTime() - start) / 1e9);
        }
    }

    private static double consume(String servers, String topic, int count) {
        try (KafkaConsumer<String, byte[]> consumer = KafkaClients.consumer(servers, "bench-" + System.nanoTime(), "bench",
                Map.of("max.poll.records", 1000))) {
            // Assigned, not subscribed: a group join would add seconds that are no codec's cost.
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream().map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            long start = System.nanoTime();
            int read = 0;
            long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
            while (read < count) {
                read += consumer.poll(Duration.ofMillis(200)).count();
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("read " + read + " of " + count + " records of " + topic + " in 2 minutes");
                }
            }
            return count / ((System.nanoTime() - start) / 1e9);
        }
    }

    /** The size of the topic's partitions in the broker's log directories. */
    private static long brokerBytes(String servers, String topic) throws Exception {
        try (Admin admin = KafkaClients.admin(servers)) {
            List<Integer> brokers = admin.describeCluster().nodes().get().stream().map(org.apache.kafka.common.Node::id).toList();
            Map<Integer, Map<String, LogDirDescription>> dirs = admin.describeLogDirs(brokers).allDescriptions().get();
            long bytes = 0;
            for (Map<String, LogDirDescription> byDir : dirs.values()) {
                for (LogDirDescription dir : byDir.values()) {
                    for (Map.Entry<TopicPartition, org.apache.kafka.clients.admin.ReplicaInfo> e : dir.replicaInfos().entrySet()) {
                        if (e.getKey().topic().equals(topic)) {
                            bytes += e.getValue().size();
                        }
                    }
                }
            }
            return bytes;
        }
    }
}
