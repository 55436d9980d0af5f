package com.sage200events.testkit;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The tests' one controllable clock (STYLE.md §6): it moves only when a test moves it, so retry schedules,
 * expiries and stamps are checked without sleeping. {@link #ticking} makes a clock whose every reading is a
 * millisecond after the last, for stores that must see time move between writes. Thread-safe; always UTC.
 */
public final class MutableClock extends Clock {

    private final AtomicReference<Instant> now;
    private final Duration tick;

    public MutableClock(Instant start) {
        this(start, Duration.ZERO);
    }

    private MutableClock(Instant start, Duration tick) {
        this.now = new AtomicReference<>(start);
        this.tick = tick;
    }

    /** A clock that reads {@code start}, then a millisecond later on each further reading. */
    public static MutableClock ticking(Instant start) {
        return new MutableClock(start, Duration.ofMillis(1));
    }

    public void advance(Duration by) {
        now.updateAndGet(t -> t.plus(by));
    }

    public void set(Instant to) {
        now.set(to);
    }

    @Override
    public Instant instant() {
        return tick.isZero() ? now.get() : now.getAndUpdate(t -> t.plus(tick));
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return this;
    }
}
