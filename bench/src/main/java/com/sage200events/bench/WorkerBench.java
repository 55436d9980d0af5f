package com.sage200events.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.sage200events.common.json.Json;
import com.sage200events.common.kafka.KafkaClients;
import com.sage200events.common.kafka.TopicProvisioner;
import com.sage200events.common.model.PollTask;
import com.sage200events.common.poll.DateFormats;
import com.sage200events.common.redis.RedisClients;
import com.sage200events.common.redis.RedisKeys;
import com.sage200events.common.redis.RedisStores;
import com.sage200events.common.redis.SageTokenStore;
import com.sage200events.common.sage.SageEndpoints;
import com.sage200events.common.sage.SageRetry;
import com.sage200events.common.sage.SageSessions;
import com.sage200events.common.sage.SageTokens;
import com.sage200events.sandbox.Sandbox;
import com.sage200events.sandbox.SandboxConfig;
import com.sage200events.sandbox.SandboxFault;
import com.sage200events.testkit.TestKafka;
import com.sage200events.testkit.TestRedis;
import com.sage200events.worker.PollObserver;
import com.sage200events.worker.WorkerConfig;
import com.sage200events.worker.internal.EventPublisher;
import com.sage200events.worker.internal.ResourcePollRunner;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import org.apache.kafka.clients.producer.KafkaProducer;
import redis.clients.jedis.JedisPooled;

/**
 * Worker throughput: records/s one worker turns into published events (Sage pages read, deduped against the
 * Redis cursor, published to Kafka with acks=all, cursor committed), next to a raw baseline in the same run:
 * the same keyset pages fetched over HTTP and parsed, with no dedupe and no publish. Also Redis round trips
 * per page. Then the same rounds again with every 10th Sage request (any path) answered {@code 429} with
 * {@code Retry-After: retryAfter} seconds, which the worker waits out in place (DESIGN §4 "Progress under faults"),
 * reported as a ratio to the fault-free worker of the same invocation (target ≥ 0.5, DESIGN §9).
 * Usage: {@code bin/bench WorkerBench [records=20000] [pageSize=500] [rounds=3] [retryAfter=1]}.
 */
public final class WorkerBench {

    private static final Set<String> PRODUCER_AVERAGES = Set.of("batch-size-avg", "compression-rate-avg",
            "records-per-request-avg", "record-size-avg");

    public static void main(String[] args) throws Exception {
        int records = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
        int pageSize = args.length > 1 ? Integer.parseInt(args[1]) : 500;
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 3;
        int retryAfter = args.length > 3 ? Integer.parseInt(args[3]) : 1;
        System.out.println(BenchReport.header("WorkerBench " + records + " records, pages of " + pageSize + ", " + rounds + " rounds"));

        String prefix = "bench-" + System.nanoTime() + "-";
        RedisKeys keys = new RedisKeys(prefix);
        try (Sandbox sandbox = Sandbox.start(SandboxConfig.defaults().withSeedData(false));
             JedisPooled redis = RedisClients.pooled(TestRedis.endpoint().uri())) {
            SageEndpoints endpoints = new SageEndpoints(sandbox.baseUrl(), sandbox.apiBaseUrl(), null);
            String topic = prefix + "sage.events";
            TopicProvisioner.ensure(TestKafka.bootstrapServers(), List.of(topic), 4, (short) 1);

            List<Long> instances = new ArrayList<>();
            long warmup = instance(redis, keys, sandbox, endpoints, pageSize);
            for (int r = 0; r < 2 * rounds; r++) {
                instances.add(instance(redis, keys, sandbox, endpoints, pageSize));
            }
            for (int i = 0; i < records; i++) {
                sandbox.create("customers", Map.of("name", "Bench customer " + i, "reference", "B" + i));
            }
            SageTokens tokens = new SageTokenStore(redis, keys).find(instances.get(0)).orElseThrow();

            CountingObserver observer = new CountingObserver();
            try (KafkaProducer<String, byte[]> producer = KafkaClients.producer(TestKafka.bootstrapServers(), "bench", EventPublisher.PRODUCER_SETTINGS)) {
                ResourcePollRunner runner = new ResourcePollRunner(WorkerConfig.defaults(), RedisStores.wrap(redis, keys),
                        new SageSessions(RedisStores.wrap(redis, keys), endpoints, Duration.ofSeconds(30), new SageRetry(3, Duration.ofSeconds(30), SageRetry.Pause.THREAD_SLEEP),
                                Clock.systemUTC(), new SimpleMeterRegistry()),
                        new EventPublisher(producer, topic), new SimpleMeterRegistry(), Clock.systemUTC(), observer);
                RawFetcher raw = new RawFetcher(sandbox, tokens.accessToken(), pageSize);
                raw.fetchAll(); // warm both paths once
                runner.run(PollTask.manual(warmup, "customers", Instant.now()));
                double faultFree = 0;
                for (int r = 0; r < rounds; r++) {
                    CpuMeter rawCpu = CpuMeter.start();
                    long t0 = System.nanoTime();
                    int rawRecords = raw.fetchAll();
                    double rawSeconds = (System.nanoTime() - t0) / 1e9;
                    CpuMeter.Usage rawUsage = rawCpu.stop();

                    observer.reset();
                    CpuMeter workerCpu = CpuMeter.start();
                    long t1 = System.nanoTime();
                    runner.run(PollTask.manual(instances.get(r), "customers", Instant.now()));
                    double workerSeconds = (System.nanoTime() - t1) / 1e9;
                    CpuMeter.Usage workerUsage = workerCpu.stop();
                    long events = Long.parseLong(redis.hget(keys.status(instances.get(r), "customers"), "eventsEmitted"));
                    int pages = rawRecords / pageSize + 1;
                    System.out.printf(Locale.ROOT,
                            "round %d: raw fetch+parse %,d records in %.2f s = %,.0f records/s | worker %,d events in %.2f s = %,.0f records/s"
                                    + " | ratio %.2f | Redis round trips %d for %d pages = %.2f per page%n",
                            r + 1, rawRecords, rawSeconds, rawRecords / rawSeconds, events, workerSeconds, rawRecords / workerSeconds,
                            (rawRecords / workerSeconds) / (rawRecords / rawSeconds), observer.redis.get(), pages,
                            observer.redis.get() / (double) pages);
                    // CPU per record swings far less with others' load than records/s: the figure to compare changes by.
                    System.out.printf(Locale.ROOT,
                            "  CPU per record (whole JVM: sandbox, broker and client): raw %.1f µs, worker %.1f µs, worker minus raw %.1f µs%n"
                                    + "    raw by thread (µs/record): %s%n    worker by thread (µs/record): %s%n",
                            rawUsage.microsPer(rawRecords), workerUsage.microsPer(rawRecords),
                            workerUsage.microsPer(rawRecords) - rawUsage.microsPer(rawRecords),
                            rawUsage.topGroups(6, rawRecords), workerUsage.topGroups(10, rawRecords));
                    System.out.println("  event producer (averages since it started): " + producerAverages(producer));
                    if (events != records) {
                        throw new IllegalStateException("worker published " + events + " events, expected " + records);
                    }
                    faultFree += rawRecords / workerSeconds;
                }
                faultFree /= rounds;
                sandbox.addFault(SandboxFault.throttle("*", retryAfter).everyNth(10));
                for (int r = rounds; r < 2 * rounds; r++) {
                    long t1 = System.nanoTime();
                    runner.run(PollTask.manual(instances.get(r), "customers", Instant.now()));
                    double seconds = (System.nanoTime() - t1) / 1e9;
                    long events = Long.parseLong(redis.hget(keys.status(instances.get(r), "customers"), "eventsEmitted"));
                    String state = redis.hget(keys.status(instances.get(r), "customers"), "state");
                    System.out.printf(Locale.ROOT,
                            "throttled round %d (every 10th request 429, Retry-After %d s): worker %,d events in %.2f s = %,.0f records/s"
                                    + " | ratio to the fault-free worker %.2f | state %s%n",
                            r - rounds + 1, retryAfter, events, seconds, events / seconds, (events / seconds) / faultFree, state);
                    if (events != records) {
                        throw new IllegalStateException("throttled worker published " + events + " events in one poll, expected " + records);
                    }
                }
                sandbox.clearFaults();
            }
        }
        System.exit(0);
    }

    /** The producer's batch size and compression, which set how much work each record is for the broker. */
    private static String producerAverages(KafkaProducer<String, byte[]> producer) {
        Map<String, Object> values = new TreeMap<>();
        producer.metrics().forEach((name, metric) -> {
            if (name.group().equals("producer-metrics") && PRODUCER_AVERAGES.contains(name.name())) {
                values.put(name.name(), metric.metricValue());
            }
        });
        return values.entrySet().stream().map(e -> String.format(Locale.ROOT, "%s %.3f", e.getKey(), (Double) e.getValue()))
                .collect(Collectors.joining(", "));
    }

    private static long instance(JedisPooled redis, RedisKeys keys, Sandbox sandbox, SageEndpoints endpoints, int pageSize) throws Exception {
        return BenchData.authorizedInstance(redis, keys, sandbox, endpoints, "customers", """
                {"url": "/hubs/finance/customers?where=date_time_updated>='${date:yyyy-MM-dd'T'HH:mm:ss}'", "idField": "id",
                 "pageSize": %d}""".formatted(pageSize));
    }

    /**
     * The baseline: the same keyset pages over HTTP, parsed, nothing else. Read as bytes and parsed by the same
     * mapper from bytes, as the worker reads them (SageApiClient): Jackson's Reader path, from a String, is slower,
     * and a slower baseline would flatter the worker.
     */
    private static final class RawFetcher {
        private final HttpClient http = HttpClient.newHttpClient();
        private final Sandbox sandbox;
        private final String token;
        private final int pageSize;

        RawFetcher(Sandbox sandbox, String token, int pageSize) {
            this.sandbox = sandbox;
            this.token = token;
            this.pageSize = pageSize;
        }

        int fetchAll() throws Exception {
            int total = 0;
            String after = null;
            while (true) {
                String filter = "date_time_updated ge 2000-01-01T00:00:00Z" + (after == null ? "" : " and (" + after + ")");
                String url = sandbox.apiBaseUrl() + "/customers?$filter=" + enc(filter) + "&$orderby=" + enc("date_time_updated asc, id asc")
                        + "&$top=" + pageSize;
                HttpResponse<byte[]> response = http.send(HttpRequest.newBuilder(URI.create(url))
                        .header("Authorization", "Bearer " + token).header("ocp-apim-subscription-key", "bench")
                        .header("X-Site", sandbox.sites().get(0).siteId()).header("X-Company", Integer.toString(sandbox.sites().get(0).companyId()))
                        .build(), HttpResponse.BodyHandlers.ofByteArray());
                JsonNode page = Json.mapper().readTree(response.body());
                total += page.size();
                if (page.size() < pageSize) {
                    return total;
                }
                JsonNode last = page.get(page.size() - 1);
                String stamp = DateFormats.odataLiteral(DateFormats.parseIso(last.get("date_time_updated").asText()).orElseThrow());
                after = "date_time_updated gt " + stamp + " or (date_time_updated eq " + stamp + " and id gt " + last.get("id").asLong() + ")";
            }
        }

        private static String enc(String value) {
            return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
        }
    }

    private static final class CountingObserver implements PollObserver {
        final AtomicLong redis = new AtomicLong();

        void reset() {
            redis.set(0);
        }

        @Override
        public void redisRoundTrip() {
            redis.incrementAndGet();
        }
    }
}
