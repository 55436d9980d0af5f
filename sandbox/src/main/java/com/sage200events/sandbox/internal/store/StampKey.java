package com.sage200events.sandbox.internal.store;

import java.time.Instant;
import java.util.Comparator;

/**
 * A record's place in the {@code (date_time_updated, id)} order the poller pages by. A null stamp
 * (possible only through the admin API) sorts first, as SQL Server sorts nulls.
 */
record StampKey(Instant updated, long id) implements Comparable<StampKey> {

    private static final Comparator<StampKey> ORDER = Comparator
            .comparing(StampKey::updated, Comparator.nullsFirst(Comparator.<Instant>naturalOrder()))
            .thenComparingLong(StampKey::id);

    /** The smallest key with this stamp: where an inclusive scan from {@code updated} starts. */
    static StampKey first(Instant updated) {
        return new StampKey(updated, Long.MIN_VALUE);
    }

    /** The largest key with this stamp: where an inclusive descending scan from {@code updated} starts. */
    static StampKey last(Instant updated) {
        return new StampKey(updated, Long.MAX_VALUE);
    }

    @Override
    public int compareTo(StampKey other) {
        return ORDER.compare(this, other);
    }
}
