package com.sage200events.worker;

import com.sage200events.common.config.ServiceEnvironment;
import com.sage200events.common.ops.HealthChecks;
import com.sage200events.common.ops.OpsRoutes;
import com.sage200events.common.redis.RedisStores;
import io.javalin.Javalin;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Clock;
import java.time.Duration;

/** Runs one worker process: {@code /health} and {@code /metrics} on {@code WORKER_PORT} (default 8082). */
public final class WorkerMain {

    private WorkerMain() {
    }

    public static void main(String[] args) {
        ServiceEnvironment env = ServiceEnvironment.fromEnv(System.getenv());
        WorkerConfig config = WorkerConfig.fromEnv(System.getenv());
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        Worker worker = Worker.start(env, config, registry, Clock.systemUTC());
        RedisStores healthRedis = env.connectRedis();
        Javalin ops = OpsRoutes.standalone(Integer.parseInt(System.getenv().getOrDefault("WORKER_PORT", "8082")), "worker",
                new HealthChecks().redis(healthRedis).kafka(env.kafkaBootstrapServers()), registry);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            worker.shutdown(Duration.ofSeconds(30));
            ops.stop();
            healthRedis.close();
        }, "worker-shutdown"));
    }
}
