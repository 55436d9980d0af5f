package com.sage200events.dispatcher;

import com.sage200events.common.config.ServiceEnvironment;
import com.sage200events.common.delivery.DeliveryRetention;
import com.sage200events.common.ops.HealthChecks;
import com.sage200events.common.ops.OpsRoutes;
import com.sage200events.common.redis.RedisStores;
import io.javalin.Javalin;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Clock;
import java.time.Duration;

/**
 * Runs one dispatcher process: {@code /health} and {@code /metrics} on {@code DISPATCHER_PORT} (default 8083).
 * The SSRF guard runs in production mode unless {@code DELIVERY_MODE=dev}.
 */
public final class DispatcherMain {

    private DispatcherMain() {
    }

    public static void main(String[] args) {
        ServiceEnvironment env = ServiceEnvironment.fromEnv(System.getenv());
        DeliveryRetention.shared(); // a bad DELIVERY_LOG_KEEP_* stops the start, not the first delivery
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        Dispatcher dispatcher = Dispatcher.start(env, DispatcherConfig.fromEnv(System.getenv()), registry, Clock.systemUTC());
        RedisStores healthRedis = env.connectRedis();
        Javalin ops = OpsRoutes.standalone(Integer.parseInt(System.getenv().getOrDefault("DISPATCHER_PORT", "8083")), "dispatcher",
                new HealthChecks().redis(healthRedis).kafka(env.kafkaBootstrapServers()).add("delivery", dispatcher::healthy), registry);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            dispatcher.shutdown(Duration.ofSeconds(30));
            ops.stop();
            healthRedis.close();
        }, "dispatcher-shutdown"));
    }
}
