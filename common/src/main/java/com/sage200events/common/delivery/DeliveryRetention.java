package com.sage200events.common.delivery;

import com.sage200events.common.config.Env;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.Map;

/**
 * How long and how much of an instance's delivery history is kept, and so what can be replayed (DESIGN.md §6,
 * "Delivery log ... bounded size and age"; issue 14, "Replay any delivery"). A notification stays in the log, with
 * its payload, until it is older than {@code keep} (by when the dispatcher first received it) or more than
 * {@code perInstance} newer notifications of its instance have arrived, whichever comes first.
 *
 * @param keep        age bound ({@code DELIVERY_LOG_KEEP_DAYS}, whole days, 1..365, default 7)
 * @param perInstance count bound per instance ({@code DELIVERY_LOG_KEEP_PER_INSTANCE}, 1..100,000, default 1,000)
 */
public record DeliveryRetention(Duration keep, int perInstance) {

    public static final String KEEP_DAYS_ENV = "DELIVERY_LOG_KEEP_DAYS";
    public static final String PER_INSTANCE_ENV = "DELIVERY_LOG_KEEP_PER_INSTANCE";
    public static final DeliveryRetention DEFAULT = new DeliveryRetention(Duration.ofDays(7), 1_000);
    static final int MAX_DAYS = 365;
    static final int MAX_PER_INSTANCE = 100_000;

    private static volatile DeliveryRetention shared;

    public DeliveryRetention {
        if (keep == null || keep.compareTo(Duration.ofDays(1)) < 0 || keep.compareTo(Duration.ofDays(MAX_DAYS)) > 0) {
            throw new IllegalArgumentException(KEEP_DAYS_ENV + " must be from 1 to " + MAX_DAYS + " days");
        }
        if (perInstance < 1 || perInstance > MAX_PER_INSTANCE) {
            throw new IllegalArgumentException(PER_INSTANCE_ENV + " must be from 1 to " + MAX_PER_INSTANCE);
        }
    }

    /** From {@code DELIVERY_LOG_KEEP_DAYS} and {@code DELIVERY_LOG_KEEP_PER_INSTANCE}; {@link #DEFAULT} for what is unset. */
    public static DeliveryRetention fromEnv(Map<String, String> env) {
        Env vars = Env.of(env);
        return new DeliveryRetention(vars.duration(KEEP_DAYS_ENV, ChronoUnit.DAYS, DEFAULT.keep),
                vars.integer(PER_INSTANCE_ENV, DEFAULT.perInstance));
    }

    /** The process's retention, read from the environment once; the dispatcher and the API must agree on it. */
    public static DeliveryRetention shared() {
        DeliveryRetention r = shared;
        if (r == null) {
            synchronized (DeliveryRetention.class) {
                if (shared == null) {
                    shared = fromEnv(System.getenv());
                }
                r = shared;
            }
        }
        return r;
    }
}
