package com.sage200events.dispatcher.internal;

import com.sage200events.common.delivery.DeliveryAttempt;
import com.sage200events.common.delivery.WebhookBody;
import com.sage200events.common.logging.LogContext;
import com.sage200events.common.model.Event;
import com.sage200events.common.model.EventNotification;
import com.sage200events.common.redis.DeliveryMarks;
import com.sage200events.dispatcher.DispatcherConfig;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes notifications to an outcome without blocking the caller: admits a batch (instance, secrets and
 * already-delivered event ids in one Redis round trip), builds and signs each body on the admitting thread (a
 * consumer loop or the retry pump, never the HTTP client's threads), routes each to its endpoint's
 * {@link EndpointGate}, sends asynchronously, classifies the answer (2xx delivered; 410 parks and disables; anything else retried
 * per the schedule, parked when it runs out) and hands the outcome to the {@link OutcomeWriters}. A replay
 * ({@link DeliveryJob#replay}) takes the same path but skips the delivered-event marks and the breaker, and its one
 * answer, whatever it is, ends it ({@link #concludeReplay}).
 */
public final class DeliveryEngine implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(DeliveryEngine.class);

    private final DispatcherConfig config;
    private final DeliveryMarks marks;
    private final InstanceCache instances;
    private final OutcomeWriters writers;
    private final WebhookClient client;
    private final Clock clock;
    private final Map<String, EndpointGate> gates = new ConcurrentHashMap<>();
    // Per callback URL, not per host: a receiver serving many customers on one host with a path each must not have
    // one customer's failing handler stop the others' deliveries. A dead host fails every URL on it soon enough.
    private final Map<String, CircuitBreaker> breakers = new ConcurrentHashMap<>();
    private final Set<String> retriesInFlight = ConcurrentHashMap.newKeySet();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final MeterRegistry registry;
    private final Timer latency;
    // Looked up once: a tagged lookup per delivery shows in profiles at thousands a second.
    private final Counter deliveredCount;

    DeliveryEngine(DispatcherConfig config, DeliveryMarks marks, InstanceCache instances, OutcomeWriters writers,
                   MeterRegistry registry, Clock clock) {
        this.config = config;
        this.marks = marks;
        this.instances = instances;
        this.writers = writers;
        this.client = new WebhookClient(config, clock);
        this.registry = registry;
        this.clock = clock;
        this.latency = Timer.builder("dispatcher_delivery_latency").publishPercentiles(0.5, 0.99).register(registry);
        this.deliveredCount = registry.counter("dispatcher_attempts_total", "outcome", "delivered");
        registry.gauge("dispatcher_deliveries_in_flight", inFlight);
    }

    /** Starts every job of the batch; each job's {@code done} completes when its outcome is durable. */
    void admit(List<DeliveryJob> jobs) {
        if (jobs.isEmpty()) {
            return;
        }
        // Every Redis read comes first: a failure there retries the whole batch (DeliveryLoop), which is only harmless
        // while nothing has been parked, received or sent yet.
        // A replay is signed with the secret current now, not one cached before a rotation (issue 14).
        jobs.stream().filter(j -> j.replay).forEach(j -> instances.invalidate(j.notification.instanceId()));
        List<Long> instanceIds = jobs.stream().map(j -> j.notification.instanceId()).distinct().toList();
        instances.load(instanceIds);
        // Dropping or parking is decided on what Redis says now, not on a cache up to two seconds old: a user who
        // switches events back on and redelivers at once must not see the notification parked again.
        List<Long> undeliverable = instanceIds.stream().filter(id -> !deliverable(instances.get(id))).toList();
        undeliverable.forEach(instances::invalidate);
        instances.load(undeliverable);
        List<List<String>> eventIds = new ArrayList<>(jobs.size());
        for (DeliveryJob job : jobs) {
            List<String> ids = new ArrayList<>(job.notification.events().size());
            for (Event event : job.notification.events()) {
                ids.add(event.eventId());
            }
            eventIds.add(ids);
        }
        List<List<String>> delivered = marks.deliveredBy(eventIds);

        Instant now = clock.instant();
        List<DeliveryJob> toSend = new ArrayList<>(jobs.size());
        for (int i = 0; i < jobs.size(); i++) {
            DeliveryJob job = jobs.get(i);
            job.admittedAt = now;
            track(job);
            try {
                if (prepare(job, delivered.get(i))) {
                    toSend.add(job);
                }
            } catch (RuntimeException e) {
                failedAtAdmission(job, e, true);
            }
        }
        for (DeliveryJob job : toSend) {
            if (!job.replay) {
                writers.submit(Outcome.received(job));
            }
        }
        for (DeliveryJob job : toSend) {
            try {
                route(job);
            } catch (RuntimeException e) {
                failedAtAdmission(job, e, false);
            }
        }
    }

    private void track(DeliveryJob job) {
        inFlight.incrementAndGet();
        if (job.fromRetryQueue) {
            retriesInFlight.add(job.id());
        }
        job.done.whenComplete((ok, error) -> {
            inFlight.decrementAndGet();
            if (job.fromRetryQueue) {
                retriesInFlight.remove(job.id());
            }
        });
    }

    /**
     * One job of a batch failed in a way nothing planned for (a bug, or input nothing checked): it alone is retried on
     * the schedule, like a failed attempt, and the batch goes on. Letting it throw retried the whole batch for ever,
     * parking its parked jobs again each time and holding every later batch of the partition behind it.
     */
    private void failedAtAdmission(DeliveryJob job, RuntimeException e, boolean receiptPending) {
        log.error("{}: unexpected error while admitting it; it is retried on schedule", job, e);
        if (receiptPending && !job.replay) {
            writers.submit(Outcome.received(job));
        }
        failed(job, new WebhookClient.Answer(0, "internal error: " + e.getClass().getSimpleName(), Duration.ZERO, null, null));
    }

    /** Resolves what the job needs to be sent; false when its outcome is already decided. No Redis I/O. */
    private boolean prepare(DeliveryJob job, List<String> deliveredMarks) {
        EventNotification n = job.notification;
        InstanceCache.Entry instance = instances.get(n.instanceId());
        if (instance == null || (instance.settings() == null && instance.unreadable() == null)) {
            drop(job, "instance_deleted");
            return false;
        }
        List<Integer> fresh = new ArrayList<>();
        for (int i = 0; i < deliveredMarks.size(); i++) {
            // A replay is asked for because it was delivered: it is sent whole, whatever the marks say.
            if (deliveredMarks.get(i) == null || job.replay) {
                fresh.add(i);
            }
        }
        if (fresh.isEmpty()) {
            // Before any parking: a repeat of what was delivered is dropped whatever state the instance is in now.
            registry.counter("dispatcher_duplicates_skipped_total").increment(n.events().size());
            drop(job, null);
            return false;
        }
        if (instance.unreadable() != null) {
            if (job.replay) {
                replayFailed(job, "the instance's configuration cannot be read", Duration.ZERO);
            } else {
                parkUnsent(job, null, "the instance's configuration cannot be read: " + instance.unreadable());
            }
            return false;
        }
        if (!instance.settings().eventsEnabled() || instance.settings().callbackUrl().isEmpty()) {
            if (job.replay) {
                replayFailed(job, "events of the instance are disabled", Duration.ZERO);
            } else {
                // Changes polled before events were switched off (by the user, or by a 410 from the callback): parked,
                // so turning events on again and redelivering sends them; dropping them lost those changes for good.
                registry.counter("dispatcher_parked_while_disabled_total").increment();
                parkUnsent(job, null, "events of the instance are disabled");
            }
            return false;
        }
        if (fresh.size() < n.events().size()) {
            // A re-poll batched some already-delivered events with new ones: send only the new ones, under the
            // id those events alone derive, so the message id stays deterministic.
            job.notification = n.only(fresh);
            job.notificationJson = null;
            registry.counter("dispatcher_duplicates_skipped_total").increment(n.events().size() - fresh.size());
        }
        job.settings = instance.settings();
        job.webhookSecrets = instance.webhookSecrets();
        job.url = instance.callbackUrl();
        job.endpointKey = instance.endpointKey();
        if (job.url == null) {
            String reason = "invalid callback URL: " + instance.callbackUrlRefusal();
            if (job.replay) {
                replayFailed(job, reason, Duration.ZERO);
            } else {
                parkUnsent(job, attempt(job, 0, reason, Duration.ZERO), reason);
            }
            return false;
        }
        return true;
    }

    /**
     * Parks a job decided at admission, before any request: its receipt goes first, so it is listed with the instance's
     * notifications and redeliverable like any other parked one (it was missing from both).
     */
    private void parkUnsent(DeliveryJob job, DeliveryAttempt attempt, String reason) {
        log.warn("{} parked: {}", job, reason);
        writers.submit(Outcome.received(job));
        writers.submit(Outcome.parked(job, attempt, reason, false));
    }

    private static boolean deliverable(InstanceCache.Entry instance) {
        return instance != null && instance.settings() != null && instance.settings().eventsEnabled()
                && instance.settings().callbackUrl().isPresent();
    }

    private void route(DeliveryJob job) {
        EndpointGate gate = gates.computeIfAbsent(job.endpointKey, k -> new EndpointGate(config.endpoints(), clock));
        // A saturated endpoint (a hanging one, typically) would only defer the job: spare it the body and signatures.
        if (!gate.isFull()) {
            job.body = WebhookBody.of(job.notification);
            job.headers = WebhookSigner.headers(job.settings, job.webhookSecrets, job.id(), clock.instant().getEpochSecond(), job.body);
            switch (gate.offer(job)) {
                case START -> run(gate, job);
                case WAIT -> { }
                case BUSY -> defer(job);
            }
        } else {
            defer(job);
        }
    }

    private void defer(DeliveryJob job) {
        registry.counter("dispatcher_deferred_total").increment();
        writers.submit(Outcome.deferred(job, clock.instant().plus(config.endpoints().busyDeferral())));
    }

    /** Sends jobs through one slot of {@code gate} until no job waits for it; never recurses on fast failures. */
    private void run(EndpointGate gate, DeliveryJob first) {
        DeliveryJob job = first;
        while (job != null) {
            try (LogContext ignored = logContext(job)) {
                Optional<String> refused = gate.refusal(config.guard(), job.url.toString());
                if (refused.isPresent()) {
                    park(job, refused.get(), Duration.ZERO);
                } else if (!job.replay && !breaker(job).tryPass()) {
                    Duration open = breaker(job).remainingOpen();
                    if (open != null) {
                        // Failing endpoint: counts as a failed attempt, and the retry waits until the breaker
                        // may let it through (like a Retry-After), so it is not spent while the breaker is open.
                        failed(job, new WebhookClient.Answer(0, "circuit open: callback URL failing", Duration.ZERO, open, null));
                    } else {
                        // Half-open with its probe in flight: not this job's failure; look again shortly.
                        registry.counter("dispatcher_deferred_total").increment();
                        writers.submit(Outcome.deferred(job, clock.instant().plus(config.endpoints().busyDeferral())));
                    }
                } else {
                    CompletableFuture<WebhookClient.Answer> answer = send(job);
                    if (!answer.isDone()) {
                        DeliveryJob sent = job;
                        answer.thenAccept(a -> {
                            try (LogContext sentContext = logContext(sent)) {
                                conclude(gate, sent, a);
                            }
                            run(gate, gate.release());
                        });
                        return;
                    }
                    conclude(gate, job, answer.join());
                }
            } catch (RuntimeException e) {
                log.error("{}: unexpected error while delivering; it is retried", job, e);
                breaker(job).released();
                failed(job, new WebhookClient.Answer(0, "internal error: " + e.getClass().getSimpleName(), Duration.ZERO, null, null));
            }
            job = gate.release();
        }
    }

    private CircuitBreaker breaker(DeliveryJob job) {
        return breakers.computeIfAbsent(job.url.toString(),
                url -> new CircuitBreaker(config.endpoints().breakerFailures(), config.endpoints().breakerOpenFor(), clock));
    }

    private static LogContext logContext(DeliveryJob job) {
        return LogContext.delivery(job.notification.instanceId(), job.notification.objectType(), job.id());
    }

    private CompletableFuture<WebhookClient.Answer> send(DeliveryJob job) {
        return client.post(job.url, job.headers, job.body);
    }

    private void conclude(EndpointGate gate, DeliveryJob job, WebhookClient.Answer answer) {
        if (answer.refusal() != null) {
            // The address connected to is refused (its DNS answer changed since the gate's check): park, as the gate would.
            breaker(job).released();
            gate.recheckGuard();
            park(job, answer.refusal(), answer.latency());
            return;
        }
        latency.record(answer.latency());
        gate.observed(answer.latency(), answer.delivered());
        int status = answer.status();
        if (job.replay) {
            // Outside the endpoint's health: neither the breaker nor the 410 rule hears of a replay (issue 14).
            concludeReplay(job, answer);
            return;
        }
        if (status == 0 || status >= 500 || status == 429 || status == 408) {
            breaker(job).failed();
        } else {
            breaker(job).succeeded();
        }
        if (answer.delivered()) {
            deliveredCount.increment();
            writers.submit(Outcome.delivered(job, attempt(job, status, null, answer.latency())));
        } else if (status == 410) {
            registry.counter("dispatcher_attempts_total", "outcome", "gone").increment();
            writers.submit(Outcome.parked(job, attempt(job, status, null, answer.latency()),
                    "callback answered 410 Gone; events of the instance were disabled", true));
        } else {
            failed(job, answer);
        }
    }

    private void concludeReplay(DeliveryJob job, WebhookClient.Answer answer) {
        if (answer.delivered()) {
            registry.counter("dispatcher_replays_total", "outcome", "delivered").increment();
            writers.submit(Outcome.replayed(job, attempt(job, answer.status(), null, answer.latency()), true));
        } else {
            replayFailed(job, answer.status(), answer.error(), answer.latency());
        }
    }

    private void replayFailed(DeliveryJob job, String error, Duration took) {
        replayFailed(job, 0, error, took);
    }

    private void replayFailed(DeliveryJob job, int status, String error, Duration took) {
        registry.counter("dispatcher_replays_total", "outcome", "failed").increment();
        log.info("{}: replay failed ({}); not retried", job, status == 0 ? error : "HTTP " + status);
        writers.submit(Outcome.replayed(job, attempt(job, status, error, took), false));
    }

    private void park(DeliveryJob job, String refusal, Duration took) {
        String reason = "callback URL refused: " + refusal;
        if (job.replay) {
            replayFailed(job, reason, took);
            return;
        }
        log.warn("{} parked: {}", job, reason);
        writers.submit(Outcome.parked(job, attempt(job, 0, reason, took), reason, false));
    }

    private void failed(DeliveryJob job, WebhookClient.Answer answer) {
        if (job.replay) {
            replayFailed(job, answer.status(), answer.error(), answer.latency());
            return;
        }
        DeliveryAttempt attempt = attempt(job, answer.status(), answer.error(), answer.latency());
        String why = answer.status() == 0 ? answer.error() : "HTTP " + answer.status();
        Optional<Duration> delay = config.retry().delayAfter(attempt.number(), answer.retryAfter(), ThreadLocalRandom.current()::nextDouble);
        if (delay.isPresent()) {
            registry.counter("dispatcher_attempts_total", "outcome", "retry").increment();
            log.debug("{} failed ({}); attempt {} in {}", job, why, attempt.number() + 1, delay.get());
            writers.submit(Outcome.retry(job, attempt, attempt.at().plus(delay.get())));
        } else {
            registry.counter("dispatcher_attempts_total", "outcome", "exhausted").increment();
            log.warn("{} parked after {} attempts: {}", job, attempt.number(), why);
            writers.submit(Outcome.parked(job, attempt, "gave up after " + attempt.number() + " attempts; last: " + why, false));
        }
    }

    private void drop(DeliveryJob job, String reason) {
        if (reason != null) {
            registry.counter("dispatcher_dropped_total", "reason", reason).increment();
            log.info("{} dropped: {}", job, reason.replace('_', ' '));
        }
        writers.submit(Outcome.dropped(job, reason));
    }

    private DeliveryAttempt attempt(DeliveryJob job, int status, String error, Duration took) {
        return new DeliveryAttempt(job.attemptsMade + 1, clock.instant(), status, took.toMillis(), error, job.replay);
    }

    boolean isRetryInFlight(String notificationId) {
        return retriesInFlight.contains(notificationId);
    }

    int retriesInFlight() {
        return retriesInFlight.size();
    }

    int inFlight() {
        return inFlight.get();
    }

    /** Closes the HTTP client and its pooled connections; call after in-flight deliveries have ended. */
    @Override
    public void close() {
        client.close();
    }
}
