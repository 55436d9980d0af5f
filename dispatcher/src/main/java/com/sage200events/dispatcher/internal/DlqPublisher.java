package com.sage200events.dispatcher.internal;

import com.sage200events.common.kafka.RoutingHeaders;
import com.sage200events.common.model.EventNotification;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Future;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.header.Headers;

/** Parks notifications in {@code sage.events.dlq}: the same value and headers as on {@code sage.events}, plus why. */
final class DlqPublisher {

    private final Producer<String, byte[]> producer;
    private final String topic;

    DlqPublisher(Producer<String, byte[]> producer, String topic) {
        this.producer = producer;
        this.topic = topic;
    }

    Future<RecordMetadata> park(EventNotification n, byte[] value, int attempts, String reason) {
        return producer.send(RoutingHeaders.of(n.instanceId(), n.objectType(), n.schemaVersion())
                .with("notification-id", n.notificationId())
                .with("attempts", Integer.toString(attempts))
                .with("parked-reason", reason)
                .record(topic, Long.toString(n.instanceId()), value));
    }

    /** A record we cannot even parse: parked as it came, so nothing is lost and the partition moves on. */
    Future<RecordMetadata> parkRaw(String key, byte[] value, Headers original, String reason) {
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(topic, key, value);
        original.forEach(h -> record.headers().add(h));
        record.headers().add("parked-reason", bytes(reason));
        return producer.send(record);
    }

    private static byte[] bytes(String value) {
        return value.getBytes(StandardCharsets.UTF_8);
    }
}
