package com.sage200events.dispatcher.internal;

import java.util.OptionalLong;
import java.util.concurrent.ConcurrentSkipListSet;

/**
 * The offsets of one partition that are handed out but not finished. Deliveries finish out of order (a
 * slow endpoint's record may finish after a fast one's), so the committable offset is the lowest
 * unfinished one: everything below it is final or safely in the retry queue.
 */
final class PartitionOffsets {

    private final ConcurrentSkipListSet<Long> pending = new ConcurrentSkipListSet<>();
    private volatile long nextToRead = -1; // written by the consumer thread only
    private long lastCommitted = -1;       // consumer thread only

    /** Consumer thread: a record is handed out. */
    void started(long offset) {
        pending.add(offset);
        nextToRead = offset + 1;
    }

    /** Any thread: a record's outcome is durable. */
    void finished(long offset) {
        pending.remove(offset);
    }

    /** The offset to commit (the next record to read after a restart), or empty when nothing new is safe. */
    OptionalLong committable() {
        long read = nextToRead;
        if (read < 0) {
            return OptionalLong.empty();
        }
        // One read: other threads finish records meanwhile, so "not empty, then first()" could find it emptied and throw.
        Long lowest = pending.ceiling(Long.MIN_VALUE);
        long safe = lowest == null ? read : lowest;
        return safe > lastCommitted ? OptionalLong.of(safe) : OptionalLong.empty();
    }

    void committed(long offset) {
        lastCommitted = offset;
    }

    int pendingCount() {
        return pending.size();
    }
}
