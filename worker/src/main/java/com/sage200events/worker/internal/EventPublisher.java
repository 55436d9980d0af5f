package com.sage200events.worker.internal;

import com.sage200events.common.kafka.Acknowledgements;
import com.sage200events.common.kafka.RoutingHeaders;
import com.sage200events.common.model.Event;
import com.sage200events.common.model.EventNotification;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Future;
import org.apache.kafka.clients.producer.Producer;
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
