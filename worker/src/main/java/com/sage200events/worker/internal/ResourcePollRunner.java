package com.sage200events.worker.internal;

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
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
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
    private final Clock clock;

    public ResourcePollRunner(WorkerConfig config, JedisPooled redis, RedisKeys keys, SageSessions sessions,
                              EventPublisher publisher, MeterRegistry registry, Clock clock) {
        this.config = config;
        this.redis = redis;
        this.keys = keys;
        this.instances = new InstanceRepository(redis, keys);
        this.cursors = new CursorStore(redis, keys);
        this.status = new PollStatusStore(redis, keys);
        this.sessions = sessions;
        this.publisher = publisher;
        this.metrics = new WorkerMetrics(registry);
        this.clock = clock;
    }

    /** Polls once; every expected failure is recorded in the resource status, never thrown. */
    public void run(PollTask task) {
        Instant started = clock.instant();
        Optional<StoredInstance> found = instances.find(task.instanceId());
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
        Optional<PollLease> lease = PollLease.acquire(redis, keys, task.instanceId(), task.resource(), config.leaseTtl());
        if (lease.isEmpty()) {
            metrics.poll(task.resource(), "busy");
            log.debug("{} is being polled by another worker; slot skipped", task.key());
            return;
        }
        try {
            status.started(task.instanceId(), task.resource(), started);
            PollOutcome outcome = poll(instance, settings, poller, lease.get(), started);
            status.succeeded(task.instanceId(), task.resource(), clock.instant(), outcome.unreadable());
            metrics.poll(task.resource(), "ok");
            metrics.polled(task.resource(), outcome, started, clock.instant());
            if (outcome.events() > 0 || outcome.unreadable() > 0) {
                log.info("polled {}: {} records read, {} events published, {} with unreadable dates",
                        task.key(), outcome.records(), outcome.events(), outcome.unreadable());
            }
        } catch (SageCallException e) {
            fail(task, e.kind().name(), e.getMessage());
        } catch (EventPublisher.PublishException e) {
            fail(task, "PUBLISH", e.getMessage());
        } catch (RuntimeException e) {
            log.error("poll of {} failed unexpectedly", task.key(), e);
            fail(task, "INTERNAL", e.toString());
        } finally {
            lease.get().release(redis, keys);
        }
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
                             Instant started) throws SageCallException, EventPublisher.PublishException {
        CursorStore.CursorState cursor = cursors.load(instance.id(), poller.name());
        Instant previous = cursor.watermark().orElse(instance.createdAt());
        Instant windowStart = previous.minus(config.lookback()).minus(poller.pollDelay());
        PollWindow window = new PollWindow(windowStart, previous, instance.createdAt(), cursor.seen());
        ChangeDetector detector = new ChangeDetector(instance.id(), poller, window, started);
        SageQuery query = SageQuery.forPoll(poller, windowStart, config.serverZone());
        SageSession session = sessions.session(instance.id(), settings);

        int records = 0;
        int events = 0;
        int unreadable = 0;
        Optional<SageQuery.PageKey> after = Optional.empty();
        while (true) {
            List<JsonNode> page = session.page(poller.hubResource().sagePath(), query.page(after));
            ChangeDetector.PageChanges changes = detector.detect(page);
            publisher.publishAll(notifications(instance.id(), poller.name(), changes));
            records += page.size();
            events += changes.events.size();
            unreadable += changes.unreadable.size();
            changes.unreadable.forEach(what -> log.warn("{}: date cannot be read; reported in status", what));
            Instant watermark = changes.maxUpdated == null ? previous : changes.maxUpdated;
            Instant pruneBefore = watermark.minus(config.lookback()).minus(poller.pollDelay());
            if (!cursors.commit(lease, watermark, changes.marks, pruneBefore, changes.events.size(), page.size(), config.leaseTtl())) {
                log.warn("lost the poll lease of {}/{}; another worker owns it now", instance.id(), poller.name());
                break;
            }
            if (page.size() < query.pageSize()) {
                break;
            }
            if (changes.lastKey == null) {
                throw new SageCallException(SageCallException.Kind.MALFORMED,
                        "a full page without one readable date_time_updated: cannot page further");
            }
            after = Optional.of(changes.lastKey);
        }
        return new PollOutcome(records, events, unreadable);
    }

    private static List<EventNotification> notifications(long instanceId, String objectType, ChangeDetector.PageChanges changes) {
        List<EventNotification> notifications = new ArrayList<>();
        for (int from = 0; from < changes.events.size(); from += EventNotification.MAX_EVENTS) {
            int to = Math.min(from + EventNotification.MAX_EVENTS, changes.events.size());
            List<Event> events = changes.events.subList(from, to);
            notifications.add(new EventNotification(EventNotification.SCHEMA_VERSION,
                    EventIds.notificationId(events.stream().map(Event::eventId).toList()),
                    instanceId, objectType, events.get(0).pollDate(), events, changes.records.subList(from, to)));
        }
        return notifications;
    }

    private void fail(PollTask task, String kind, String message) {
        status.failed(task.instanceId(), task.resource(), clock.instant(), kind, message);
        metrics.poll(task.resource(), "failed");
        metrics.failure(kind);
        log.warn("poll of {} failed ({}): {}; the cursor stays and the next slot retries", task.key(), kind, message);
    }

    /** Totals of one poll. */
    record PollOutcome(int records, int events, int unreadable) {
    }
}
