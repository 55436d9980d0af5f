package com.sage200events.common.config;

import com.sage200events.common.kafka.TopicSpec;
import com.sage200events.common.kafka.Topics;
import com.sage200events.common.redis.RedisKeys;
import com.sage200events.common.redis.RedisStores;
import com.sage200events.common.sage.SageEndpoints;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What every service reads from its environment: where Kafka, Redis and Sage are, and the name prefixes
 * that keep deployments apart. Each variable is documented in the README.
 *
 * @param kafkaBootstrapServers {@code KAFKA_BOOTSTRAP_SERVERS}, default {@code localhost:9092}
 * @param redisUrl {@code REDIS_URL}, default {@code redis://localhost:6379}
 * @param topicPrefix {@code TOPIC_PREFIX}, default empty
 * @param keyPrefix {@code REDIS_KEY_PREFIX}, default {@code s200e:}
 * @param sage {@code SAGE_ID_BASE_URL} and {@code SAGE_API_BASE_URL}, default Sage's production endpoints
 * @param partitions {@code TOPIC_PARTITIONS} for topics we create, default 12
 * @param replicationFactor {@code TOPIC_REPLICATION_FACTOR} for topics we create, default 1
 */
public record ServiceEnvironment(
        String kafkaBootstrapServers,
        String redisUrl,
        String topicPrefix,
        String keyPrefix,
        SageEndpoints sage,
        int partitions,
        short replicationFactor) {

    public ServiceEnvironment {
        if (kafkaBootstrapServers == null || kafkaBootstrapServers.isBlank()) {
            throw new IllegalArgumentException("kafkaBootstrapServers must be set");
        }
        if (redisUrl == null || !redisUrl.matches("rediss?://.+")) {
            throw new IllegalArgumentException("redisUrl must look like redis://host:port, not '" + redisUrl + "'");
        }
        if (partitions < 1) {
            throw new IllegalArgumentException("partitions must be at least 1");
        }
        if (replicationFactor < 1) {
            throw new IllegalArgumentException("replicationFactor must be at least 1");
        }
    }

    public static ServiceEnvironment fromEnv(Map<String, String> vars) {
        Env env = Env.of(vars);
        int replicationFactor = env.integer("TOPIC_REPLICATION_FACTOR", 1);
        if (replicationFactor > Short.MAX_VALUE) {
            throw new IllegalArgumentException("TOPIC_REPLICATION_FACTOR must be at most " + Short.MAX_VALUE);
        }
        return new ServiceEnvironment(
                env.string("KAFKA_BOOTSTRAP_SERVERS", "localhost:9092"),
                env.string("REDIS_URL", "redis://localhost:6379"),
                env.string("TOPIC_PREFIX", ""),
                env.string("REDIS_KEY_PREFIX", "s200e:"),
                new SageEndpoints(env.string("SAGE_ID_BASE_URL", null), env.string("SAGE_API_BASE_URL", null),
                        env.string("SAGE_AUDIENCE", null)),
                env.integer("TOPIC_PARTITIONS", 12),
                (short) replicationFactor);
    }

    /**
     * The variables {@link #fromEnv} reads back into this environment, e.g. for a child process (the tests' killed
     * workers and dispatchers) or {@code ServiceMain.start}.
     */
    public Map<String, String> variables() {
        Map<String, String> vars = new HashMap<>();
        vars.put("KAFKA_BOOTSTRAP_SERVERS", kafkaBootstrapServers);
        vars.put("REDIS_URL", redisUrl);
        vars.put("TOPIC_PREFIX", topicPrefix);
        vars.put("REDIS_KEY_PREFIX", keyPrefix);
        vars.put("TOPIC_PARTITIONS", Integer.toString(partitions));
        vars.put("TOPIC_REPLICATION_FACTOR", Short.toString(replicationFactor));
        vars.put("SAGE_ID_BASE_URL", sage.idBaseUrl());
        vars.put("SAGE_API_BASE_URL", sage.apiBaseUrl());
        vars.put("SAGE_AUDIENCE", sage.audience());
        return vars;
    }

    /** Opens this service's handle on Redis ({@code REDIS_URL}, {@code REDIS_KEY_PREFIX}); the caller closes it. */
    public RedisStores connectRedis() {
        return RedisStores.connect(redisUrl, keyPrefix);
    }

    public Topics topics() {
        return new Topics(topicPrefix);
    }

    /** Our topics as this deployment creates them. */
    public List<TopicSpec> topicSpecs() {
        return topics().specs(partitions, replicationFactor);
    }

    public RedisKeys keys() {
        return new RedisKeys(keyPrefix);
    }

    public ServiceEnvironment withSage(SageEndpoints endpoints) {
        return new ServiceEnvironment(kafkaBootstrapServers, redisUrl, topicPrefix, keyPrefix, endpoints, partitions, replicationFactor);
    }
}
