package com.sage200events.systemtest;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * How long and how hard a soak runs (issue 16). Read from system properties by {@link #fromSystemProperties()}, which
 * is how {@code bin/soak} ({@code -Dsoak.minutes=10}) and the CI run ({@code SoakIT}, 2 minutes) differ.
 *
 * @param load how long the sandbox makes changes and the chaos runs ({@code soak.minutes}, default 2)
 * @param instances element instances, each polling one of {@link #RESOURCES} ({@code soak.instances}, default 50)
 * @param changesPerMinute the sandbox activity's rate ({@code soak.changesPerMinute}, default 1,200)
 * @param killEvery how often a random service process gets SIGKILL and is started again (30 s)
 * @param drainTimeout how long after the load the soak waits for everything to arrive ({@code soak.drainMinutes},
 *     default 6; it ends as soon as everything has)
 * @param reliabilityDoc where to write the figures (the soak section of {@code docs/RELIABILITY.md}), or null
 *     ({@code soak.reliabilityDoc})
 */
record SoakConfig(Duration load, int instances, int changesPerMinute, Duration killEvery, Duration drainTimeout,
                  Path reliabilityDoc) {

    /** What the sandbox changes and the instances poll: each instance polls one, alternately. */
    static final List<String> RESOURCES = List.of("customers", "products");

    /**
     * The dispatcher's retry schedule for the run: seconds instead of hours, about 4 minutes in all (15 s apart once past the first few), so a
     * notification outlives a receiver's {@link #receiverOutage()} and is delivered, not parked, within the run.
     */
    static final String RETRY_SCHEDULE = "1s,2s,5s,10s" + ",15s".repeat(15);

    SoakConfig {
        if (load.compareTo(Duration.ofMinutes(1)) < 0) {
            throw new IllegalArgumentException("soak.minutes must be at least 1, was " + load);
        }
        if (instances < RESOURCES.size()) {
            throw new IllegalArgumentException("soak.instances must be at least " + RESOURCES.size() + ", was " + instances);
        }
        if (changesPerMinute < 1) {
            throw new IllegalArgumentException("soak.changesPerMinute must be positive, was " + changesPerMinute);
        }
        if (drainTimeout.isNegative() || drainTimeout.isZero()) {
            throw new IllegalArgumentException("soak.drainMinutes must be positive, was " + drainTimeout);
        }
    }

    static SoakConfig fromSystemProperties() {
        String doc = System.getProperty("soak.reliabilityDoc", "");
        return new SoakConfig(Duration.ofMinutes(number("soak.minutes", 2)), (int) number("soak.instances", 50),
                (int) number("soak.changesPerMinute", 1_200), Duration.ofSeconds(30),
                Duration.ofMinutes(number("soak.drainMinutes", 6)), doc.isBlank() ? null : Path.of(doc));
    }

    /** When the outage receiver goes down: a fifth into the load. */
    Duration receiverOutageStart() {
        return load.dividedBy(5);
    }

    /** How long it stays down: "minutes", at most 3, at most 40 % of the load. */
    Duration receiverOutage() {
        Duration share = load.multipliedBy(2).dividedBy(5);
        return share.compareTo(Duration.ofMinutes(3)) < 0 ? share : Duration.ofMinutes(3);
    }

    /** The broker's one SIGKILL and restart: a third into the load, off the 30 s beat of the kills. */
    Duration brokerRestartAt() {
        return load.dividedBy(3).plusSeconds(10);
    }

    /** Redis's one restart: two thirds into the load. */
    Duration redisRestartAt() {
        return load.multipliedBy(2).dividedBy(3).plusSeconds(10);
    }

    private static long number(String name, long absent) {
        String text = System.getProperty(name, "");
        if (text.isBlank()) {
            return absent;
        }
        try {
            return Long.parseLong(text.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be a whole number, was '" + text + "'", e);
        }
    }
}
