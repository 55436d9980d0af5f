package com.sage200events.sandbox;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/** A clock each reading of which is a millisecond after the last: time moves between writes, predictably. */
public final class TickingClock extends Clock {

    private Instant next;

    public TickingClock(Instant start) {
        this.next = start;
    }

    @Override
    public synchronized Instant instant() {
        Instant now = next;
        next = next.plusMillis(1);
        return now;
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        throw new UnsupportedOperationException("tests run in UTC");
    }
}
