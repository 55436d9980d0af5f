package com.sage200events.bench;

import com.sage200events.common.redis.RedisClients;
import redis.clients.jedis.JedisPooled;

/**
 * What the Redis server has done so far, from {@code INFO}: commands processed and CPU seconds (user + system).
 * The difference of two readings is what a bench cost the server, as long as nothing else used it meanwhile.
 *
 * @param commands   {@code total_commands_processed}
 * @param cpuMicros  {@code used_cpu_user + used_cpu_sys}, in microseconds
 */
record RedisServerStats(long commands, double cpuMicros) {

    static RedisServerStats read(String redisUrl) {
        try (JedisPooled redis = RedisClients.pooled(redisUrl)) {
            String stats = redis.info("stats");
            String cpu = redis.info("cpu");
            return new RedisServerStats(Long.parseLong(field(stats, "total_commands_processed")),
                    (Double.parseDouble(field(cpu, "used_cpu_user")) + Double.parseDouble(field(cpu, "used_cpu_sys"))) * 1e6);
        }
    }

    RedisServerStats minus(RedisServerStats earlier) {
        return new RedisServerStats(commands - earlier.commands, cpuMicros - earlier.cpuMicros);
    }

    private static String field(String info, String name) {
        for (String line : info.split("\r?\n")) {
            if (line.startsWith(name + ":")) {
                return line.substring(name.length() + 1).trim();
            }
        }
        throw new IllegalStateException("INFO has no " + name);
    }
}
