package com.sage200events.sandbox.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Objects;

/**
 * Sage's server clock: the configured clock plus an offset that can change while the sandbox runs, so a
 * test or demo can make Sage's clock drift away from ours (or jump) mid-run, as an on-premise server's does.
 */
public final class SageClock extends Clock {

    private final Clock base;
    private volatile Duration offset;

    public SageClock(Clock base, Duration offset) {
        this.base = Objects.requireNonNull(base, "base");
        this.offset = Objects.requireNonNull(offset, "offset");
    }

    public Duration offset() {
        return offset;
    }

    public void setOffset(Duration newOffset) {
        offset = Objects.requireNonNull(newOffset, "offset");
    }

    @Override
    public Instant instant() {
        return base.instant().plus(offset);
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        throw new UnsupportedOperationException("Sage's clock is UTC");
    }
}
