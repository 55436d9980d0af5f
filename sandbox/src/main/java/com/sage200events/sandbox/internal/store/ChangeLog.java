package com.sage200events.sandbox.internal.store;

import com.sage200events.sandbox.SandboxChange;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * Every create and update of every store, in the order they happened, up to {@code capacity} entries (the oldest
 * are dropped first, and counted). Thread-safe. Stores append under their own write lock, so one record's changes
 * are in the order of its versions.
 */
public final class ChangeLog {

    /** A million changes: over 16 hours at 1,000 a minute, about 100 MB at most. */
    public static final int DEFAULT_CAPACITY = 1_000_000;

    private final Clock clock;
    private final int capacity;
    private final ArrayDeque<SandboxChange> changes = new ArrayDeque<>();
    private long lastSeq;
    private long dropped;

    /** @throws IllegalArgumentException when capacity is negative (0 keeps nothing) */
    public ChangeLog(Clock clock, int capacity) {
        if (capacity < 0) {
            throw new IllegalArgumentException("capacity must not be negative, was " + capacity);
        }
        this.clock = clock;
        this.capacity = capacity;
    }

    /** A log that keeps nothing: for stores built outside a running sandbox. */
    public static ChangeLog none() {
        return new ChangeLog(Clock.systemUTC(), 0);
    }

    synchronized void record(String resource, long id, Instant updated) {
        lastSeq++;
        if (capacity == 0) {
            return;
        }
        if (changes.size() == capacity) {
            changes.removeFirst();
            dropped++;
        }
        changes.addLast(new SandboxChange(lastSeq, resource, id, updated, clock.instant()));
    }

    /** Up to {@code limit} changes with a {@code seq} above {@code afterSeq}, oldest first. */
    public synchronized List<SandboxChange> after(long afterSeq, int limit) {
        List<SandboxChange> page = new ArrayList<>(Math.min(limit, 1_024));
        if (changes.isEmpty() || afterSeq >= lastSeq) {
            return page;
        }
        // Seqs are consecutive, so the first wanted entry's position is known; skip to it from the nearer end.
        long firstSeq = changes.peekFirst().seq();
        long skip = Math.max(0, afterSeq + 1 - firstSeq);
        Iterator<SandboxChange> it = changes.iterator();
        for (long i = 0; i < skip && it.hasNext(); i++) {
            it.next();
        }
        while (it.hasNext() && page.size() < limit) {
            page.add(it.next());
        }
        return page;
    }

    /** The seq of the last change made (kept or not). */
    public synchronized long lastSeq() {
        return lastSeq;
    }

    /** How many of the oldest changes were dropped to stay within the capacity. */
    public synchronized long dropped() {
        return dropped;
    }
}
