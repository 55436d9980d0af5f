package com.sage200events.launcher;

import com.sage200events.common.http.CallbackUrlGuard;
import com.sage200events.dispatcher.DispatcherConfig;
import com.sage200events.scheduler.SchedulerConfig;
import com.sage200events.worker.WorkerConfig;
import java.util.Map;

/**
 * How to run a {@link DevStack}. {@link #defaults} are the dev launcher's fixed ports; tests take free ports
 * and unique prefixes with {@link #forTest}.
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

    public static DevStackOptions defaults(String kafkaBootstrapServers, String redisUrl) {
        return new DevStackOptions(kafkaBootstrapServers, redisUrl, "", "s200e:", 4, 8090, 8070,
                SchedulerConfig.fromEnv(Map.of()).withPort(8080, "http://localhost:8080"),
                WorkerConfig.defaults(), DispatcherConfig.defaults().withGuard(CallbackUrlGuard.dev()), Map.of());
    }

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
