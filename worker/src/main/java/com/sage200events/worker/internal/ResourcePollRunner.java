package com.sage200events.worker.internal;

import com.sage200events.worker.PollObserver;
import com.fasterxml.jackson.databind.JsonNode;
import com.sage200events.common.model.Event;
import com.sage200events.common.model.EventIds;
import com.sage200events.common.model.EventNotification;
import com.sage200events.common.model.InstanceSettings;
import com.sage200events.common.model.InstanceStatus;
import com.sage200events.common.model.PollTask;
import com.sage200events.common.model.ResourcePoller;
import com.sage200events.common.model.StoredInstance;
import com.sage200events.common.redis.InstanceRepository;
import com.sage200events.common.redis.RedisKeys;
import com.sage200events.worker.WorkerConfig;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.JedisPooled;

/**
 * Runs one poll task: takes the lease, reads every page of changes since the window start, publishes each
 * page's events and then (only then) commits the cursor. A failure at any step leaves the cursor where the
 * last acknowledged page put it, so the next slot re-reads from there and emits the same event ids.
 */
public final class ResourcePollRunner {

    private static final Logger log = LoggerFactory.getLogger(ResourcePollRunner.class);

    private final WorkerConfig config;
    private final JedisPooled redis;
    private final RedisKeys keys;
    private final InstanceRepository instances;
    private final CursorStore cursors;
    private final PollStatusStore status;
    private final SageSessions sessions;
    private final EventPublisher publisher;
    private final WorkerMetrics metrics;
    private final PollObserver observer;
    private final Clock clock;

    public ResourcePollRunner(WorkerConfig config, JedisPooled redis, RedisKeys keys, SageSessions sessions,
                              EventPublisher publisher, MeterRegistry registry, Clock clock) {
        this(config, redis, keys, sessions, publisher, registry, clock, PollObserver.NONE);
    }

    /** As above, with an extra observer of polls and Redis round trips (tests and benchmarks). */
    public ResourcePollRunner(WorkerConfig config, JedisPooled redis, RedisKeys keys, SageSessions sessions,
                              EventPublisher publisher, MeterRegistry registry, Clock clock, PollObserver extraObserver) {
        this.config = config;
        this.redis = redis;
        this.keys = keys;
        this.instances = new InstanceRepository(redis, keys);
        this.cursors = new CursorStore(redis, keys);
        this.status = new PollStatusStore(redis, keys);
        this.sessions = sessions;
        this.publisher = publisher;
        this.metrics = new WorkerMetrics(registry);
        this.observer = PollObserver.both(metrics, extraObserver);
        this.clock = clock;
    }

    /** Polls once; every expected failure is recorded in the resource status, never thrown. */
    public void run(PollTask task) {
        Instant started = clock.instant();
        Optional<StoredInstance> found = instances.find(task.instanceId());
        observer.redisRoundTrip();
        if (found.isEmpty()) {
            log.debug("poll task for deleted instance {} dropped", task.instanceId());
            return;
        }
        StoredInstance instance = found.get();
        InstanceSettings settings = instance.settings();
        ResourcePoller poller = settings.pollers().get(task.resource());
        String skip = skipReason(instance, settings, poller);
        if (skip != null) {
            status.skipped(task.instanceId(), task.resource(), started, skip);
            metrics.poll(task.resource(), "skipped");
            log.debug("poll of {} skipped: {}", task.key(), skip);
            return;
        }
        Optional<PollLease> acquired = PollLease.acquire(redis, keys, task.instanceId(), task.resource(), config.leaseTtl());
        observer.redisRoundTrip();
        if (acquired.isEmpty()) {
            metrics.poll(task.resource(), "busy");
            log.debug("{} is being polled by another worker; slot skipped", task.key());
            return;
        }
        PollLease lease = acquired.get();
        observer.pollStarted(task.instanceId(), task.resource());
        // The poll ends when its lease goes: report that first, so no observer ever sees two polls overlap.
        Runnable end = new PollEnd(observer, task);
        try {
            CursorStore.CursorState cursor = cursors.load(instance.id(), poller.name(), started);
            observer.redisRoundTrip();
            if (cursor.backoffUntil().filter(until -> until.isAfter(started)).isPresent()) {
                metrics.poll(task.resource(), "backing_off");
                end.run();
                status.skipped(task.instanceId(), task.resource(), started, "backing off until " + cursor.backoffUntil().get());
                lease.release(redis, keys);
                observer.redisRoundTrip();
                observer.redisRoundTrip();
                log.debug("{} backs off until {} as Sage asked", task.key(), cursor.backoffUntil().get());
                return;
            }
            finish(task, lease, started, end, () -> poll(instance, settings, poller, lease, cursor, started));
        } finally {
            end.run();
        }
    }

    /** Runs the poll and records its outcome, releasing the lease in the same round trip. */
    private void finish(PollTask task, PollLease lease, Instant started, Runnable end, PollBody body) {
        Optional<Instant> backoff = Optional.empty();
        String kind;
        String message;
        try {
            PollOutcome outcome = body.run();
            end.run();
            status.succeeded(lease, clock.instant(), outcome.unreadable());
            observer.redisRoundTrip();
            metrics.poll(task.resource(), "ok");
            metrics.polled(task.resource(), outcome, started, clock.instant());
            if (outcome.events() > 0 || outcome.unreadable() > 0) {
                log.info("polled {}: {} records read, {} events published, {} with unreadable dates",
                        task.key(), outcome.records(), outcome.events(), outcome.unreadable());
            }
            return;
        } catch (SageCallException e) {
            kind = e.kind().name();
            message = e.getMessage();
            backoff = e.retryAfter().map(clock.instant()::plus);
        } catch (EventPublisher.PublishException e) {
            kind = "PUBLISH";
            message = e.getMessage();
        } catch (RuntimeException e) {
            log.error("poll of {} failed unexpectedly", task.key(), e);
            kind = "INTERNAL";
            message = e.toString();
        }
        end.run();
        status.failed(lease, clock.instant(), kind, message, backoff);
        observer.redisRoundTrip();
        metrics.poll(task.resource(), "failed");
        metrics.failure(kind);
        log.warn("poll of {} failed ({}): {}; the cursor stays and the next slot retries{}", task.key(), kind, message,
                backoff.map(b -> " after " + b).orElse(""));
    }

    /** The body of one poll, which may fail in the expected ways. */
    private interface PollBody {
        PollOutcome run() throws SageCallException, EventPublisher.PublishException;
    }

    private static String skipReason(StoredInstance instance, InstanceSettings settings, ResourcePoller poller) {
        if (poller == null) {
            return "resource is no longer configured";
        }
        if (!settings.eventsEnabled()) {
            return "events are disabled";
        }
        if (instance.status() != InstanceStatus.ACTIVE) {
            return "instance is " + instance.status();
        }
        return null;
    }

    private PollOutcome poll(StoredInstance instance, InstanceSettings settings, ResourcePoller poller, PollLease lease,
                             CursorStore.CursorState cursor, Instant started)
            throws SageCallException, EventPublisher.PublishException {
        // A resource starts with its instance, or later when a PATCH added it.
        // Millisecond precision, as Sage's stamps and the stored watermark have: a window edge with finer
        // precision would move by a fraction of a millisecond between polls and let a record slip through it.
        Instant start = cursor.since().orElse(instance.createdAt()).truncatedTo(ChronoUnit.MILLIS);
        // Before anything is read the watermark sits one window below the start (DESIGN §4): our clock must not
        // become the watermark, or a Sage clock behind ours would shrink every later poll's lookback by the skew.
        Instant previous = cursor.watermark().orElse(start.minus(config.lookback()));
        Instant windowStart = previous.minus(config.lookback()).minus(poller.pollDelay());
        // Only the baseline compares Sage's stamps with our clock; later polls rely on the watermark and the
        // seen set alone, so a Sage clock behind ours cannot hide changes made after the resource started.
        Instant boundary = cursor.baselineDone() ? Instant.MIN : start;
        PollWindow window = new PollWindow(windowStart, previous, boundary, cursor.seen());
        ChangeDetector detector = new ChangeDetector(instance.id(), poller, window, started);
        SageQuery query = SageQuery.forPoll(poller, windowStart, config.serverZone(), started);
        SageSession session = sessions.session(instance.id(), settings);

        int records = 0;
        int events = 0;
        int unreadable = 0;
        Instant watermark = previous;
        String path = poller.hubResource().sagePath();
        CompletableFuture<List<JsonNode>> next = session.pageAsync(path, query.page(Optional.empty()));
        try {
            while (true) {
                List<JsonNode> page = SageSession.await(next);
                boolean lastPage = page.size() < query.pageSize();
                Optional<SageQuery.PageKey> after = ChangeDetector.lastKey(page);
                if (!lastPage && after.isEmpty()) {
                    throw new SageCallException(SageCallException.Kind.MALFORMED,
                            "a full page without one readable date_time_updated: cannot page further");
                }
                // Ask for the next page before working on this one; keyset paging knows where it starts already.
                next = lastPage ? null : session.pageAsync(path, query.page(after));
                ChangeDetector.PageChanges changes = detector.detect(page);
                publisher.publishAll(notifications(instance.id(), poller.name(), changes));
                records += page.size();
                events += changes.events.size();
                unreadable += changes.unreadable.size();
                changes.unreadable.forEach(what -> log.warn("{}: date cannot be read; reported in status", what));
                if (changes.maxUpdated != null && changes.maxUpdated.isAfter(watermark)) {
                    watermark = changes.maxUpdated;
                }
                Instant pruneBefore = watermark.minus(config.lookback()).minus(poller.pollDelay());
                boolean stillOurs = cursors.commit(lease, watermark, changes.marks, pruneBefore, changes.events.size(), page.size(),
                        config.leaseTtl(), lastPage);
                observer.redisRoundTrip();
                if (!stillOurs) {
                    log.warn("lost the poll lease of {}/{}; another worker owns it now", instance.id(), poller.name());
                    break;
                }
                if (lastPage) {
                    break;
                }
            }
        } finally {
            if (next != null) {
                next.cancel(false);
            }
        }
        return new PollOutcome(records, events, unreadable);
    }

    /**
     * Batches a page's events into notifications of at most ten, one event type each, so every record on
     * {@code sage.events} has a single {@code event-type} header to route on.
     */
    private static List<EventNotification> notifications(long instanceId, String objectType, ChangeDetector.PageChanges changes) {
        List<EventNotification> notifications = new ArrayList<>();
        for (String type : List.of(Event.CREATED, Event.UPDATED)) {
            List<Event> events = new ArrayList<>();
            List<JsonNode> records = new ArrayList<>();
            for (int i = 0; i < changes.events.size(); i++) {
                if (changes.events.get(i).eventType().equals(type)) {
                    events.add(changes.events.get(i));
                    records.add(changes.records.get(i));
                }
            }
            for (int from = 0; from < events.size(); from += EventNotification.MAX_EVENTS) {
                int to = Math.min(from + EventNotification.MAX_EVENTS, events.size());
                List<Event> batch = events.subList(from, to);
                notifications.add(new EventNotification(EventNotification.SCHEMA_VERSION,
                        EventIds.notificationId(batch.stream().map(Event::eventId).toList()),
                        instanceId, objectType, batch.get(0).pollDate(), batch, records.subList(from, to)));
            }
        }
        return notifications;
    }

    /** Reports a poll's end to the observer once, whichever path gets there first. */
    private static final class PollEnd implements Runnable {
        private final PollObserver observer;
        private final PollTask task;
        private boolean reported;

        PollEnd(PollObserver observer, PollTask task) {
            this.observer = observer;
            this.task = task;
        }

        @Override
        public void run() {
            if (!reported) {
                reported = true;
                observer.pollEnded(task.instanceId(), task.resource());
            }
        }
    }

    /** Totals of one poll. */
    record PollOutcome(int records, int events, int unreadable) {
    }
}
