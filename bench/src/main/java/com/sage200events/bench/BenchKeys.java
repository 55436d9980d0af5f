package com.sage200events.bench;

import com.sage200events.common.redis.RedisClients;
import redis.clients.jedis.JedisPooled;
import redis.clients.jedis.params.ScanParams;
import redis.clients.jedis.resps.ScanResult;

/**
 * Removes what a bench wrote to the shared Redis: every key under its prefix. Benches write hundreds of thousands
 * of keys (delivery log, marks, cursors); left behind, they pile up run after run in the Redis tests share.
 */
final class BenchKeys {

    private BenchKeys() {
    }

    /** Unlinks every key starting with {@code prefix}; returns how many. */
    static long delete(String redisUrl, String prefix) {
        long deleted = 0;
        try (JedisPooled redis = RedisClients.pooled(redisUrl)) {
            ScanParams match = new ScanParams().match(prefix + "*").count(1_000);
            String cursor = ScanParams.SCAN_POINTER_START;
            do {
                ScanResult<String> page = redis.scan(cursor, match);
                if (!page.getResult().isEmpty()) {
                    deleted += redis.unlink(page.getResult().toArray(String[]::new));
                }
                cursor = page.getCursor();
            } while (!ScanParams.SCAN_POINTER_START.equals(cursor));
        }
        return deleted;
    }
}
