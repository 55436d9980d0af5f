package com.sage200events.scheduler.internal;

import com.sage200events.common.json.Json;
import com.sage200events.common.model.PollTask;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;

/** Publishes poll tasks keyed by instance/resource, so one resource is always polled from one partition. */
public final class PollTaskPublisher {

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
            acks.add(producer.send(record(task)));
        }
        List<PollTask> failed = new ArrayList<>();
        for (int i = 0; i < tasks.size(); i++) {
            try {
                acks.get(i).get(30, TimeUnit.SECONDS);
            } catch (ExecutionException | TimeoutException e) {
                failed.add(tasks.get(i));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                failed.addAll(tasks.subList(i, tasks.size()));
                break;
            }
        }
        return failed;
    }

    private ProducerRecord<String, byte[]> record(PollTask task) {
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(topic, task.key(), Json.toBytes(task));
        record.headers()
                .add("instance-id", Long.toString(task.instanceId()).getBytes(StandardCharsets.UTF_8))
                .add("object-type", task.resource().getBytes(StandardCharsets.UTF_8))
                .add("schema-version", Integer.toString(task.schemaVersion()).getBytes(StandardCharsets.UTF_8))
                .add("content-type", "application/json".getBytes(StandardCharsets.UTF_8));
        return record;
    }
}
