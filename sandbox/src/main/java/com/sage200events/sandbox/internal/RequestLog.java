package com.sage200events.sandbox.internal;

import com.sage200events.sandbox.SandboxRequest;
import java.util.ArrayDeque;
import java.util.List;

/** The last N requests served, oldest first. Thread-safe. */
public final class RequestLog {

    private final int capacity;
    private final ArrayDeque<SandboxRequest> entries;

    public RequestLog(int capacity) {
        this.capacity = capacity;
        this.entries = new ArrayDeque<>(Math.min(capacity, 1_024));
    }

    public synchronized void add(SandboxRequest request) {
        if (capacity == 0) {
            return;
        }
        if (entries.size() == capacity) {
            entries.removeFirst();
        }
        entries.addLast(request);
    }

    public synchronized List<SandboxRequest> snapshot() {
        return List.copyOf(entries);
    }

    public synchronized void clear() {
        entries.clear();
    }
}
