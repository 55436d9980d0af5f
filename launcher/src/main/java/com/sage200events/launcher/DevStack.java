package com.sage200events.launcher;

import com.sage200events.common.config.Closeables;
import com.sage200events.common.config.ServiceEnvironment;
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
 * both build on this.
 */
public final class DevStack implements AutoCloseable {

    private final Sandbox sandbox;
    private final WebhookReceiver inbox;
    private final Scheduler scheduler;
    private final Worker worker;
    private final Dispatcher dispatcher;
    private final ServiceEnvironment env;
    private final PrometheusMeterRegistry registry;

    private DevStack(Sandbox sandbox, WebhookReceiver inbox, Scheduler scheduler, Worker worker, Dispatcher dispatcher,
                     ServiceEnvironment env, PrometheusMeterRegistry registry) {
        this.sandbox = sandbox;
        this.inbox = inbox;
        this.scheduler = scheduler;
        this.worker = worker;
        this.dispatcher = dispatcher;
        this.env = env;
        this.registry = registry;
    }

    /** Ports given as 0 are chosen free. */
    public static DevStack start(DevStackOptions options) {
        Sandbox sandbox = Sandbox.start(SandboxConfig.defaults().withPort(options.sandboxPort()));
        WebhookReceiver inbox = null;
        Scheduler scheduler = null;
        Worker worker = null;
        try {
            inbox = WebhookReceiver.start(options.inboxPort());
            SageEndpoints sage = new SageEndpoints(sandbox.baseUrl(), sandbox.apiBaseUrl(), null);
            ServiceEnvironment env = new ServiceEnvironment(options.kafkaBootstrapServers(), options.redisUrl(),
                    options.topicPrefix(), options.keyPrefix(), sage, options.partitions(), (short) 1);
            PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
            Clock clock = Clock.systemUTC();
            scheduler = Scheduler.start(env, options.scheduler(), registry, clock);
            worker = Worker.start(env, options.worker(), registry, clock, options.workerProducerOverrides());
            Dispatcher dispatcher = Dispatcher.start(env, options.dispatcher(), registry, clock);
            return new DevStack(sandbox, inbox, scheduler, worker, dispatcher, env, registry);
        } catch (RuntimeException e) {
            Closeables.safeClose(worker);
            Closeables.safeClose(scheduler);
            Closeables.safeClose(inbox);
            Closeables.safeClose(sandbox);
            throw e;
        }
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
        Closeables.safeClose(scheduler);
        worker.shutdown(Duration.ofSeconds(20));
        dispatcher.shutdown(Duration.ofSeconds(20));
        Closeables.safeClose(inbox);
        Closeables.safeClose(sandbox);
    }
}
