package com.sage200events.dispatcher;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.DoubleSupplier;

/**
 * When a failed delivery is tried again.
 *
 * @param schedule the wait before each retry, in order; its size is the number of retries (default like
 *                 Svix: 5 s, 5 m, 30 m, 2 h, 5 h, 10 h, 10 h); empty means one attempt only
 * @param jitter   each wait is stretched by a random 0..jitter fraction, so endpoints coming back from an
 *                 outage are not hit by every retry at the same instant; never shortened
 * @param maxRetryAfter the longest a {@code Retry-After} answer may push a retry out
 */
public record RetryPolicy(List<Duration> schedule, double jitter, Duration maxRetryAfter) {

    public static final List<Duration> DEFAULT_SCHEDULE = List.of(Duration.ofSeconds(5), Duration.ofMinutes(5),
            Duration.ofMinutes(30), Duration.ofHours(2), Duration.ofHours(5), Duration.ofHours(10), Duration.ofHours(10));
    public static final double DEFAULT_JITTER = 0.2;
    public static final Duration DEFAULT_MAX_RETRY_AFTER = Duration.ofHours(1);

    public RetryPolicy {
        if (schedule == null) {
            throw new IllegalArgumentException("schedule must be set");
        }
        schedule = List.copyOf(schedule);
        if (schedule.stream().anyMatch(Duration::isNegative)) {
            throw new IllegalArgumentException("schedule must not hold negative waits");
        }
        if (!(jitter >= 0 && jitter <= 1)) {
            throw new IllegalArgumentException("jitter must be between 0 and 1");
        }
        if (maxRetryAfter == null || maxRetryAfter.isNegative()) {
            throw new IllegalArgumentException("maxRetryAfter must not be negative");
        }
    }

    public static RetryPolicy defaults() {
        return new RetryPolicy(DEFAULT_SCHEDULE, DEFAULT_JITTER, DEFAULT_MAX_RETRY_AFTER);
    }

    /** The same policy without jitter, e.g. for a test that checks the schedule exactly. */
    public RetryPolicy withoutJitter() {
        return new RetryPolicy(schedule, 0, maxRetryAfter);
    }

    /** Attempts in all: the first plus one per scheduled retry. */
    public int maxAttempts() {
        return schedule.size() + 1;
    }

    /**
     * The wait before the next attempt after {@code attemptsMade} attempts (the last one failed), or empty
     * when the schedule is exhausted. A {@code Retry-After} longer than the schedule's wait is honoured up to
     * {@link #maxRetryAfter}; a shorter one does not bring the retry forward.
     */
    public Optional<Duration> delayAfter(int attemptsMade, Duration retryAfter, DoubleSupplier random) {
        if (attemptsMade < 1 || attemptsMade > schedule.size()) {
            return Optional.empty();
        }
        Duration base = schedule.get(attemptsMade - 1);
        Duration delay = base.plusMillis((long) (base.toMillis() * jitter * random.getAsDouble()));
        if (retryAfter != null && retryAfter.compareTo(delay) > 0) {
            delay = retryAfter.compareTo(maxRetryAfter) > 0 ? max(delay, maxRetryAfter) : retryAfter;
        }
        return Optional.of(delay);
    }

    /** Parses {@code 5s,5m,30m,2h} (units ms, s, m, h, d). */
    public static List<Duration> parseSchedule(String text) {
        List<Duration> delays = new ArrayList<>();
        if (text == null || text.isBlank()) {
            return delays;
        }
        for (String part : text.split(",")) {
            delays.add(parseDuration(part.trim()));
        }
        return delays;
    }

    static Duration parseDuration(String text) {
        String t = text.toLowerCase(Locale.ROOT);
        try {
            if (t.endsWith("ms")) {
                return Duration.ofMillis(Long.parseLong(t.substring(0, t.length() - 2)));
            }
            long n = Long.parseLong(t.substring(0, t.length() - 1));
            return switch (t.charAt(t.length() - 1)) {
                case 's' -> Duration.ofSeconds(n);
                case 'm' -> Duration.ofMinutes(n);
                case 'h' -> Duration.ofHours(n);
                case 'd' -> Duration.ofDays(n);
                default -> throw new IllegalArgumentException("schedule: '" + text + "' needs a unit (ms, s, m, h, d)");
            };
        } catch (NumberFormatException | StringIndexOutOfBoundsException e) {
            throw new IllegalArgumentException("schedule: '" + text + "' is not a duration like 5s, 5m or 2h", e);
        }
    }

    private static Duration max(Duration a, Duration b) {
        return a.compareTo(b) >= 0 ? a : b;
    }
}
