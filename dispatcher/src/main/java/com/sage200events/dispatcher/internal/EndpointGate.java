package com.sage200events.dispatcher.internal;

import com.sage200events.common.http.CallbackUrlGuard;
import com.sage200events.dispatcher.EndpointPolicy;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Locale;
import java.util.Optional;

/**
 * One callback endpoint (scheme, host, port): at most {@code maxInFlight} requests at once, a bounded line
 * of deliveries waiting for a slot, and the SSRF verdict on its host, re-checked every {@link #GUARD_RECHECK}
 * (the JVM caches DNS answers for about as long, so the check and the connection see the same addresses). The
 * circuit breaker is not here but per callback URL ({@link DeliveryEngine}).
 */
final class EndpointGate {

    static final Duration GUARD_RECHECK = Duration.ofSeconds(30);

    enum Admission { START, WAIT, BUSY }

    private final EndpointPolicy policy;
    private final Clock clock;
    private final ArrayDeque<DeliveryJob> waiting = new ArrayDeque<>(); // guarded by this
    private int inFlight;                                                // guarded by this
    private Optional<String> refusal;                                    // guarded by this
    private Instant checkedAt;                                           // guarded by this
    // Until the first answer, assume a slow endpoint: a new one that hangs must not swallow the line.
    private double latencyMs = 1_000;                                    // guarded by this; moving average
    private boolean sawSuccess;                                          // guarded by this

    /**
     * The endpoint {@code url} names: (scheme, host, port) in lower case, with the scheme's default port spelled out,
     * so it names the HTTP client's pool ("destination") too.
     */
    static String keyOf(URI url) {
        String scheme = String.valueOf(url.getScheme()).toLowerCase(Locale.ROOT);
        int port = url.getPort() >= 0 ? url.getPort() : "https".equals(scheme) ? 443 : 80;
        return (scheme + "://" + url.getHost() + ":" + port).toLowerCase(Locale.ROOT);
    }

    EndpointGate(EndpointPolicy policy, Clock clock) {
        this.policy = policy;
        this.clock = clock;
    }

    /** Whether {@link #offer} would answer {@code BUSY} now. */
    synchronized boolean isFull() {
        return inFlight >= policy.maxInFlight() && waiting.size() >= lineLength();
    }

    /** {@code START}: the caller owns a slot and must {@link #release} it; {@code WAIT}: queued here; {@code BUSY}: neither. */
    synchronized Admission offer(DeliveryJob job) {
        if (inFlight < policy.maxInFlight()) {
            inFlight++;
            return Admission.START;
        }
        if (waiting.size() < lineLength()) {
            waiting.add(job);
            return Admission.WAIT;
        }
        return Admission.BUSY;
    }

    /**
     * The line a fast endpoint may have is long, a slow one's short: the expected wait in line (line / slots × latency)
     * stays within {@link EndpointPolicy#busyDeferral()}. A delivery deferred waits that long anyway and costs a Redis
     * round trip and a second admission besides, so a line that is expected to move sooner is always the cheaper
     * wait; with a shorter bound, a CPU-bound dispatcher's own rising latency made it defer a seventh of a fast
     * endpoint's deliveries (DispatcherBench, issue 12).
     */
    private long lineLength() {
        double waitMs = policy.busyDeferral().toMillis();
        return Math.min(policy.maxQueued(), Math.max(policy.maxInFlight(), (long) (policy.maxInFlight() * waitMs / Math.max(0.001, latencyMs))));
    }

    /** Frees a slot, or hands it straight to the next waiting job, which the caller then starts. */
    synchronized DeliveryJob release() {
        DeliveryJob next = waiting.poll();
        if (next == null) {
            inFlight--;
        }
        return next;
    }

    /**
     * Feeds one answer's latency into the average the line length follows. The first 2xx replaces the assumed
     * second outright, and later ones move the average by a tenth: a single slow answer (a GC pause) must not cut
     * the line of a fast endpoint to a fraction, which deferred thousands of deliveries to the retry queue in
     * DispatcherBench (each then costs a Redis round trip and a second admission).
     */
    synchronized void observed(Duration latency, boolean delivered) {
        double ms = latency.toNanos() / 1e6;
        if (!sawSuccess && delivered) {
            latencyMs = ms;
            sawSuccess = true;
        } else {
            // Before a first 2xx, a fast failure (connection refused) proves nothing about how long a line may wait.
            latencyMs = 0.9 * latencyMs + 0.1 * ms;
        }
    }

    /** Why this endpoint may not be called, per the guard; cached for {@link #GUARD_RECHECK}. */
    Optional<String> refusal(CallbackUrlGuard guard, String url) {
        synchronized (this) {
            if (checkedAt != null && clock.instant().isBefore(checkedAt.plus(GUARD_RECHECK))) {
                return refusal;
            }
        }
        Optional<String> verdict = guard.refusal(url);
        synchronized (this) {
            refusal = verdict;
            checkedAt = clock.instant();
        }
        return verdict;
    }

    /** Forgets the cached verdict, so the next job asks the guard again. */
    synchronized void recheckGuard() {
        checkedAt = null;
    }

    synchronized int inFlight() {
        return inFlight;
    }

    synchronized int waiting() {
        return waiting.size();
    }
}
