package com.sage200events.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sage200events.common.config.ServiceEnvironment;
import com.sage200events.common.delivery.WebhookSecrets;
import com.sage200events.common.http.CallbackUrlGuard;
import com.sage200events.common.json.Json;
import com.sage200events.common.kafka.KafkaClients;
import com.sage200events.common.kafka.TopicProvisioner;
import com.sage200events.common.model.Event;
import com.sage200events.common.model.EventIds;
import com.sage200events.common.model.EventNotification;
import com.sage200events.common.model.InstanceStatus;
import com.sage200events.common.model.StoredInstance;
import com.sage200events.common.redis.InstanceRepository;
import com.sage200events.common.redis.RedisClients;
import com.sage200events.common.sage.SageEndpoints;
import com.sage200events.dispatcher.Dispatcher;
import com.sage200events.dispatcher.DispatcherConfig;
import com.sage200events.dispatcher.EndpointPolicy;
import com.sage200events.testkit.EmbeddedKafka;
import com.sage200events.testkit.TestRedis;
import com.sun.net.httpserver.HttpServer;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import redis.clients.jedis.JedisPooled;

/**
 * Dispatcher throughput: notifications (one event each, so events/s = POSTs/s) delivered to a local receiver
 * answering 200 at once, against a raw baseline in the same run: the JDK HTTP client posting the same bodies
 * to the same receiver with the same concurrency (the dispatcher's per-endpoint in-flight limit). Real
 * broker and Redis. Usage: {@code bin/bench DispatcherBench [notifications] [concurrency]}.
 */
public final class DispatcherBench {

    private DispatcherBench() {
    }

    public static void main(String[] args) throws Exception {
        int count = args.length > 0 ? Integer.parseInt(args[0]) : 40_000;
        int concurrency = args.length > 1 ? Integer.parseInt(args[1]) : 32;
        System.out.println(BenchReport.header("DispatcherBench"));
        AtomicLong received = new AtomicLong();
        HttpServer receiver = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 1024);
        receiver.createContext("/", exchange -> {
            try (exchange) {
                exchange.getRequestBody().readAllBytes();
                exchange.sendResponseHeaders(200, -1);
                received.incrementAndGet();
            }
        });
        receiver.setExecutor(Executors.newFixedThreadPool(concurrency));
        receiver.start();
        String url = "http://127.0.0.1:" + receiver.getAddress().getPort() + "/hook";

        try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
            String prefix = "bench-" + UUID.randomUUID().toString().substring(0, 8) + "-";
            ServiceEnvironment env = new ServiceEnvironment(kafka.bootstrapServers(), TestRedis.endpoint().uri(), prefix, prefix + ":",
                    SageEndpoints.production(), 4, (short) 1);
            TopicProvisioner.ensure(env.kafkaBootstrapServers(), env.topicSpecs());
            int instances = 20;
            try (JedisPooled redis = RedisClients.pooled(env.redisUrl())) {
                storeInstances(redis, env, instances, url);
            }
            List<EventNotification> warmup = notifications(5_000, instances);
            List<EventNotification> measured = notifications(count, instances);

            // Raw baseline first, warmed up on its own bodies, so both sides run on a warm JVM.
            HttpClient raw = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
            rawRun(raw, url, bodies(warmup), concurrency);
            Result baseline = rawRun(raw, url, bodies(measured), concurrency);

            DispatcherConfig config = DispatcherConfig.defaults().withGroupId(prefix + "dispatchers")
                    .withGuard(CallbackUrlGuard.dev())
                    .withEndpoints(new EndpointPolicy(concurrency, 10_000, 5, Duration.ofSeconds(30), Duration.ofSeconds(5)));
            publish(env, warmup);
            SimpleMeterRegistry warmRegistry = new SimpleMeterRegistry();
            long before = received.get();
            Dispatcher first = Dispatcher.start(env, config, warmRegistry, Clock.systemUTC());
            awaitCount(received, before + warmup.size(), Duration.ofMinutes(2));
            first.shutdown(Duration.ofSeconds(20));

            publish(env, measured);
            System.gc();
            long heapBefore = usedHeap();
            SimpleMeterRegistry registry = new SimpleMeterRegistry();
            before = received.get();
            long peak = 0;
            Dispatcher dispatcher = Dispatcher.start(env, config, registry, Clock.systemUTC());
            long started = 0;
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
            while (received.get() < before + measured.size() && System.nanoTime() < deadline) {
                if (started == 0 && received.get() > before) {
                    started = System.nanoTime();
                }
                peak = Math.max(peak, usedHeap());
                Thread.sleep(20); // sampling the heap and the counter, not waiting for a condition to come true
            }
            long elapsed = System.nanoTime() - started;
            long delivered = received.get() - before;
            System.gc();
            long heapRetained = usedHeap();
            dispatcher.shutdown(Duration.ofSeconds(20));
            Timer latency = registry.find("dispatcher_delivery_latency").timer();
            double rate = delivered / (elapsed / 1e9);
            System.out.printf(Locale.ROOT, "raw JDK client : %,d posts in %.2f s = %,.0f/s, latency p50 %.2f ms, p99 %.2f ms (concurrency %d)%n",
                    baseline.count, baseline.seconds, baseline.count / baseline.seconds, baseline.p50, baseline.p99, concurrency);
            System.out.printf(Locale.ROOT, "dispatcher     : %,d delivered in %.2f s = %,.0f events/s, attempt latency p50 %.2f ms, p99 %.2f ms%n",
                    delivered, elapsed / 1e9, rate, percentile(latency, 0.5), percentile(latency, 0.99));
            System.out.printf(Locale.ROOT, "ratio          : %.2f x the raw client%n", rate / (baseline.count / baseline.seconds));
            System.out.printf(Locale.ROOT, "memory         : heap used peak %d MiB, retained after GC %d MiB (before start %d MiB; whole JVM incl. broker and receiver)%n",
                    peak >> 20, heapRetained >> 20, heapBefore >> 20);
        } finally {
            receiver.stop(0);
            ((java.util.concurrent.ExecutorService) receiver.getExecutor()).shutdownNow();
        }
        System.exit(0);
    }

    private record Result(long count, double seconds, double p50, double p99) {
    }

    private static Result rawRun(HttpClient client, String url, List<byte[]> bodies, int concurrency) throws Exception {
        Semaphore slots = new Semaphore(concurrency);
        long[] latencies = new long[bodies.size()];
        List<CompletableFuture<?>> all = new ArrayList<>(bodies.size());
        long started = System.nanoTime();
        for (int i = 0; i < bodies.size(); i++) {
            slots.acquire();
            int index = i;
            long t0 = System.nanoTime();
            HttpRequest request = HttpRequest.newBuilder(URI.create(url)).version(HttpClient.Version.HTTP_1_1)
                    .timeout(Duration.ofSeconds(15)).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(bodies.get(i))).build();
            all.add(client.sendAsync(request, HttpResponse.BodyHandlers.discarding()).whenComplete((r, e) -> {
                latencies[index] = System.nanoTime() - t0;
                slots.release();
            }));
        }
        CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).join();
        double seconds = (System.nanoTime() - started) / 1e9;
        Arrays.sort(latencies);
        return new Result(bodies.size(), seconds, latencies[latencies.length / 2] / 1e6, latencies[(int) (latencies.length * 0.99)] / 1e6);
    }

    private static double percentile(Timer timer, double p) {
        for (var v : timer.takeSnapshot().percentileValues()) {
            if (Math.abs(v.percentile() - p) < 1e-9) {
                return v.value(TimeUnit.MILLISECONDS);
            }
        }
        return Double.NaN;
    }

    private static void storeInstances(JedisPooled redis, ServiceEnvironment env, int count, String url) throws Exception {
        InstanceRepository repository = new InstanceRepository(redis, env.keys());
        WebhookSecrets secrets = new WebhookSecrets(redis, env.keys());
        for (long id = 1; id <= count; id++) {
            ObjectNode configuration = (ObjectNode) Json.tree(Files.readString(Path.of("examples", "seed-instance.json"))).get("configuration");
            configuration.put("event.notification.callback.url", url);
            configuration.put("event.notification.signature.key", "bench-signing-key");
            repository.save(new StoredInstance(id, "default", "bench-" + id, List.of(), Instant.now(), InstanceStatus.ACTIVE, null,
                    configuration, null));
            secrets.create(id);
        }
    }

    /** One event each, unique ids, instances round-robin. */
    private static List<EventNotification> notifications(int count, int instances) {
        List<EventNotification> list = new ArrayList<>(count);
        String run = UUID.randomUUID().toString();
        Instant updated = Instant.parse("2026-11-28T07:00:00Z");
        for (int i = 0; i < count; i++) {
            long instance = 1 + (i % instances);
            String objectId = run + "-" + i;
            Event event = new Event(EventIds.eventId(instance, "customers", objectId, updated), Event.UPDATED, "customers", objectId,
                    "2026-11-28T07:00:00Z", "2026-11-28T07:01:00Z", "sage200", "finance");
            list.add(new EventNotification(EventNotification.SCHEMA_VERSION, EventIds.notificationId(List.of(event.eventId())), instance,
                    "customers", event.pollDate(), List.of(event),
                    List.of(Json.tree("{\"id\":" + i + ",\"name\":\"Customer " + i + "\",\"reference\":\"REF" + i
                            + "\",\"balance\":123.45,\"date_time_updated\":\"2026-11-28T07:00:00Z\"}"))));
        }
        return list;
    }

    /** The Cloud Elements body the dispatcher posts (DESIGN.md §5), built the same way for the raw client. */
    private static List<byte[]> bodies(List<EventNotification> notifications) {
        List<byte[]> bodies = new ArrayList<>(notifications.size());
        for (EventNotification n : notifications) {
            ObjectNode raw = Json.object();
            raw.put("objectType", n.objectType());
            raw.set("events", Json.mapper().valueToTree(n.events()));
            raw.set(n.objectType(), Json.mapper().valueToTree(n.records()));
            ObjectNode message = Json.object();
            message.put("eventId", n.notificationId());
            message.put("instanceId", n.instanceId());
            message.put("instance_id", n.instanceId());
            message.put("elementKey", "sage200");
            message.put("hubKey", "finance");
            message.set("events", Json.mapper().valueToTree(n.events()));
            message.set("raw", raw);
            ObjectNode body = Json.object();
            body.set("message", message);
            bodies.add(Json.toBytes(body));
        }
        return bodies;
    }

    private static void publish(ServiceEnvironment env, List<EventNotification> notifications) {
        try (KafkaProducer<String, byte[]> producer = KafkaClients.producer(env.kafkaBootstrapServers(), "bench", Map.of())) {
            for (EventNotification n : notifications) {
                producer.send(new ProducerRecord<>(env.topics().events(), Long.toString(n.instanceId()), Json.toBytes(n)));
            }
            producer.flush();
        }
    }

    private static void awaitCount(AtomicLong counter, long target, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (counter.get() < target && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
    }

    private static long usedHeap() {
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }
}
