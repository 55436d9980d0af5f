package com.sage200events.worker.internal;

import com.sage200events.common.model.Event;
import com.sage200events.common.model.EventNotification;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;

/**
 * Publishes notifications to {@code sage.events}, keyed by instance so one instance's events stay in order,
 * and returns only once the broker has acknowledged every one of them ({@code acks=all}).
 */
public final class EventPublisher {

    private final Producer<String, byte[]> producer;
    private final String topic;

    public EventPublisher(Producer<String, byte[]> producer, String topic) {
        this.producer = producer;
        this.topic = topic;
    }

    /**
     * Sends every notification without waiting: the caller does other work (the next page) while the broker
     * acknowledges, then {@link Acks#await()}s before it commits. The producer keeps their order per partition.
     */
    Acks send(List<NotificationBatcher.Outgoing> notifications) throws PublishException {
        List<Future<RecordMetadata>> acks = new ArrayList<>(notifications.size());
        try {
            for (NotificationBatcher.Outgoing outgoing : notifications) {
                EventNotification n = outgoing.notification();
                ProducerRecord<String, byte[]> record = new ProducerRecord<>(topic, Long.toString(n.instanceId()), outgoing.value());
                // Routing headers (docs/TOPICS.md): enough to filter without parsing the value.
                record.headers()
                        .add("event-id", bytes(n.notificationId()))
                        .add("event-ids", bytes(String.join(",", n.events().stream().map(Event::eventId).toList())))
                        .add("instance-id", bytes(Long.toString(n.instanceId())))
                        .add("object-type", bytes(n.objectType()))
                        .add("event-type", bytes(n.events().get(0).eventType()))
                        .add("schema-version", bytes(Integer.toString(n.schemaVersion())))
                        .add("content-type", bytes("application/json"));
                acks.add(producer.send(record));
            }
        } catch (RuntimeException e) {
            // send() itself throws for e.g. a topic missing from metadata after max.block.ms.
            throw new PublishException("cannot publish events: " + e, e);
        }
        return new Acks(acks);
    }

    /** The broker's acknowledgements of one {@link #send}. */
    static final class Acks {
        private final List<Future<RecordMetadata>> futures;

        private Acks(List<Future<RecordMetadata>> futures) {
            this.futures = futures;
        }

        /** Returns once every record is acknowledged ({@code acks=all}); else the cursor must not move. */
        void await() throws PublishException {
            try {
                for (Future<RecordMetadata> ack : futures) {
                    ack.get();
                }
            } catch (ExecutionException e) {
                throw new PublishException("Kafka did not acknowledge the events: " + e.getCause(), e.getCause());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new PublishException("interrupted while publishing events", e);
            }
        }
    }

    private static byte[] bytes(String value) {
        return value.getBytes(StandardCharsets.UTF_8);
    }

    /** Events were not acknowledged; the cursor must not move. */
    static final class PublishException extends Exception {
        PublishException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
