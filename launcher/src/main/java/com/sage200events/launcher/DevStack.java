package com.sage200events.launcher;

import com.sage200events.common.config.ServiceEnvironment;
import com.sage200events.common.lifecycle.Lifecycle;
import com.sage200events.common.ops.Service;
import com.sage200events.common.sage.SageEndpoints;
import com.sage200events.dispatcher.Dispatcher;
import com.sage200events.sandbox.Sandbox;
import com.sage200events.sandbox.SandboxConfig;
import com.sage200events.scheduler.Scheduler;
import com.sage200events.testkit.WebhookReceiver;
import com.sage200events.worker.Worker;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Clock;
import java.time.Duration;

/**
 * Every part of the system in one JVM: the sandbox (as Sage), the scheduler's API, a worker, a dispatcher
 * and an inbox that records deliveries. Kafka and Redis are given; the dev launcher and the end-to-end tests
 * both build on this. One {@link Lifecycle} starts the pipeline back to front (sandbox, inbox, dispatcher, worker,
 * scheduler), so it stops front to back and in-flight work drains into the next stage first; a part that fails to
 * start closes the ones before it.
 */
public final class DevStack implements AutoCloseable {

    /** How long {@link #close} lets the three services drain, together. */
    private static final Duration SHUTDOWN = Duration.ofSeconds(60);

    private final Lifecycle lifecycle;
    private final Sandbox sandbox;
    private final WebhookReceiver inbox;
    private final Scheduler scheduler;
    private final ServiceEnvironment env;
    private final PrometheusMeterRegistry registry;

    private DevStack(Lifecycle lifecycle, Sandbox sandbox, WebhookReceiver inbox, Scheduler scheduler, ServiceEnvironment env,
                     PrometheusMeterRegistry registry) {
        this.lifecycle = lifecycle;
        this.sandbox = sandbox;
        this.inbox = inbox;
        this.scheduler = scheduler;
        this.env = env;
        this.registry = registry;
    }

    /** Ports given as 0 are chosen free. */
    public static DevStack start(DevStackOptions options) {
        Lifecycle lifecycle = new Lifecycle("dev stack");
        return lifecycle.starting(() -> {
            Sandbox sandbox = lifecycle.own("sandbox", Sandbox.start(SandboxConfig.defaults().withPort(options.sandboxPort())));
            WebhookReceiver inbox = lifecycle.own("inbox", WebhookReceiver.start(options.inboxPort()));
            SageEndpoints sage = new SageEndpoints(sandbox.baseUrl(), sandbox.apiBaseUrl(), null);
            ServiceEnvironment env = new ServiceEnvironment(options.kafkaBootstrapServers(), options.redisUrl(),
                    options.topicPrefix(), options.keyPrefix(), sage, options.partitions(), (short) 1);
            PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
            Clock clock = Clock.systemUTC();
            Dispatcher dispatcher = lifecycle.own("dispatcher", Dispatcher.start(env, options.dispatcher(), registry, clock),
                    Service::shutdown);
            Worker worker = lifecycle.own("worker", Worker.start(env, options.worker(), registry, clock, options.workerProducerOverrides()),
                    Service::shutdown);
            Scheduler scheduler = lifecycle.own("scheduler", Scheduler.start(env, options.scheduler(), registry, clock), Service::shutdown);
            // One JVM, one /health: the API's also names a dead worker or dispatcher loop.
            scheduler.watchLoopsOf(worker);
            scheduler.watchLoopsOf(dispatcher);
            return new DevStack(lifecycle, sandbox, inbox, scheduler, env, registry);
        });
    }

    public Sandbox sandbox() {
        return sandbox;
    }

    public WebhookReceiver inbox() {
        return inbox;
    }

    public String apiUrl() {
        return "http://localhost:" + scheduler.port();
    }

    public ServiceEnvironment env() {
        return env;
    }

    public PrometheusMeterRegistry registry() {
        return registry;
    }

    /** Stops the pipeline front to back so in-flight work drains into the next stage first. */
    @Override
    public void close() {
        lifecycle.shutdown(SHUTDOWN);
    }
}
