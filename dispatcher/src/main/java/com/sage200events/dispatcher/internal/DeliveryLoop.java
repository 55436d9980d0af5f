package com.sage200events.dispatcher.internal;

import com.sage200events.common.json.Json;
import com.sage200events.common.lifecycle.Loop;
import com.sage200events.common.lifecycle.StopSignal;
import com.sage200events.common.model.EventNotification;
import com.sage200events.dispatcher.DeliveryObserver;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.CommitFailedException;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One consumer thread: polls {@code sage.events}, parses each record and hands the batch to its admission
 * thread, which takes it through the {@link DeliveryEngine} (Redis look-ups, body, signatures, routing) while
 * this thread polls the next one; deliveries run concurrently. An offset is committed only when every record below it has a
 * durable outcome (delivered, parked, dropped or in the retry queue), so a crash re-reads, never skips.
 * With {@code maxPending} records unfinished, or the process's {@link HeldBytes} budget full, the partitions are
 * paused, not the thread: it keeps polling
 * (heartbeats, rebalances) and committing. Runs as a {@link com.sage200events.common.lifecycle.ManagedLoop}: a stop
 * gives it a budget, three quarters of which it may spend draining; an unexpected throwable ends it and turns the
 * dispatcher's {@code /health} red with its name.
 */
public final class DeliveryLoop implements Loop {

    private static final Logger log = LoggerFactory.getLogger(DeliveryLoop.class);
    private static final long COMMIT_INTERVAL_MS = 100;
    private static final Duration DYING_DRAIN = Duration.ofSeconds(20);
    private static final AtomicInteger ADMISSION_THREADS = new AtomicInteger();

    private final Consumer<String, byte[]> consumer;
    private final String topic;
    private final DeliveryEngine engine;
    private final DlqPublisher dlq;
    private final MeterRegistry registry;
    private final int maxPending;
    private final HeldBytes heldBytes;
    private final Map<TopicPartition, PartitionOffsets> partitions = new ConcurrentHashMap<>();
    private final AtomicInteger pending = new AtomicInteger();
    private final DeliveryObserver observer;
    // One thread, so batches are admitted in the order they were read.
    private final ExecutorService admission;
    private volatile StopSignal stop;
    private boolean paused;
    private long lastCommitMs;

    DeliveryLoop(Consumer<String, byte[]> consumer, String topic, DeliveryEngine engine, DlqPublisher dlq,
                 MeterRegistry registry, int maxPending, HeldBytes heldBytes, DeliveryObserver observer) {
        this.consumer = consumer;
        this.topic = topic;
        this.engine = engine;
        this.dlq = dlq;
        this.registry = registry;
        this.maxPending = maxPending;
        this.heldBytes = heldBytes;
        this.observer = observer;
        this.admission = Executors.newSingleThreadExecutor(r -> new Thread(r, "delivery-admission-" + ADMISSION_THREADS.getAndIncrement()));
    }

    @Override
    public void run(StopSignal stop) {
        this.stop = stop;
        try {
            consumer.subscribe(List.of(topic), new Rebalance());
            while (!stop.requested()) {
                ConsumerRecords<String, byte[]> records = consumer.poll(Duration.ofMillis(pending.get() > 0 ? 50 : 500));
                if (!records.isEmpty()) {
                    handle(records);
                }
                applyBackpressure();
                try {
                    maybeCommit(false);
                } catch (RetriableException | CommitFailedException e) {
                    // The broker is away or the group is rebalancing: nothing was committed, and the next commit covers
                    // these offsets too. Not a reason for the loop to end (BrokerOutageIT).
                    log.warn("commit failed, trying again with the next one: {}", e.toString());
                }
            }
        } catch (WakeupException e) {
            if (!stop.requested()) {
                throw e;
            }
        } finally {
            drain();
            admission.shutdownNow();
            try {
                finalCommit();
            } catch (RuntimeException e) {
                log.warn("final commit failed; unfinished records will be delivered again: {}", e.toString());
            }
            consumer.close(Duration.ofSeconds(5));
        }
    }

    private void handle(ConsumerRecords<String, byte[]> records) {
        List<DeliveryJob> jobs = new ArrayList<>(records.count());
        Set<TopicPartition> overBudget = new HashSet<>();
        for (ConsumerRecord<String, byte[]> record : records) {
            TopicPartition tp = new TopicPartition(record.topic(), record.partition());
            if (overBudget.contains(tp)) {
                continue;
            }
            if (heldBytes.full()) {
                // Over the budget: this record and the rest of its partition's batch are read again after the pause,
                // so what the process holds overshoots the budget by one record at most, not by a whole poll.
                consumer.seek(tp, record.offset());
                overBudget.add(tp);
                continue;
            }
            PartitionOffsets offsets = partitions.computeIfAbsent(tp, k -> new PartitionOffsets());
            EventNotification notification;
            try {
                notification = Json.fromBytesKeepingObjects(record.value(), EventNotification.class);
            } catch (IllegalArgumentException e) {
                parkPoison(record, e);
                offsets.started(record.offset());
                offsets.finished(record.offset());
                continue;
            }
            observer.received(notification);
            DeliveryJob job = new DeliveryJob(notification, 0, false);
            job.notificationJson = new String(record.value(), StandardCharsets.UTF_8);
            offsets.started(record.offset());
            pending.incrementAndGet();
            long offset = record.offset();
            job.done.whenComplete((ok, error) -> {
                offsets.finished(offset);
                if (pending.decrementAndGet() == 0) {
                    synchronized (pending) {
                        pending.notifyAll();
                    }
                }
            });
            heldBytes.holdUntil(record.serializedValueSize(), job.done);
            jobs.add(job);
        }
        if (!jobs.isEmpty()) {
            admission.execute(() -> admitUntilDone(jobs));
        }
    }

    /** Redis down at admission is retried here: the records are read and must not be skipped. */
    private void admitUntilDone(List<DeliveryJob> jobs) {
        long backoffMs = 200;
        while (true) {
            try {
                engine.admit(jobs);
                return;
            } catch (RuntimeException e) {
                log.warn("cannot admit {} notification(s), trying again: {}", jobs.size(), e.toString());
                try {
                    if (stop.await(Duration.ofMillis(backoffMs))) {
                        return; // Unfinished and uncommitted: the next owner delivers them.
                    }
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    return;
                }
                backoffMs = Math.min(5_000, backoffMs * 2);
            }
        }
    }

    private void parkPoison(ConsumerRecord<String, byte[]> record, Exception cause) {
        String where = record.topic() + "-" + record.partition() + "@" + record.offset();
        log.error("poison record {} (key {}) parked: {}", where, record.key(), cause.getMessage());
        registry.counter("dispatcher_poison_records_total").increment();
        try {
            dlq.parkRaw(record.key(), record.value(), record.headers(), "malformed record: " + cause.getMessage()).get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            // Not parked means not done: stop here rather than commit past a record we could not keep.
            throw new IllegalStateException("cannot park poison record " + where, e);
        }
    }

    private void applyBackpressure() {
        int unfinished = pending.get();
        if (!paused && (unfinished >= maxPending || heldBytes.full())) {
            consumer.pause(consumer.assignment());
            paused = true;
        } else if (paused && unfinished < maxPending / 2 && heldBytes.belowHalf()) {
            consumer.resume(consumer.paused());
            paused = false;
        }
    }

    private void maybeCommit(boolean force) {
        long now = System.currentTimeMillis();
        if (!force && now - lastCommitMs < COMMIT_INTERVAL_MS) {
            return;
        }
        lastCommitMs = now;
        commit(partitions.keySet());
    }

    private void commit(Collection<TopicPartition> which) {
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        Map<TopicPartition, Long> values = new HashMap<>();
        for (TopicPartition tp : which) {
            PartitionOffsets p = partitions.get(tp);
            OptionalLong safe = p == null ? OptionalLong.empty() : p.committable();
            if (safe.isPresent()) {
                offsets.put(tp, new OffsetAndMetadata(safe.getAsLong()));
                values.put(tp, safe.getAsLong());
            }
        }
        if (!offsets.isEmpty()) {
            consumer.commitSync(offsets);
            values.forEach((tp, offset) -> {
                PartitionOffsets p = partitions.get(tp);
                if (p != null) {
                    p.committed(offset);
                }
            });
        }
    }

    private void finalCommit() {
        try {
            maybeCommit(true);
        } catch (WakeupException e) {
            // The wakeup from stop() landed here instead of in poll(); the retry runs without it.
            maybeCommit(true);
        }
    }

    /** Waits (bounded) for records already handed out, so stopping commits as far as it can. */
    private void drain() {
        // Asked to stop: three quarters of the stop's budget. Dying: as long as a stop would usually give.
        Duration budget = stop.requested() ? stop.remaining().multipliedBy(3).dividedBy(4) : DYING_DRAIN;
        long deadline = System.nanoTime() + budget.toNanos();
        synchronized (pending) {
            long left;
            while (pending.get() > 0 && (left = deadline - System.nanoTime()) > 0) {
                try {
                    pending.wait(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
        if (pending.get() > 0) {
            log.warn("stopping with {} delivery(ies) unfinished; they will be delivered again after restart", pending.get());
        }
    }

    /** Cuts short the consumer's poll; the loop then drains (within its stop budget), commits and closes. */
    @Override
    public void wake() {
        consumer.wakeup();
    }

    /** Commits what is safe for partitions taken away, and forgets them; their unfinished records go to the new owner. */
    private final class Rebalance implements ConsumerRebalanceListener {
        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> revoked) {
            try {
                commit(revoked);
            } catch (RuntimeException e) {
                log.warn("commit on revocation failed: {}", e.toString());
            }
            revoked.forEach(partitions::remove);
        }

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> assigned) {
            log.info("delivering from {}", assigned);
            if (paused) {
                consumer.pause(assigned);
            }
        }
    }
}
