package com.sage200events.launcher;

import com.sage200events.common.config.Env;
import com.sage200events.common.http.CallbackUrlGuard;
import com.sage200events.dispatcher.DispatcherConfig;
import com.sage200events.scheduler.SchedulerConfig;
import com.sage200events.worker.WorkerConfig;
import java.util.HashMap;
import java.util.Map;

/**
 * How to run a {@link DevStack}. {@link #fromEnv} is {@code bin/dev}'s: the environment variables the services read
 * when they run alone; tests take free ports and unique prefixes with {@link #forTest}.
 */
public record DevStackOptions(
        String kafkaBootstrapServers,
        String redisUrl,
        String topicPrefix,
        String keyPrefix,
        int partitions,
        int sandboxPort,
        int inboxPort,
        SchedulerConfig scheduler,
        WorkerConfig worker,
        DispatcherConfig dispatcher,
        Map<String, Object> workerProducerOverrides) {

    /** Topic partitions of the dev stack when {@code TOPIC_PARTITIONS} is unset: one laptop, one broker. */
    static final int DEV_PARTITIONS = 4;
    static final int DEV_SANDBOX_PORT = 8090;
    /** Where the inbox listens; {@code examples/seed-instance.json} points its callback here. */
    static final int DEV_INBOX_PORT = 8070;

    /**
     * The dev stack as {@code bin/dev} runs it from {@code vars} (its process environment): each service's settings
     * come from that service's own {@code fromEnv}, so every variable of the README's configuration table means in
     * {@code bin/dev} what it means to the service run alone ({@code SchedulerConfig}, {@code WorkerConfig},
     * {@code DispatcherConfig}), and so do {@code TOPIC_PREFIX}, {@code REDIS_KEY_PREFIX}, {@code TOPIC_PARTITIONS} and
     * {@code SANDBOX_PORT}. Where a variable is unset the dev defaults apply: those services' own (the dev account
     * secrets, port 8080), {@code DELIVERY_MODE=dev} so the dispatcher may deliver to the inbox on localhost, and 4
     * partitions. Kafka and Redis are given: the launcher's embedded broker and the Redis it resolved; Sage is its
     * sandbox.
     *
     * @throws IllegalArgumentException naming the variable whose value does not parse or is out of range
     */
    public static DevStackOptions fromEnv(Map<String, String> vars, String kafkaBootstrapServers, String redisUrl) {
        Env env = Env.of(vars);
        return new DevStackOptions(kafkaBootstrapServers, redisUrl,
                env.string("TOPIC_PREFIX", ""),
                env.string("REDIS_KEY_PREFIX", "s200e:"),
                env.integer("TOPIC_PARTITIONS", DEV_PARTITIONS),
                env.integer("SANDBOX_PORT", DEV_SANDBOX_PORT),
                DEV_INBOX_PORT,
                SchedulerConfig.fromEnv(vars),
                WorkerConfig.fromEnv(vars),
                DispatcherConfig.fromEnv(withDevDeliveryMode(vars)),
                Map.of());
    }

    /** {@code vars} with {@code DELIVERY_MODE=dev} unless it names a mode of its own. */
    static Map<String, String> withDevDeliveryMode(Map<String, String> vars) {
        Map<String, String> dev = new HashMap<>(vars);
        dev.putIfAbsent(CallbackUrlGuard.MODE_ENV, "dev");
        return dev;
    }

    /** Free ports, the given prefix for topics, keys and consumer groups, and no reading of this process's environment. */
    public static DevStackOptions forTest(String kafkaBootstrapServers, String redisUrl, String prefix) {
        return new DevStackOptions(kafkaBootstrapServers, redisUrl, prefix, prefix, 2, 0, 0,
                SchedulerConfig.fromEnv(Map.of()).withPort(0, null),
                WorkerConfig.defaults().withGroupId(prefix + "workers"),
                DispatcherConfig.defaults().withGroupId(prefix + "dispatchers").withGuard(CallbackUrlGuard.dev()), Map.of());
    }

    public DevStackOptions withWorker(WorkerConfig newWorker, Map<String, Object> producerOverrides) {
        return new DevStackOptions(kafkaBootstrapServers, redisUrl, topicPrefix, keyPrefix, partitions, sandboxPort, inboxPort,
                scheduler, newWorker, dispatcher, producerOverrides);
    }

    public DevStackOptions withDispatcher(DispatcherConfig newDispatcher) {
        return new DevStackOptions(kafkaBootstrapServers, redisUrl, topicPrefix, keyPrefix, partitions, sandboxPort, inboxPort,
                scheduler, worker, newDispatcher, workerProducerOverrides);
    }
}
