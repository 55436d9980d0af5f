package com.sage200events.worker.internal;

import com.sage200events.common.json.Json;
import com.sage200events.common.lifecycle.Loop;
import com.sage200events.common.lifecycle.StopSignal;
import com.sage200events.common.logging.LogContext;
import com.sage200events.common.model.PollTask;
import com.sage200events.common.redis.RedisStores;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.List;
import org.apache.kafka.clients.consumer.CommitFailedException;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One consumer thread: poll tasks in, polls run, offsets committed after each batch. The thread that
 * owns the consumer is the only one that touches it; {@link #wake()} only wakes it up. Runs as a
 * {@link com.sage200events.common.lifecycle.ManagedLoop}: an unexpected throwable ends it, and the worker's
 * {@code /health} then names it.
 * A task is done when its poll finished or failed visibly (the failure is in the resource status and the
 * next slot retries), so its offset is committed either way; a malformed task is parked and skipped.
 */
public final class PollTaskLoop implements Loop {

    private static final Logger log = LoggerFactory.getLogger(PollTaskLoop.class);

    private final Consumer<String, byte[]> consumer;
    private final List<String> topics;
    private final ResourcePollRunner runner;
    private final Producer<String, byte[]> parking;
    private final String parkingTopic;
    private final Counter malformed;
    private final Counter redisUnreachable;

    public PollTaskLoop(Consumer<String, byte[]> consumer, String topic, ResourcePollRunner runner,
                        Producer<String, byte[]> parking, String parkingTopic, MeterRegistry registry) {
        this.consumer = consumer;
        this.topics = List.of(topic);
        this.runner = runner;
        this.parking = parking;
        this.parkingTopic = parkingTopic;
        this.malformed = registry.counter("sage_poll_tasks_malformed_total");
        this.redisUnreachable = registry.counter("sage_poll_failures_total", "kind", "REDIS");
    }

    @Override
    public void run(StopSignal stop) {
        try {
            consumer.subscribe(topics);
            while (!stop.requested()) {
                ConsumerRecords<String, byte[]> records = consumer.poll(Duration.ofMillis(500));
                for (ConsumerRecord<String, byte[]> record : records) {
                    handle(record);
                }
                if (!records.isEmpty()) {
                    commit();
                }
            }
        } catch (WakeupException e) {
            if (!stop.requested()) {
                throw e;
            }
        } finally {
            // A dying loop must not commit: the batch's tasks after the one that killed it were never run.
            if (stop.requested()) {
                try {
                    consumer.commitSync();
                } catch (RuntimeException e) {
                    log.debug("final commit skipped: {}", e.toString());
                }
            }
            consumer.close();
        }
    }

    /** A commit the broker's absence or a rebalance refused is retried with the next batch's: not a reason to end. */
    private void commit() {
        try {
            consumer.commitSync();
        } catch (RetriableException | CommitFailedException e) {
            log.warn("commit failed, trying again with the next batch: {}", e.toString());
        }
    }

    private void handle(ConsumerRecord<String, byte[]> record) {
        PollTask task;
        try {
            task = Json.fromBytes(record.value(), PollTask.class);
        } catch (IllegalArgumentException e) {
            park(record, e.getMessage());
            return;
        }
        try (LogContext ignored = LogContext.poll(task.instanceId(), task.resource())) {
            runner.run(task);
        } catch (RuntimeException e) {
            if (!RedisStores.isUnreachable(e)) {
                throw e;
            }
            // Redis is down: the poll cannot even record its failure, but nothing was committed either (the cursor
            // lives in Redis), so the task is done like any failed poll and the next slot retries. Letting it
            // escape would end this loop for good (issue 16, RedisOutageIT).
            redisUnreachable.increment();
            log.warn("poll of {} failed: Redis unreachable ({}); the cursor stays and the next slot retries", task.key(), e.getMessage());
        }
    }

    private void park(ConsumerRecord<String, byte[]> record, String reason) {
        malformed.increment();
        log.warn("malformed poll task at {}-{}@{} (key {}) parked: {}", record.topic(), record.partition(), record.offset(),
                record.key(), reason);
        parking.send(new ProducerRecord<>(parkingTopic, record.key(), record.value()));
    }

    /** Cuts short the consumer's poll so the loop sees its stop, finishes its batch, commits and closes. */
    @Override
    public void wake() {
        consumer.wakeup();
    }
}
