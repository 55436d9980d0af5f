package com.sage200events.common.redis;

import java.net.URI;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.JedisPooled;

/**
 * Builds Redis clients from a {@code redis://[user:password@]host:port[/db][?clientName=name]} URL; a client name
 * shows in {@code CLIENT LIST}, so an operator (or a test) can tell a process's connections apart.
 */
public final class RedisClients {

    private RedisClients() {
    }

    public static JedisPooled pooled(String redisUrl) {
        URI uri = URI.create(redisUrl);
        DefaultJedisClientConfig.Builder config = DefaultJedisClientConfig.builder()
                .timeoutMillis(5_000)
                .ssl("rediss".equals(uri.getScheme()));
        if (uri.getUserInfo() != null) {
            String[] parts = uri.getUserInfo().split(":", 2);
            if (parts.length == 2) {
                config.user(parts[0].isEmpty() ? null : parts[0]).password(parts[1]);
            } else {
                config.password(parts[0]);
            }
        }
        if (uri.getPath() != null && uri.getPath().length() > 1) {
            config.database(Integer.parseInt(uri.getPath().substring(1)));
        }
        String query = uri.getQuery();
        if (query != null && query.startsWith("clientName=")) {
            config.clientName(query.substring("clientName=".length()));
        }
        return new JedisPooled(new HostAndPort(uri.getHost(), uri.getPort() < 0 ? 6379 : uri.getPort()), config.build());
    }
}
