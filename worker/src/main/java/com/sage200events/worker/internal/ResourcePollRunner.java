package com.sage200events.worker.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.sage200events.common.model.InstanceSettings;
import com.sage200events.common.model.InstanceStatus;
import com.sage200events.common.model.PollTask;
import com.sage200events.common.model.ResourcePoller;
import com.sage200events.common.model.StoredInstance;
import com.sage200events.common.poll.PageKey;
import com.sage200events.common.redis.CursorStore;
import com.sage200events.common.redis.InstanceRepository;
import com.sage200events.common.redis.PollLease;
import com.sage200events.common.redis.PollLeases;
import com.sage200events.common.redis.PollStatusStore;
import com.sage200events.common.redis.RedisStores;
import com.sage200events.common.redis.ResourceStates;
import com.sage200events.common.sage.ChangeDetector;
import com.sage200events.common.sage.PollWindow;
import com.sage200events.common.sage.SageCallException;
import com.sage200events.common.sage.SagePage;
import com.sage200events.common.sage.SageQuery;
import com.sage200events.common.sage.SageSession;
import com.sage200events.common.sage.SageSessions;
import com.sage200events.worker.PollObserver;
import com.sage200events.worker.WorkerConfig;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one poll task: takes the lease, reads every page of changes since the window start, publishes each
 * page's events and then (only then) commits the cursor. A failure at any step leaves the cursor where the
 * last acknowledged page put it, so the next slot re-reads from there and emits the same event ids.
 */
public final class ResourcePollRunner {

    private static final Logger log = LoggerFactory.getLogger(ResourcePollRunner.class);

    private final WorkerConfig config;
    private final ResourceStates resources;
    private final PollLeases leases;
    private final RedisStores stores;
    private final InstanceRepository instances;
    private final CursorStore cursors;
    private final PollStatusStore status;
    private final SageSessions sessions;
    private final EventPublisher publisher;
    private final DeleteReconciler reconciler;
    private final WorkerMetrics metrics;
    private final PollObserver observer;
    private final Clock clock;

    public ResourcePollRunner(WorkerConfig config, RedisStores redis, SageSessions sessions,
                              EventPublisher publisher, MeterRegistry registry, Clock clock) {
        this(config, redis, sessions, publisher, registry, clock, PollObserver.NONE);
    }

    /** As above, with an extra observer of polls and Redis round trips (tests and benchmarks). */
    public ResourcePollRunner(WorkerConfig config, RedisStores redis, SageSessions sessions,
                              EventPublisher publisher, MeterRegistry registry, Clock clock, PollObserver extraObserver) {
        this.config = config;
        this.instances = redis.instances();
        this.cursors = redis.cursors();
        this.status = redis.pollStatus();
        this.resources = redis.resources();
        this.leases = redis.leases();
        this.stores = redis;
        this.sessions = sessions;
        this.publisher = publisher;
        this.reconciler = new DeleteReconciler(config.maxNotificationBytes(), publisher, config.leaseTtl());
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
        Optional<PollLease> acquired = leases.acquire(task.instanceId(), task.resource(), config.leaseTtl());
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
            CursorStore.CursorState cursor = cursors.load(lease, started);
            observer.redisRoundTrip();
            if (!cursor.instanceExists()) {
                // Deleted between our read and our lease: what we wrote since must not outlive it.
                end.run();
                resources.dropResource(task.instanceId(), task.resource());
                log.info("instance {} was deleted as its {} poll began; its state is dropped", task.instanceId(), task.resource());
                return;
            }
            InstanceSettings settings = instance.settings();
            ResourcePoller poller = settings.pollers().get(task.resource());
            String skip = skipReason(instance, settings, poller, cursor, started);
            if (skip != null) {
                metrics.poll(task.resource(), "skipped");
                end.run();
                status.skipped(lease, started, skip);
                observer.redisRoundTrip();
                log.debug("poll of {} skipped: {}", task.key(), skip);
                return;
            }
            finish(task, settings.companyName(), lease, started, end, cursor.passInProgress().isPresent(),
                    progress -> poll(instance, settings, poller, lease, cursor, started, progress));
        } finally {
            end.run();
        }
    }

    /** Runs the poll and records its outcome, releasing the lease in the same round trip. */
    private void finish(PollTask task, String companyName, PollLease lease, Instant started, Runnable end, boolean resuming, PollBody body) {
        Optional<Instant> backoff = Optional.empty();
        PollProgress progress = new PollProgress(resuming);
        String kind;
        String message;
        try {
            body.run(progress);
            end.run();
            status.succeeded(lease, clock.instant());
            observer.redisRoundTrip();
            metrics.poll(task.resource(), "ok");
            metrics.polled(task.resource(), started, clock.instant());
            if (progress.events > 0 || progress.unreadable > 0 || progress.futureStamps > 0) {
                log.info("polled {}: {} records read, {} events published, {} with unreadable dates, {} stamped ahead of Sage's clock",
                        task.key(), progress.records, progress.events, progress.unreadable, progress.futureStamps);
            }
            return;
        } catch (SageCallException e) {
            kind = e.kind().name();
            message = e.getMessage();
            backoff = e.retryAfter().map(clock.instant()::plus);
            if (e.kind() == SageCallException.Kind.CONFIGURATION) {
                configurationError(task, companyName, message);
            }
        } catch (EventPublisher.PublishException e) {
            kind = "PUBLISH";
            message = e.getMessage();
        } catch (LeaseLost e) {
            end.run();
            metrics.poll(task.resource(), "lease_lost");
            log.warn("{} lost its poll lease mid-poll ({}); its committed pages stay, and it writes nothing more", task.key(),
                    e.getMessage());
            return;
        } catch (RuntimeException e) {
            log.error("poll of {} failed unexpectedly", task.key(), e);
            kind = "INTERNAL";
            message = e.toString();
        }
        end.run();
        status.failed(lease, clock.instant(), kind, message, backoff, progress.passOpen);
        observer.redisRoundTrip();
        metrics.poll(task.resource(), "failed");
        metrics.failure(kind);
        log.warn("poll of {} failed ({}): {}; {}{}", task.key(), kind, message,
                progress.passOpen ? "its progress is kept and the next slot resumes where it stopped"
                        : "the cursor stays and the next slot retries",
                backoff.map(b -> " after " + b).orElse(""));
    }

    /**
     * Sage has no company of that name: the instance itself shows it ({@code CONFIGURATION_ERROR}, with the
     * names Sage offers), not only this resource, and the scheduler stops polling it until a PATCH (issue 13).
     */
    private void configurationError(PollTask task, String companyName, String message) {
        try {
            instances.markConfigurationError(task.instanceId(), companyName, message)
                    .filter(i -> i.status() == InstanceStatus.CONFIGURATION_ERROR)
                    .ifPresent(i -> log.warn("instance {} needs its configuration fixed: {}", task.instanceId(), message));
        } catch (RuntimeException e) {
            log.warn("cannot mark instance {} CONFIGURATION_ERROR: {}", task.instanceId(), e.toString());
        }
    }

    /** The body of one poll, which may fail in the expected ways. */
    private interface PollBody {
        void run(PollProgress progress) throws SageCallException, EventPublisher.PublishException, LeaseLost;
    }

    private static String skipReason(StoredInstance instance, InstanceSettings settings, ResourcePoller poller,
                                     CursorStore.CursorState cursor, Instant now) {
        if (poller == null) {
            return "resource is no longer configured";
        }
        if (!settings.eventsEnabled()) {
            return "events are disabled";
        }
        if (instance.status() != InstanceStatus.ACTIVE) {
            return "instance is " + instance.status();
        }
        if (cursor.backoffUntil().filter(until -> until.isAfter(now)).isPresent()) {
            return "backing off until " + cursor.backoffUntil().get() + " as Sage asked";
        }
        return null;
    }

    private void poll(StoredInstance instance, InstanceSettings settings, ResourcePoller poller, PollLease lease,
                      CursorStore.CursorState cursor, Instant started, PollProgress progress)
            throws SageCallException, EventPublisher.PublishException, LeaseLost {
        // A resource starts with its instance, or later when a PATCH added it.
        // Millisecond precision, as Sage's stamps and the stored watermark have: a window edge with finer
        // precision would move by a fraction of a millisecond between polls and let a record slip through it.
        Instant start = cursor.since().orElse(instance.createdAt()).truncatedTo(ChronoUnit.MILLIS);
        // Before anything is read the watermark sits one window below the start (DESIGN §4): our clock must not
        // become the watermark, or a Sage clock behind ours would shrink every later poll's lookback by the skew.
        Instant watermark = cursor.watermark().orElse(start.minus(config.lookback()));
        // An interrupted pass goes on where it stopped, with the window and previous watermark it began with.
        Optional<CursorStore.Pass> resumed = cursor.passInProgress();
        Instant previous = resumed.map(CursorStore.Pass::previousWatermark).orElse(watermark);
        Instant windowStart = resumed.map(CursorStore.Pass::windowStart)
                .orElse(previous.minus(config.lookback()).minus(poller.pollDelay()));
        // Only the baseline compares Sage's stamps with the resource's start, read on Sage's clock once its first
        // answer tells the offset; later polls rely on the watermark and the seen set alone.
        Instant boundary = cursor.baselineDone() ? Instant.MIN : start;
        PollWindow window = new PollWindow(windowStart, previous, boundary, cursor.seen());
        ChangeDetector detector = null;
        NotificationBatcher batcher = new NotificationBatcher(config.maxNotificationBytes(), poller.idField());
        SageQuery query = SageQuery.forPoll(poller, windowStart, config.serverZone(), started);
        SageSession session = sessions.session(instance.id(), settings);
        DeleteTracking deletes = DeleteTracking.of(stores, instance.id(), poller);

        String path = poller.hubResource().sagePath();
        Optional<PageKey> position = resumed.map(CursorStore.Pass::resumeAfter);
        CompletableFuture<SagePage> next = session.pageAsync(path, query.page(position));
        // The page before this one: sent to Kafka, its commit waiting for the broker's acknowledgement, so the
        // broker acknowledges page N while page N+1 is read and processed. Commits stay in page order.
        PageCommit sent = null;
        try {
            while (true) {
                SagePage page;
                Optional<PageKey> after;
                try {
                    page = SageSession.await(next);
                    after = ChangeDetector.lastKey(page.records());
                    if (page.records().size() >= query.pageSize() && after.isEmpty()) {
                        throw new SageCallException(SageCallException.Kind.MALFORMED,
                                "a full page without one readable date_time_updated or id: cannot page further");
                    }
                } catch (SageCallException e) {
                    if (sent != null) {
                        commit(instance, poller, lease, sent, progress); // keep what was published before Sage failed
                    }
                    throw e;
                }
                List<JsonNode> rows = page.records();
                boolean lastPage = rows.size() < query.pageSize();
                // Ask for the next page before working on this one; keyset paging knows where it starts already.
                next = lastPage ? null : session.pageAsync(path, query.page(after));
                // Sage's own now (its Date header) bounds the watermark: one record stamped ahead of Sage's clock
                // must not lift the window above changes Sage has still to stamp (DESIGN §4).
                Optional<Instant> latestPlausible = session.sageClock().now().map(now -> now.plus(config.clockTolerance()));
                if (detector == null) {
                    detector = new ChangeDetector(instance.id(), poller, window.onSageClock(session.sageClock().offset()), started);
                }
                ChangeDetector.PageChanges changes = detector.detect(rows, page.sources(), latestPlausible, deletes.unknownSinceReconciled(rows));
                List<NotificationBatcher.Outgoing> outgoing = batcher.batch(instance.id(), poller.name(), changes.events, changes.records,
                        changes.recordJson);
                EventPublisher.Acks acks = publisher.send(outgoing);
                changes.unreadable.forEach(what -> log.warn("{}: date cannot be read; reported in status and skipped", what));
                watermark = nextWatermark(watermark, changes.maxUpdated, latestPlausible);
                CursorStore.Pass pass = lastPage ? null : new CursorStore.Pass(windowStart, previous, after.orElseThrow());
                int oversized = (int) outgoing.stream().filter(NotificationBatcher.Outgoing::oversized).count();
                PageCommit current = new PageCommit(acks, watermark, pass, changes.marks,
                        watermark.minus(config.lookback()).minus(poller.pollDelay()),
                        new CursorStore.PageTotals(rows.size(), changes.events.size(), changes.unreadable.size(),
                                changes.futureStamps, changes.newestFutureStamp, oversized), deletes, deletes.page(changes));
                if (sent != null) {
                    commit(instance, poller, lease, sent, progress);
                }
                sent = current;
                if (lastPage) {
                    commit(instance, poller, lease, sent, progress);
                    reconcileIfDue(instance, poller, lease, session, deletes, started);
                    return;
                }
            }
        } finally {
            if (next != null) {
                next.cancel(false);
            }
        }
    }

    /** Waits for a page's acknowledgements, then commits its cursor; only then does the page count as done. */
    private void commit(StoredInstance instance, ResourcePoller poller, PollLease lease, PageCommit page, PollProgress progress)
            throws EventPublisher.PublishException, LeaseLost {
        page.acks().await();
        if (!page.deletes().record(lease.token(), page.known())) {
            throw new LeaseLost("another worker took it over");
        }
        if (!cursors.commit(lease, page.watermark(), page.openPass(), page.marks(), page.pruneBefore(), page.totals(), config.leaseTtl())) {
            throw new LeaseLost(instances.find(instance.id()).isPresent()
                    ? "another worker took it over" : "the instance was deleted during the poll");
        }
        observer.redisRoundTrip();
        progress.page(page.totals(), page.openPass() != null);
        metrics.page(poller.name(), page.totals());
        if (page.totals().futureStamps() > 0) {
            log.warn("{}/{}: {} record(s) stamped ahead of Sage's clock, newest {}; delivered, and the watermark stays at {}",
                    instance.id(), poller.name(), page.totals().futureStamps(), page.totals().newestFutureStamp(), page.watermark());
        }
    }

    /** With {@code detectDeletes}, after the poll's last page: the id reconciliation when it is due (DESIGN §4). */
    private void reconcileIfDue(StoredInstance instance, ResourcePoller poller, PollLease lease, SageSession session,
                                DeleteTracking deletes, Instant started)
            throws SageCallException, EventPublisher.PublishException, LeaseLost {
        Optional<DeleteReconciler.Outcome> done = deletes.reconcileIfDue(reconciler, instance.id(), lease.token(), session, started);
        if (done.isPresent() && !done.get().leaseKept()) {
            throw new LeaseLost("lost during the id reconciliation, which emitted nothing");
        }
        done.ifPresent(outcome -> log.info("{}/{}: id reconciliation read {} ids in {} Sage requests; {} DELETED events published",
                instance.id(), poller.name(), outcome.idsInSage(), outcome.requests(), outcome.deleted()));
    }

    /** A page sent to Kafka whose cursor commit waits for the broker's acknowledgement; {@code known} is null without detectDeletes. */
    private record PageCommit(EventPublisher.Acks acks, Instant watermark, CursorStore.Pass openPass,
                              List<CursorStore.SeenMark> marks, Instant pruneBefore, CursorStore.PageTotals totals,
                              DeleteTracking deletes, DeleteTracking.KnownPage known) {
    }

    /**
     * The watermark after a page: the highest stamp read, never past Sage's now plus the tolerance; an older
     * watermark already beyond that (a stamp from before Sage's clock was known) is pulled back to it.
     */
    private static Instant nextWatermark(Instant current, Instant pageMax, Optional<Instant> latestPlausible) {
        Instant next = pageMax != null && pageMax.isAfter(current) ? pageMax : current;
        return latestPlausible.filter(next::isAfter).orElse(next);
    }

    /** The poll lease was gone at a commit: this worker must stop, and writes nothing more. */
    private static final class LeaseLost extends Exception {
        LeaseLost(String why) {
            super(why);
        }
    }

    /** What a poll has done so far, kept across its failure: the status of an interrupted pass depends on it. */
    private static final class PollProgress {
        int records;
        int events;
        int unreadable;
        int futureStamps;
        boolean passOpen;

        PollProgress(boolean resuming) {
            this.passOpen = resuming;
        }

        void page(CursorStore.PageTotals totals, boolean passStillOpen) {
            records += totals.records();
            events += totals.events();
            unreadable += totals.unreadable();
            futureStamps += totals.futureStamps();
            passOpen = passStillOpen;
        }
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
}
