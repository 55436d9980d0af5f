package com.sage200events.dispatcher.internal;

import com.sage200events.common.delivery.DeliveryStatus;
import com.sage200events.common.json.Json;
import com.sage200events.common.kafka.Acknowledgements;
import com.sage200events.common.lifecycle.Loop;
import com.sage200events.common.lifecycle.StopSignal;
import com.sage200events.common.model.Event;
import com.sage200events.common.redis.DeliveryLog;
import com.sage200events.common.redis.DeliveryMarks;
import com.sage200events.common.redis.InstanceRepository;
import com.sage200events.common.redis.RedisBatch;
import com.sage200events.common.redis.RedisStores;
import com.sage200events.common.redis.RetryQueue;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes outcomes durable in batches, on its own thread: one Redis pipeline (delivery log, delivered-event
 * marks, retry queue) and the DLQ sends of a whole batch, then completes the jobs so their offsets can be
 * committed. Admissions come this way too ({@link Outcome.Kind#RECEIVED}, the log's {@code NEW} entry), always
 * queued before the same job's outcome, so the admitting thread never waits on Redis for them; a receipt waits up to
 * {@link #RECEIPT_HOLD} for its job's outcome so that both make one write. Batching is what lets thousands of
 * deliveries a second cost a handful of Redis round trips.
 * A batch that cannot be written is kept and tried again (Redis or Kafka down): its jobs stay unfinished,
 * so their offsets are not committed and nothing is lost if we die meanwhile.
 */
final class OutcomeWriter implements Loop {

    private static final Logger log = LoggerFactory.getLogger(OutcomeWriter.class);
    private static final int BATCH = 1_000;
    /** How long a batch waits for more outcomes after its first: the offsets it completes are committed that much later. */
    static final Duration LINGER = Duration.ofMillis(5);
    /** The longest a receipt waits for its job's outcome before it is written alone ({@link #holdBack}). */
    static final Duration RECEIPT_HOLD = Duration.ofMillis(50);

    private final RedisStores redis;
    private final DeliveryMarks marks;
    private final DeliveryLog deliveryLog;
    private final RetryQueue retryQueue;
    private final InstanceRepository instances;
    private final InstanceCache cache;
    private final DlqPublisher dlq;
    private final Duration dedupeTtl;
    private final LinkedBlockingQueue<Outcome> queue = new LinkedBlockingQueue<>();
    private final AtomicLong failingSinceNanos = new AtomicLong();

    OutcomeWriter(RedisStores redis, InstanceCache cache, DlqPublisher dlq, Duration dedupeTtl) {
        this.redis = redis;
        this.marks = redis.deliveryMarks();
        this.deliveryLog = redis.deliveryLog();
        this.retryQueue = redis.retryQueue();
        this.instances = redis.instances();
        this.cache = cache;
        this.dlq = dlq;
        this.dedupeTtl = dedupeTtl;
    }

    void submit(Outcome outcome) {
        queue.add(outcome);
    }

    /** Writes outcomes as they come; once asked to stop, writes what is queued, then ends. */
    @Override
    public void run(StopSignal stop) {
        List<Outcome> batch = new ArrayList<>();
        // Receipts waiting for their job's outcome, in arrival order, with when they were first held (nanos).
        Map<Outcome, Long> held = new LinkedHashMap<>();
        try {
            while (!stop.requested() || !queue.isEmpty() || !batch.isEmpty() || !held.isEmpty()) {
                if (batch.isEmpty()) {
                    List<Outcome> arrived = new ArrayList<>();
                    Outcome first = queue.poll(held.isEmpty() ? 100 : LINGER.toMillis(), TimeUnit.MILLISECONDS);
                    if (first != null) {
                        arrived.add(first);
                        gather(arrived, stop);
                    }
                    batch.addAll(held.keySet());
                    batch.addAll(arrived);
                    holdBack(batch, held, stop.requested());
                    if (batch.isEmpty()) {
                        continue;
                    }
                }
                try {
                    write(batch);
                    batch.stream().filter(Outcome::isFinal).forEach(o -> o.job().done.complete(null));
                    batch.clear();
                    failingSinceNanos.set(0);
                } catch (RuntimeException e) {
                    failingSinceNanos.compareAndSet(0, System.nanoTime());
                    log.warn("cannot record {} delivery outcome(s), trying again: {}", batch.size(), e.toString());
                    if (stop.await(Duration.ofSeconds(1))) {
                        // Stopping with Redis or Kafka down: leave the jobs unfinished (uncommitted) and go.
                        return;
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Adds what arrives within {@link #LINGER} of the batch's first outcome, up to {@link #BATCH}. A fast endpoint
     * answers within a couple of milliseconds, so a notification's admission and its delivery then share a batch
     * and its log entry is written once instead of twice; written at once, most admissions went alone (issue 12).
     */
    private void gather(List<Outcome> batch, StopSignal stop) throws InterruptedException {
        long until = System.nanoTime() + LINGER.toNanos();
        while (batch.size() < BATCH && !stop.requested()) {
            queue.drainTo(batch, BATCH - batch.size());
            long left = until - System.nanoTime();
            if (left <= 0 || batch.size() >= BATCH) {
                return;
            }
            Outcome next = queue.poll(left, TimeUnit.NANOSECONDS);
            if (next == null) {
                return;
            }
            batch.add(next);
        }
    }

    /**
     * Moves out of {@code batch} into {@code held} the receipts whose job has no outcome in it yet, for at most
     * {@link #RECEIPT_HOLD}: with a backlog, a job's admission and its delivery land in different batches, and writing
     * them together saves the log entry's second write. What leaves {@code held} goes back into the next batch, ahead
     * of the outcomes, so a receipt is still written before or with its job's outcome. Stopping holds nothing back.
     */
    static void holdBack(List<Outcome> batch, Map<Outcome, Long> held, boolean stopping) {
        long now = System.nanoTime();
        Set<DeliveryJob> concluded = Collections.newSetFromMap(new IdentityHashMap<>());
        for (Outcome o : batch) {
            if (o.isFinal()) {
                concluded.add(o.job());
            }
        }
        List<Outcome> kept = new ArrayList<>(batch.size());
        for (Outcome o : batch) {
            boolean waiting = o.kind() == Outcome.Kind.RECEIVED && !concluded.contains(o.job()) && !stopping
                    && now - held.getOrDefault(o, now) < RECEIPT_HOLD.toNanos();
            if (waiting) {
                held.putIfAbsent(o, now);
            } else {
                held.remove(o);
                kept.add(o);
            }
        }
        batch.clear();
        batch.addAll(kept);
    }

    private void write(List<Outcome> batch) {
        List<Future<RecordMetadata>> parkedAcks = new ArrayList<>();
        for (Outcome o : batch) {
            if (o.kind() == Outcome.Kind.PARKED) {
                DeliveryJob job = o.job();
                parkedAcks.add(dlq.park(job.notification, Json.toBytes(job.notification), attempts(o), o.reason()));
            }
        }
        try {
            new Acknowledgements(parkedAcks).await(Duration.ofSeconds(30));
        } catch (Acknowledgements.NotAcknowledged e) {
            throw new IllegalStateException("the DLQ did not acknowledge a parked notification: " + e.getMessage(), e);
        }
        try (RedisBatch p = redis.batch()) {
            Map<DeliveryJob, DeliveryLog.Receipt> receipts = receipts(batch);
            // In the batch's order, so a notification admitted twice in it keeps its first arrival.
            deliveryLog.received(p, batch.stream().filter(o -> o.kind() == Outcome.Kind.RECEIVED).map(o -> receipts.get(o.job())).toList());
            for (Outcome o : batch) {
                write(p, o, receipts.get(o.job()));
            }
            p.send();
        }
        for (Outcome o : batch) {
            if (o.disableEvents()) {
                disableEvents(o.job().notification.instanceId());
            }
        }
    }

    /**
     * The batch's admissions by job. With a fast endpoint a job's admission and its delivery usually share a batch;
     * those are marked so the delivery writes the log entry once instead of {@code NEW} and then {@code DELIVERED}.
     */
    private static Map<DeliveryJob, DeliveryLog.Receipt> receipts(List<Outcome> batch) {
        Set<DeliveryJob> delivered = Collections.newSetFromMap(new IdentityHashMap<>());
        for (Outcome o : batch) {
            if (o.kind() == Outcome.Kind.DELIVERED) {
                delivered.add(o.job());
            }
        }
        Map<String, Integer> receiptsPerId = new HashMap<>();
        for (Outcome o : batch) {
            if (o.kind() == Outcome.Kind.RECEIVED) {
                receiptsPerId.merge(o.job().id(), 1, Integer::sum);
            }
        }
        Map<DeliveryJob, DeliveryLog.Receipt> receipts = new IdentityHashMap<>();
        for (Outcome o : batch) {
            if (o.kind() == Outcome.Kind.RECEIVED) {
                DeliveryJob job = o.job();
                // Folded only when it is the batch's one receipt of that notification: another's NEW entry, written
                // before the outcomes, would otherwise set the first-seen time before this one could.
                boolean fold = delivered.contains(job) && receiptsPerId.get(job.id()) == 1;
                receipts.put(job, new DeliveryLog.Receipt(job.notification, job.json(), job.admittedAt, fold));
            }
        }
        return receipts;
    }

    private void write(RedisBatch p, Outcome o, DeliveryLog.Receipt receipt) {
        DeliveryJob job = o.job();
        String id = job.id();
        switch (o.kind()) {
            case RECEIVED -> { } // written with the whole batch's receipts
            case DELIVERED, REPLAYED -> {
                deliveryLog.delivered(p, id, o.attempt(), receipt != null && receipt.deliveredInBatch() ? receipt : null);
                if (job.replay) {
                    deliveryLog.replayEnded(p, id, true, o.attempt().at());
                }
                marks.markDelivered(p, job.notification.events().stream().map(Event::eventId).toList(), id, dedupeTtl);
                if (job.fromRetryQueue) {
                    retryQueue.remove(p, id);
                }
            }
            case REPLAY_FAILED -> {
                // The notification keeps the status its own delivery earned; the replay's attempt is logged beside it.
                deliveryLog.attempted(p, id, o.attempt(), null, null);
                deliveryLog.replayEnded(p, id, false, o.attempt().at());
                retryQueue.remove(p, id);
            }
            case RETRY, DEFERRED -> {
                if (job.replay) {
                    // Only a replay deferred by a saturated endpoint comes here: it waits, the status stays as it was.
                    retryQueue.reschedule(p, id, job.attemptsMade, o.nextAttempt());
                    return;
                }
                if (o.attempt() != null) {
                    deliveryLog.attempted(p, id, o.attempt(), DeliveryStatus.RETRY, o.nextAttempt());
                } else {
                    deliveryLog.statusChanged(p, id, DeliveryStatus.RETRY, o.nextAttempt());
                }
                int attempts = attempts(o);
                if (job.fromRetryQueue) {
                    retryQueue.reschedule(p, id, attempts, o.nextAttempt());
                } else {
                    retryQueue.schedule(p, id, job.json(), attempts, o.nextAttempt());
                }
            }
            case PARKED -> {
                if (o.attempt() != null) {
                    deliveryLog.attempted(p, id, o.attempt(), DeliveryStatus.QUEUED, null);
                } else {
                    deliveryLog.statusChanged(p, id, DeliveryStatus.QUEUED, null);
                }
                deliveryLog.parked(p, id, job.json(), o.reason());
                if (job.fromRetryQueue) {
                    retryQueue.remove(p, id);
                }
            }
            case DROPPED -> {
                if (job.fromRetryQueue) {
                    retryQueue.remove(p, id);
                    if (o.reason() == null) {
                        // A duplicate: all its events were delivered meanwhile (by this notification or another). The
                        // log says so, rather than RETRY with nothing left to retry it.
                        deliveryLog.statusChanged(p, id, DeliveryStatus.DELIVERED, null);
                    }
                }
            }
        }
    }

    private static int attempts(Outcome o) {
        return o.job().attemptsMade + (o.attempt() == null ? 0 : 1);
    }

    /** A 410 from the endpoint: the user's integration is gone, so stop sending until they switch events on again. */
    private void disableEvents(long instanceId) {
        try {
            instances.setEventsEnabled(instanceId, false);
            cache.invalidate(instanceId);
            log.warn("instance {}: callback answered 410 Gone; its events are disabled", instanceId);
        } catch (RuntimeException e) {
            log.error("instance {}: cannot disable events after 410 Gone", instanceId, e);
        }
    }

    /** False once writes have failed for longer than {@code patience}. */
    boolean healthy(Duration patience) {
        long since = failingSinceNanos.get();
        return since == 0 || System.nanoTime() - since < patience.toNanos();
    }

    int backlog() {
        return queue.size();
    }
}
