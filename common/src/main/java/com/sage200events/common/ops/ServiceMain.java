package com.sage200events.common.ops;

import com.sage200events.common.config.Env;
import com.sage200events.common.config.ServiceEnvironment;
import com.sage200events.common.lifecycle.Lifecycle;
import com.sage200events.common.redis.RedisStores;
import io.javalin.Javalin;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

/**
 * The one {@code main} of every service process: reads the environment, starts the service, serves {@code /health}
 * (Kafka, Redis and the service's own checks, its loops included) and {@code /metrics} on the service's ops port, and
 * drains everything on SIGTERM through a shutdown hook (DESIGN §7, STYLE 9). A start that fails halfway closes what
 * it opened and the exception escapes {@code main}, so the process exits non-zero.
 */
public final class ServiceMain {

    /** Starts one service from the process environment. */
    @FunctionalInterface
    public interface Starter {
        Service start(ServiceEnvironment env, Env vars, PrometheusMeterRegistry registry);
    }

    /**
     * A started process: the service, the port of its ops server ({@code -1} when the service serves its own), and
     * the process's lifecycle, which stops the ops server, then drains the service.
     */
    public record Running(Service service, int opsPort, Lifecycle process) implements AutoCloseable {
        @Override
        public void close() {
            process.shutdown(Service.DEFAULT_SHUTDOWN);
        }
    }

    private ServiceMain() {
    }

    /**
     * Runs {@code name} from this process's environment with a shutdown hook, and returns once it is started; the JVM
     * then lives on the service's threads.
     *
     * @param portVariable the variable naming the ops port (e.g. {@code WORKER_PORT}), or null for a service that
     *     mounts {@link OpsRoutes} on its own server (the scheduler's API)
     * @param defaultPort the ops port when {@code portVariable} is unset
     */
    public static void run(String name, String portVariable, int defaultPort, Starter starter) {
        Running running = start(name, portVariable, defaultPort, Env.system(), starter);
        Runtime.getRuntime().addShutdownHook(new Thread(running::close, name + "-shutdown"));
    }

    /** As {@link #run} with the given variables and no shutdown hook (the caller closes what it gets). */
    public static Running start(String name, String portVariable, int defaultPort, Env vars, Starter starter) {
        ServiceEnvironment env = ServiceEnvironment.fromEnv(vars.asMap());
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        Lifecycle process = new Lifecycle(name + " process");
        return process.starting(() -> {
            Service service = process.own(name, starter.start(env, vars, registry), Service::shutdown);
            if (portVariable == null) {
                return new Running(service, -1, process);
            }
            RedisStores healthRedis = process.own("health redis", env.connectRedis());
            HealthChecks checks = service.health(new HealthChecks().redis(healthRedis).kafka(env.kafkaBootstrapServers()));
            Javalin ops = process.own("ops server", OpsRoutes.standalone(vars.integer(portVariable, defaultPort), name, checks, registry),
                    (server, budget) -> server.stop());
            return new Running(service, ops.port(), process);
        });
    }
}
