package com.sage200events.worker.internal;

import com.sage200events.common.json.Json;
import com.sage200events.common.kafka.KafkaClients;
import com.sage200events.common.model.EventNotification;
import com.sage200events.testkit.TestKafka;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;

/**
 * Reads the notifications on an events topic up to its end offsets taken first: deterministic, so a test neither
 * stops early while a slow consumer joins nor waits for a quiet period.
 */
final class TopicReader {

    private static final Duration PATIENCE = Duration.ofSeconds(60);

    private TopicReader() {
    }

    /** Where each partition of {@code topic} ends now. */
    static Map<TopicPartition, Long> endOffsets(String topic) {
        try (KafkaConsumer<String, byte[]> consumer = consumer(topic)) {
            return consumer.endOffsets(partitions(consumer, topic));
        }
    }

    /** Every notification after {@code start} (a partition not in it: from its beginning), in order per partition. */
    static List<EventNotification> since(String topic, Map<TopicPartition, Long> start) {
        List<EventNotification> out = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = consumer(topic)) {
            List<TopicPartition> partitions = partitions(consumer, topic);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            start.forEach(consumer::seek);
            long deadline = System.nanoTime() + PATIENCE.toNanos();
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("could not read " + topic + " to its end offsets " + end + " within " + PATIENCE);
                }
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    out.add(Json.fromBytes(record.value(), EventNotification.class));
                }
            }
        }
        return out;
    }

    private static List<TopicPartition> partitions(KafkaConsumer<String, byte[]> consumer, String topic) {
        return consumer.partitionsFor(topic).stream().map(p -> new TopicPartition(p.topic(), p.partition())).toList();
    }

    private static KafkaConsumer<String, byte[]> consumer(String topic) {
        return KafkaClients.consumer(TestKafka.bootstrapServers(), topic + "-reader-" + System.nanoTime(), "reader",
                Map.of("max.poll.records", 2000));
    }
}
