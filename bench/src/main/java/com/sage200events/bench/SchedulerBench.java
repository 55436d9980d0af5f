package com.sage200events.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sage200events.common.config.ServiceEnvironment;
import com.sage200events.common.json.Json;
import com.sage200events.common.model.InstanceStatus;
import com.sage200events.common.model.StoredInstance;
import com.sage200events.common.redis.InstanceRepository;
import com.sage200events.common.redis.RedisClients;
import com.sage200events.common.redis.RedisKeys;
import com.sage200events.common.sage.SageEndpoints;
import com.sage200events.scheduler.Scheduler;
import com.sage200events.scheduler.SchedulerConfig;
import com.sage200events.testkit.TestKafka;
import com.sage200events.testkit.TestRedis;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.distribution.ValueAtPercentile;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import redis.clients.jedis.JedisPooled;

/**
 * One scheduler replica with many instances of the seed document's seven resources: heap used, slots
 * published per second and the lag from a slot's due time to its tasks' acknowledgement by Kafka.
 * Usage: {@code bin/bench SchedulerBench [instances=100000] [intervalMinutes=15] [seconds=120]}; with
 * {@code KAFKA_BOOTSTRAP_SERVERS} set it uses that broker instead of an in-process one.
 */
public final class SchedulerBench {

    public static void main(String[] args) throws Exception {
        int instances = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        int intervalMinutes = args.length > 1 ? Integer.parseInt(args[1]) : 15;
        int seconds = args.length > 2 ? Integer.parseInt(args[2]) : 120;
        System.out.println(BenchReport.header("SchedulerBench " + instances + " instances x 7 resources, every "
                + intervalMinutes + " min, measured " + seconds + " s"));

        String prefix = "sbench-" + System.nanoTime() + "-";
        RedisKeys keys = new RedisKeys(prefix);
        ObjectNode configuration = (ObjectNode) Json.tree(Files.readString(Path.of("examples", "seed-instance.json"))).get("configuration");
        configuration.put("event.poller.refresh_interval", Integer.toString(intervalMinutes));
        long setupStart = System.nanoTime();
        try (JedisPooled redis = RedisClients.pooled(TestRedis.endpoint().uri())) {
            InstanceRepository repository = new InstanceRepository(redis, keys);
            Instant created = Instant.now();
            for (int i = 0; i < instances; i++) {
                repository.create(new StoredInstance(repository.nextId(), "default", "bench-" + i, List.of(), created,
                        InstanceStatus.ACTIVE, null, configuration.deepCopy(), null));
            }
        }
        System.out.printf(Locale.ROOT, "setup: %,d instances written to Redis in %.1f s%n", instances, (System.nanoTime() - setupStart) / 1e9);

        // A broker of its own (KAFKA_BOOTSTRAP_SERVERS) keeps its memory out of the scheduler's heap figure.
        String kafka = System.getenv().getOrDefault("KAFKA_BOOTSTRAP_SERVERS", null);
        ServiceEnvironment env = new ServiceEnvironment(kafka != null ? kafka : TestKafka.bootstrapServers(), TestRedis.endpoint().uri(), prefix, prefix,
                SageEndpoints.production(), 12, (short) 1);
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        long startupStart = System.nanoTime();
        try (Scheduler scheduler = Scheduler.start(env, SchedulerConfig.fromEnv(Map.of()).withPort(0, null), registry, Clock.systemUTC())) {
            System.out.printf(Locale.ROOT, "start-up: %,d instances scheduled in %.1f s%n", instances, (System.nanoTime() - startupStart) / 1e9);
            Counter published = registry.counter("scheduler_slots_published_total");
            double before = published.count();
            long t0 = System.nanoTime();
            long peakHeap = 0;
            for (int s = 0; s < seconds; s++) {
                TimeUnit.SECONDS.sleep(1);
                peakHeap = Math.max(peakHeap, ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
            }
            double elapsed = (System.nanoTime() - t0) / 1e9;
            double slots = published.count() - before;
            System.gc();
            long retained = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
            Timer lag = registry.find("scheduler_slot_publish_lag").timer();
            StringBuilder percentiles = new StringBuilder();
            for (ValueAtPercentile p : lag.takeSnapshot().percentileValues()) {
                percentiles.append(String.format(Locale.ROOT, " p%.0f=%.0f ms", p.percentile() * 100, p.value(TimeUnit.MILLISECONDS)));
            }
            // Slots published = regular slots + catch-ups of slots that fell due during setup and start-up.
            System.out.printf(Locale.ROOT, "published %,.0f poll tasks in %.0f s = %,.0f slots/s (due: %,.0f/s) | lag due->acked:%s max=%.0f ms"
                            + " | heap peak %,d MiB, after GC %,d MiB | errors %.0f, skipped as pending %.0f, start-up catch-ups %.0f%n",
                    slots, elapsed, slots / elapsed, instances * 7.0 / (intervalMinutes * 60.0), percentiles,
                    lag.max(TimeUnit.MILLISECONDS), peakHeap >> 20, retained >> 20,
                    registry.counter("scheduler_slot_errors_total").count(),
                    registry.counter("scheduler_slots_skipped_pending_total").count(),
                    registry.counter("scheduler_catch_up_slots_total").count());
        }
        System.exit(0);
    }
}
