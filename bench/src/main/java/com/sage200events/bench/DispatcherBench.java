package com.sage200events.bench;

import com.sage200events.common.config.ServiceEnvironment;
import com.sage200events.common.http.CallbackUrlGuard;
import com.sage200events.common.kafka.TopicProvisioner;
import com.sage200events.common.model.EventNotification;
import com.sage200events.common.redis.RedisClients;
import com.sage200events.common.sage.SageEndpoints;
import com.sage200events.dispatcher.Dispatcher;
import com.sage200events.dispatcher.DispatcherConfig;
import com.sage200events.dispatcher.EndpointPolicy;
import com.sage200events.testkit.TestRedis;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.lang.management.ManagementFactory;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import redis.clients.jedis.JedisPooled;

/**
 * Dispatcher throughput against the machine (issue 12, DESIGN.md §9): nginx answering 200 on loopback (one
 * worker, no access log) is the receiver; {@code wrk} posting the same body with the same headers over the same
 * number of connections is the ceiling, measured in the same run. Then the candidate HTTP clients alone (JDK,
 * Jetty, Apache HttpClient 5) and the dispatcher itself: notifications of one event each (so events/s =
 * POSTs/s) for 20 instances on one endpoint, read from a real broker running in its own JVM, signed (Basic,
 * {@code Elements-Webhook-Signature}, Standard Webhooks), logged and marked in the real Redis. Last, the
 * isolation figure ({@link DispatcherIsolation}).
 *
 * <p>Usage: {@code bin/bench DispatcherBench [notifications=150000] [connections=32] [wrkSeconds=10]
 * [isolationRate=2000] [isolationSeconds=20]}; {@code bin/bench} installs nginx and wrk when missing.
 */
public final class DispatcherBench {

    private static final int INSTANCES = 20;
    /**
     * Requests each client, and notifications the dispatcher, handle before they are measured. Enough for the JIT to
     * finish: with 20,000 the raw Jetty client still spent about twice the CPU per POST it settles at (its C2
     * compilations ran during the measurement), and a running service pays that once, not per event.
     */
    private static final int WARMUP = 100_000;
    /**
     * Dispatcher runs of {@link #WARMUP} before the measured one. The JIT keeps recompiling the hot methods across
     * dispatcher restarts (its compiler threads spent 39, 25, 21 and still 15 us per event in four consecutive runs),
     * so the bench prints CPU by thread, compiler threads included, rather than hide them.
     */
    private static final int WARMUP_ROUNDS = 3;

    private DispatcherBench() {
    }

    public static void main(String[] args) throws Exception {
        int count = args.length > 0 ? Integer.parseInt(args[0]) : 150_000;
        int connections = args.length > 1 ? Integer.parseInt(args[1]) : 32;
        int wrkSeconds = args.length > 2 ? Integer.parseInt(args[2]) : 10;
        int isolationRate = args.length > 3 ? Integer.parseInt(args[3]) : 2_000;
        int isolationSeconds = args.length > 4 ? Integer.parseInt(args[4]) : 20;
        System.out.println(BenchReport.header("DispatcherBench") + "  |  load " + BenchData.load());
        try (Nginx nginx = Nginx.start(INSTANCES); BrokerProcess broker = BrokerProcess.start()) {
            System.out.println("receiver: nginx, 1 worker, return 200, access_log off; broker: its own JVM at " + broker.bootstrapServers());
            String url = nginx.url(0);
            List<EventNotification> warmup = BenchData.notifications(WARMUP, INSTANCES);
            List<EventNotification> measured = BenchData.notifications(count, INSTANCES);
            List<byte[]> bodies = BenchData.bodies(measured);
            Map<String, String> headers = BenchData.headers(measured.get(0).notificationId(), bodies.get(0));

            Wrk.Result ceiling = Wrk.post(url, bodies.get(0), headers, connections, wrkSeconds);
            System.out.printf(Locale.ROOT, "wrk (ceiling)   : %,.0f POST/s, p50 %.2f ms, p99 %.2f ms (-t1 -c%d -d%ds, %d-byte body)%n",
                    ceiling.requestsPerSecond(), ceiling.p50Ms(), ceiling.p99Ms(), connections, wrkSeconds, bodies.get(0).length);

            List<RawClients.Result> raw = new ArrayList<>();
            raw.add(rawRun("JDK HttpClient", RawClients.jdk(url, headers), warmup, bodies, connections));
            raw.add(rawRun("Jetty HttpClient", RawClients.jetty(url, headers, connections), warmup, bodies, connections));
            raw.add(rawRun("Apache HttpClient 5", RawClients.apache(url, headers, connections), warmup, bodies, connections));
            for (RawClients.Result r : raw) {
                System.out.printf(Locale.ROOT, "raw %-20s: %,.0f POST/s = %.2f x wrk, p50 %.2f ms, p99 %.2f ms, %d not 2xx, %.0f us CPU per POST%n",
                        r.client(), r.perSecond(), r.perSecond() / ceiling.requestsPerSecond(), r.p50Ms(), r.p99Ms(), r.failed(), r.cpuMicrosPerPost());
            }

            String prefix = "bench-" + UUID.randomUUID().toString().substring(0, 8) + "-";
            ServiceEnvironment env = new ServiceEnvironment(broker.bootstrapServers(), TestRedis.endpoint().uri(), prefix, prefix + ":",
                    SageEndpoints.production(), 4, (short) 1);
            TopicProvisioner.ensure(env.kafkaBootstrapServers(), env.topicSpecs());
            try (JedisPooled redis = RedisClients.pooled(env.redisUrl())) {
                BenchData.storeInstances(redis, env, INSTANCES, id -> url);
            }
            DispatcherConfig config = DispatcherConfig.defaults().withGroupId(prefix + "dispatchers").withGuard(CallbackUrlGuard.dev())
                    .withEndpoints(new EndpointPolicy(connections, 10_000, 5, Duration.ofSeconds(30), Duration.ofSeconds(5)));
            DispatcherRun run;
            try {
                for (int round = 0; round < WARMUP_ROUNDS; round++) {
                    dispatcherRun(env, config, BenchData.notifications(WARMUP, INSTANCES));
                }
                System.out.println("load before the measured dispatcher run: " + BenchData.load());
                run = dispatcherRun(env, config, measured);
            } finally {
                System.out.printf(Locale.ROOT, "  (%,d bench keys removed from Redis)%n", BenchKeys.delete(env.redisUrl(), prefix));
            }
            System.out.printf(Locale.ROOT, "dispatcher      : %,d delivered in %.2f s = %,.0f events/s = %.2f x wrk, attempt p50 %.2f ms, p99 %.2f ms, %d not delivered%n",
                    run.delivered, run.seconds, run.delivered / run.seconds, run.delivered / run.seconds / ceiling.requestsPerSecond(),
                    run.p50Ms, run.p99Ms, run.notDelivered);
            System.out.printf(Locale.ROOT, "memory          : heap used peak %d MiB (dispatcher JVM; the broker runs apart)%n", run.peakHeap >> 20);

            DispatcherIsolation.run(broker.bootstrapServers(), nginx, connections, isolationRate, isolationSeconds);
            System.out.println("load at the end: " + BenchData.load());
        }
        System.exit(0);
    }

    private static RawClients.Result rawRun(String name, RawClients.Poster poster, List<EventNotification> warmup, List<byte[]> bodies,
                                            int connections) throws Exception {
        try (poster) {
            RawClients.run(name, poster, BenchData.bodies(warmup), connections);
            return RawClients.run(name, poster, bodies, connections);
        }
    }

    private record DispatcherRun(long delivered, double seconds, double p50Ms, double p99Ms, long notDelivered, long peakHeap) {
    }

    /** Publishes {@code notifications}, then starts a dispatcher and times it from its first delivery to its last. */
    private static DispatcherRun dispatcherRun(ServiceEnvironment env, DispatcherConfig config, List<EventNotification> notifications)
            throws InterruptedException {
        BenchData.publish(env, notifications);
        System.gc();
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        Counter delivered = registry.counter("dispatcher_attempts_total", "outcome", "delivered");
        CpuMeter cpu = CpuMeter.start();
        RedisServerStats redisBefore = RedisServerStats.read(env.redisUrl());
        Dispatcher dispatcher = Dispatcher.start(env, config, registry, Clock.systemUTC());
        long started = 0;
        long peak = 0;
        double backlog = 0;
        double inFlight = 0;
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
        while (delivered.count() < notifications.size() && System.nanoTime() < deadline) {
            if (started == 0 && delivered.count() > 0) {
                started = System.nanoTime();
            }
            peak = Math.max(peak, ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
            backlog = Math.max(backlog, registry.get("dispatcher_outcome_backlog").gauge().value());
            inFlight = Math.max(inFlight, registry.get("dispatcher_deliveries_in_flight").gauge().value());
            Thread.sleep(5); // sampling the counter and the heap, not waiting for a condition to come true
        }
        long elapsed = System.nanoTime() - started;
        long done = (long) delivered.count();
        CpuMeter.Usage used = cpu.stop();
        RedisServerStats redisSpent = RedisServerStats.read(env.redisUrl()).minus(redisBefore);
        dispatcher.shutdown(Duration.ofSeconds(20));
        Timer latency = registry.find("dispatcher_delivery_latency").timer();
        System.out.printf(Locale.ROOT, "  (run of %,d: most admitted and unfinished %,.0f, longest outcome backlog %,.0f, "
                + "dispatcher JVM CPU %.0f us per event (%.0f %% of it in the kernel), %,.0f deferred to the retry queue, %,.0f retry attempts)%n",
                notifications.size(), inFlight, backlog, used.microsPer(Math.max(1, done)), 100 * used.kernelShare(),
                counted(registry, "dispatcher_deferred_total"), counted(registry, "dispatcher_attempts_total", "outcome", "retry"));
        System.out.printf(Locale.ROOT, "  (by thread, us per event: %s)%n", used.topKernelThreads(10, Math.max(1, done)));
        System.out.printf(Locale.ROOT, "  (Redis server: %.1f commands and %.1f us of its CPU per event; the whole server, so only meaningful "
                + "when nothing else uses it)%n", redisSpent.commands() / (double) Math.max(1, done), redisSpent.cpuMicros() / Math.max(1, done));
        return new DispatcherRun(done, elapsed / 1e9, percentile(latency, 0.5), percentile(latency, 0.99),
                notifications.size() - done, peak);
    }


    private static double counted(SimpleMeterRegistry registry, String name, String... tags) {
        Counter counter = registry.find(name).tags(tags).counter();
        return counter == null ? 0 : counter.count();
    }

    static double percentile(Timer timer, double p) {
        for (var v : timer.takeSnapshot().percentileValues()) {
            if (Math.abs(v.percentile() - p) < 1e-9) {
                return v.value(TimeUnit.MILLISECONDS);
            }
        }
        return Double.NaN;
    }
}
