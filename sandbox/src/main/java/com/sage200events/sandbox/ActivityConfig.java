package com.sage200events.sandbox;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * A living ledger: the sandbox creates and updates records on its own, at a steady rate, with every
 * choice drawn from a generator seeded with {@code seed}, so the same data and seed give the same
 * changes in a demo, a test and a benchmark. Start from {@link #defaults()}.
 *
 * @param resources which resources change, each as likely as the others
 * @param operationsPerSecond creates plus updates per second when running in the background
 * @param seed the random generator's seed
 * @param createShare the share of operations that create a record (the rest update one)
 * @param recordsPerStamp how many consecutive writes share one {@code date_time_updated}, as a batch saved
 *     in one transaction does; 1 gives every write its own stamp (to the millisecond, so equal stamps still
 *     happen when writes are close)
 * @param lateShare the share of writes stamped {@code lateBy} in the past: a transaction that commits after
 *     rows stamped later than it are already visible
 * @param lateBy how far in the past a late write is stamped
 */
public record ActivityConfig(List<String> resources, double operationsPerSecond, long seed, double createShare,
                             int recordsPerStamp, double lateShare, Duration lateBy) {

    /** Every resource the pipeline polls. */
    public static final List<String> ALL_RESOURCES = List.of("customers", "products", "warehouses", "warehouse_holdings",
            "sales_posted_transactions", "suppliers", "sop_orders", "nominal_codes");

    public static final double MAX_RATE = 100_000;

    public ActivityConfig {
        resources = List.copyOf(Objects.requireNonNull(resources, "resources"));
        if (resources.isEmpty()) {
            throw new IllegalArgumentException("resources must not be empty");
        }
        if (!(operationsPerSecond > 0 && operationsPerSecond <= MAX_RATE)) {
            throw new IllegalArgumentException("operationsPerSecond must be within (0, " + (long) MAX_RATE + "], was "
                    + operationsPerSecond);
        }
        if (!(createShare >= 0 && createShare <= 1)) {
            throw new IllegalArgumentException("createShare must be within [0, 1], was " + createShare);
        }
        if (recordsPerStamp < 1) {
            throw new IllegalArgumentException("recordsPerStamp must be at least 1, was " + recordsPerStamp);
        }
        if (!(lateShare >= 0 && lateShare <= 1)) {
            throw new IllegalArgumentException("lateShare must be within [0, 1], was " + lateShare);
        }
        Objects.requireNonNull(lateBy, "lateBy");
        if (lateBy.isNegative()) {
            throw new IllegalArgumentException("lateBy must not be negative, was " + lateBy);
        }
        if (lateShare > 0 && lateBy.isZero()) {
            throw new IllegalArgumentException("lateBy must be positive when lateShare is, was " + lateBy);
        }
    }

    /** Every polled resource, 10 operations a second, seed 42, 30% creates, own stamps, nothing late. */
    public static ActivityConfig defaults() {
        return new ActivityConfig(ALL_RESOURCES, 10, 42, 0.3, 1, 0, Duration.ZERO);
    }

    public ActivityConfig withResources(List<String> newResources) {
        return new ActivityConfig(newResources, operationsPerSecond, seed, createShare, recordsPerStamp, lateShare, lateBy);
    }

    public ActivityConfig withRate(double perSecond) {
        return new ActivityConfig(resources, perSecond, seed, createShare, recordsPerStamp, lateShare, lateBy);
    }

    public ActivityConfig withSeed(long newSeed) {
        return new ActivityConfig(resources, operationsPerSecond, newSeed, createShare, recordsPerStamp, lateShare, lateBy);
    }

    public ActivityConfig withCreateShare(double share) {
        return new ActivityConfig(resources, operationsPerSecond, seed, share, recordsPerStamp, lateShare, lateBy);
    }

    public ActivityConfig withRecordsPerStamp(int records) {
        return new ActivityConfig(resources, operationsPerSecond, seed, createShare, records, lateShare, lateBy);
    }

    public ActivityConfig withLateWrites(double share, Duration by) {
        return new ActivityConfig(resources, operationsPerSecond, seed, createShare, recordsPerStamp, share, by);
    }
}
