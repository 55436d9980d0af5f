package com.sage200events.worker.internal;

import com.sage200events.common.kafka.Acknowledgements;
import com.sage200events.common.kafka.RoutingHeaders;
import com.sage200events.common.model.Event;
import com.sage200events.common.model.EventNotification;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Future;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.RecordMetadata;

/**
 * Publishes notifications to {@code sage.events}, keyed by instance so one instance's events stay in order,
 * and returns only once the broker has acknowledged every one of them ({@code acks=all}).
 */
public final class EventPublisher {

    /**
     * The event producer's settings beyond {@code KafkaClients}' defaults ({@code Worker} and the worker benchmark
     * use them), because compressing and batching notifications was most of the worker's CPU per record (issue 12):
     * <ul>
     *   <li>{@code batch.size} 1 MiB: a notification is tens of KB (up to 10 vendor records), above Kafka's default
     *       16 KB, so each went in a batch of its own: a gzip stream of its own to start and finish, and a batch of its
     *       own for the broker to decompress and validate. Now the notifications sent within {@code linger.ms} share
     *       a batch (the limit is on Kafka's estimate of the compressed size).</li>
     *   <li>{@code compression.gzip.level} 1: half the CPU of gzip's default level 6 for notification JSON, for about
     *       1.6 × the bytes (5 % of the uncompressed JSON instead of 3 %, measured by WorkerBench). Only the level
     *       changes: every gzip decoder reads it, so consumers need nothing new (docs/TOPICS.md). It applies only while
     *       {@code KAFKA_COMPRESSION} is gzip.</li>
     * </ul>
     */
    public static final Map<String, Object> PRODUCER_SETTINGS = Map.of(
            ProducerConfig.BATCH_SIZE_CONFIG, 1 << 20,
            ProducerConfig.COMPRESSION_GZIP_LEVEL_CONFIG, 1);

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
                acks.add(producer.send(RoutingHeaders.of(n.instanceId(), n.objectType(), n.schemaVersion())
                        .with("event-id", n.notificationId())
                        .with("event-ids", String.join(",", n.events().stream().map(Event::eventId).toList()))
                        .with("event-type", n.events().get(0).eventType())
                        .record(topic, Long.toString(n.instanceId()), outgoing.value())));
            }
        } catch (RuntimeException e) {
            // send() itself throws for e.g. a topic missing from metadata after max.block.ms.
            throw new PublishException("cannot publish events: " + e, e);
        }
        return new Acks(new Acknowledgements(acks));
    }

    /** The broker's acknowledgements of one {@link #send}. */
    static final class Acks {
        /** Beyond the producer's own delivery timeout: only a broker that never answers reaches it. */
        private static final Duration WAIT = Duration.ofMinutes(5);

        private final Acknowledgements acknowledgements;

        private Acks(Acknowledgements acknowledgements) {
            this.acknowledgements = acknowledgements;
        }

        /** Returns once every record is acknowledged ({@code acks=all}); else the cursor must not move. */
        void await() throws PublishException {
            try {
                acknowledgements.await(WAIT);
            } catch (Acknowledgements.NotAcknowledged e) {
                throw new PublishException(e.getMessage(), e.getCause());
            }
        }
    }

    /** Events were not acknowledged; the cursor must not move. */
    static final class PublishException extends Exception {
        PublishException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
