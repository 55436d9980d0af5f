package com.sage200events.scheduler.internal;

import com.sage200events.common.json.Json;
import com.sage200events.common.model.PollTask;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;

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
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(topic, task.key(), Json.toBytes(task));
        record.headers()
                .add("instance-id", Long.toString(task.instanceId()).getBytes(StandardCharsets.UTF_8))
                .add("object-type", task.resource().getBytes(StandardCharsets.UTF_8))
                .add("schema-version", Integer.toString(task.schemaVersion()).getBytes(StandardCharsets.UTF_8))
                .add("content-type", "application/json".getBytes(StandardCharsets.UTF_8));
        try {
            producer.send(record).get(30, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot publish poll task " + task.key() + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while publishing poll task " + task.key(), e);
        }
    }
}
