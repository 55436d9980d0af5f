package com.sage200events.testkit;

import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Names no other test can be using: a per-JVM random tag (two test JVMs may share one Redis) plus a
 * counter (tests in one JVM share the tag).
 */
final class UniquePrefixes {

    private static final String RUN = UUID.randomUUID().toString().substring(0, 8);
    private static final AtomicLong COUNTER = new AtomicLong();

    private UniquePrefixes() {}

    static String next(String separator) {
        return "t" + separator + RUN + separator + COUNTER.incrementAndGet() + separator;
    }
}
