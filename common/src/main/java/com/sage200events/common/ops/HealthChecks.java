package com.sage200events.common.ops;

import com.sage200events.common.kafka.KafkaClients;
import com.sage200events.common.redis.RedisStores;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.admin.Admin;

/** Named readiness checks: each answers whether one dependency is reachable right now. */
public final class HealthChecks {

    private final Map<String, BooleanSupplier> checks = new LinkedHashMap<>();

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
        return results;
    }
}
