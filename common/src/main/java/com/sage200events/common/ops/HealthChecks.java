package com.sage200events.common.ops;

import com.sage200events.common.kafka.KafkaClients;
import com.sage200events.common.lifecycle.Lifecycle;
import com.sage200events.common.lifecycle.ManagedLoop;
import com.sage200events.common.redis.RedisStores;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.admin.Admin;

/** Named readiness checks: each answers whether one dependency is reachable, or one loop alive, right now. */
public final class HealthChecks {

    /** The prefix of a loop's check: {@code "loop:poll-task-loop-0": false} names a dead loop. */
    public static final String LOOP_PREFIX = "loop:";

    private final Map<String, BooleanSupplier> checks = new LinkedHashMap<>();
    private final CopyOnWriteArrayList<Lifecycle> lifecycles = new CopyOnWriteArrayList<>();

    public HealthChecks add(String name, BooleanSupplier check) {
        checks.put(name, check);
        return this;
    }

    public HealthChecks redis(RedisStores redis) {
        return add("redis", redis::ping);
    }

    public HealthChecks kafka(String bootstrapServers) {
        return add("kafka", () -> {
            try (Admin admin = KafkaClients.admin(bootstrapServers)) {
                admin.describeCluster().clusterId().get(3, TimeUnit.SECONDS);
                return true;
            } catch (Exception e) {
                return false;
            }
        });
    }

    /**
     * One check per loop of {@code lifecycle} ({@link #LOOP_PREFIX} + its thread name), read on every run, so a loop
     * that died turns the answer red (DESIGN §7: {@code /health} is red when any loop has died).
     */
    public HealthChecks loops(Lifecycle lifecycle) {
        lifecycles.add(lifecycle);
        return this;
    }

    /**
     * Liveness: the names of the loops that died, empty while every loop runs. Unlike {@link #run()}, dependencies are
     * left out: a restart cures a dead loop, not an unreachable Redis or broker, so only a dead loop should make an
     * orchestrator restart the process.
     */
    public List<String> deadLoops() {
        List<String> dead = new ArrayList<>();
        for (Lifecycle lifecycle : lifecycles) {
            for (ManagedLoop loop : lifecycle.loops()) {
                if (!loop.alive()) {
                    dead.add(LOOP_PREFIX + loop.name());
                }
            }
        }
        return dead;
    }

    /** Runs every check; a check that throws counts as down. */
    public Map<String, Boolean> run() {
        Map<String, Boolean> results = new LinkedHashMap<>();
        checks.forEach((name, check) -> {
            boolean up;
            try {
                up = check.getAsBoolean();
            } catch (RuntimeException e) {
                up = false;
            }
            results.put(name, up);
        });
        for (Lifecycle lifecycle : lifecycles) {
            for (ManagedLoop loop : lifecycle.loops()) {
                results.put(LOOP_PREFIX + loop.name(), loop.alive());
            }
        }
        return results;
    }
}
