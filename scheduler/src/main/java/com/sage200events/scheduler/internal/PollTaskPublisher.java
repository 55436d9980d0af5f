package com.sage200events.scheduler.internal;

import com.sage200events.common.json.Json;
import com.sage200events.common.kafka.Acknowledgements;
import com.sage200events.common.kafka.RoutingHeaders;
import com.sage200events.common.model.PollTask;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Future;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.RecordMetadata;

/** Publishes poll tasks keyed by instance/resource, so one resource is always polled from one partition. */
public final class PollTaskPublisher {

    private static final Duration ACK_WAIT = Duration.ofSeconds(30);

    private final Producer<String, byte[]> producer;
    private final String topic;

    public PollTaskPublisher(Producer<String, byte[]> producer, String topic) {
        this.producer = producer;
        this.topic = topic;
    }

    /** Returns once the broker acknowledged the task; a failure is an {@link IllegalStateException}. */
    public void publish(PollTask task) {
        if (!publishAll(List.of(task)).isEmpty()) {
            throw new IllegalStateException("cannot publish poll task " + task.key());
        }
    }

    /**
     * Sends every task before waiting for any acknowledgement, so a slot of seven resources costs one broker
     * round trip, not seven; returns the tasks that were not acknowledged.
     */
    public List<PollTask> publishAll(List<PollTask> tasks) {
        List<Future<RecordMetadata>> acks = new ArrayList<>(tasks.size());
        for (PollTask task : tasks) {
            acks.add(producer.send(RoutingHeaders.of(task.instanceId(), task.resource(), task.schemaVersion())
                    .record(topic, task.key(), Json.toBytes(task))));
        }
        return new Acknowledgements(acks).unacknowledged(ACK_WAIT).stream().map(tasks::get).toList();
    }
}
