package com.sage200events.systemtest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sage200events.common.kafka.KafkaClients;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;

/**
 * Reads every record of {@code sage.poll-tasks} from the beginning, as the schedulers publish them, without joining
 * the workers' consumer group (partitions are assigned, not subscribed) so the test never takes work away from them.
 */
final class PollTaskTail implements AutoCloseable {

    /** One record's value (the fields the duplicate-slot check groups by) and when this tail read it. */
    record Task(long instanceId, String resource, String slot, String reason, Instant observedAt) {
    }

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final KafkaConsumer<String, byte[]> consumer;
    private final List<Task> tasks = new CopyOnWriteArrayList<>();
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final Thread thread;

    private PollTaskTail(KafkaConsumer<String, byte[]> consumer, String topic) {
        this.consumer = consumer;
        this.thread = new Thread(() -> run(topic), "poll-task-tail");
    }

    /** Starts tailing {@code topic}, which must exist already (the schedulers create it at start-up). */
    static PollTaskTail start(String bootstrapServers, String topic) {
        KafkaConsumer<String, byte[]> consumer = KafkaClients.consumer(bootstrapServers, "systemtest-tail", "systemtest-tail", Map.of());
        PollTaskTail tail = new PollTaskTail(consumer, topic);
        tail.thread.start();
        return tail;
    }

    List<Task> tasks() {
        return List.copyOf(tasks);
    }

    /** The consumer belongs to the tail's thread: it is created here, used only there and closed there. */
    private void run(String topic) {
        try {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
                    .map(info -> new TopicPartition(topic, info.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            while (running.get()) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    tasks.add(parse(record.value()));
                }
            }
        } catch (WakeupException stopping) {
            // close() woke the poll up
        } finally {
            consumer.close(Duration.ofSeconds(5));
        }
    }

    private static Task parse(byte[] value) {
        try {
            JsonNode json = MAPPER.readTree(value);
            return new Task(json.path("instanceId").asLong(), json.path("resource").asText(), json.path("slot").asText(),
                    json.path("reason").asText(), Instant.now());
        } catch (IOException e) {
            throw new UncheckedIOException("a poll task that is not JSON", e);
        }
    }

    /** Stops reading; {@link #tasks()} keeps what was read. Idempotent. */
    @Override
    public void close() {
        if (!running.getAndSet(false)) {
            return;
        }
        consumer.wakeup();
        try {
            thread.join(Duration.ofSeconds(10).toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
