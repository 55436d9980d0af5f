package com.sage200events.bench;

import com.sage200events.common.json.Json;
import com.sage200events.common.kafka.KafkaClients;
import com.sage200events.common.kafka.TopicProvisioner;
import com.sage200events.common.model.PollTask;
import com.sage200events.common.redis.KnownIds;
import com.sage200events.common.redis.RedisClients;
import com.sage200events.common.redis.RedisKeys;
import com.sage200events.common.redis.RedisStores;
import com.sage200events.common.redis.SageTokenStore;
import com.sage200events.common.sage.SageEndpoints;
import com.sage200events.common.sage.SageRetry;
import com.sage200events.common.sage.SageSessions;
import com.sage200events.sandbox.Sandbox;
import com.sage200events.sandbox.SandboxConfig;
import com.sage200events.sandbox.SandboxRequest;
import com.sage200events.sandbox.SeedResult;
import com.sage200events.sandbox.SeedSpec;
import com.sage200events.testkit.TestKafka;
import com.sage200events.testkit.TestRedis;
import com.sage200events.worker.WorkerConfig;
import com.sage200events.worker.internal.EventPublisher;
import com.sage200events.worker.internal.ResourcePollRunner;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.TreeSet;
import org.apache.kafka.clients.producer.KafkaProducer;
import redis.clients.jedis.JedisPooled;

/**
 * The id reconciliation behind DELETED events (issue 14, DESIGN §4 "Deletions") at 1,000,000 ids: a sandbox resource
 * seeded with that many records (stamped two days back, so polls read no changes), polled by one worker with
 * {@code detectDeletes} after every poll. The first poll's reconciliation baselines the ids (no known ids yet); then
 * {@code deletes} random records are deleted and the second poll's reconciliation finds them. Printed for each: time,
 * Sage requests (pages of 5,000 ids), ids read, DELETED events; and the Redis memory of the known ids per id
 * ({@code MEMORY USAGE} of the hash).
 * Usage: {@code bin/bench ReconcileBench [ids=1000000] [deletes=1000] [hubResource=nominal-codes]}.
 */
public final class ReconcileBench {

    public static void main(String[] args) throws Exception {
        int ids = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        int deletes = args.length > 1 ? Integer.parseInt(args[1]) : 1_000;
        String resource = args.length > 2 ? args[2] : "nominal-codes";
        String sageResource = resource.replace('-', '_');
        System.out.println(BenchReport.header("ReconcileBench " + ids + " ids of " + resource + ", " + deletes + " deleted"));

        String prefix = "bench-" + System.nanoTime() + "-";
        RedisKeys keys = new RedisKeys(prefix);
        try (Sandbox sandbox = Sandbox.start(SandboxConfig.defaults().withSeedData(false));
             JedisPooled redis = RedisClients.pooled(TestRedis.endpoint().uri())) {
            SageEndpoints endpoints = new SageEndpoints(sandbox.baseUrl(), sandbox.apiBaseUrl(), null);
            String topic = prefix + "sage.events";
            TopicProvisioner.ensure(TestKafka.bootstrapServers(), List.of(topic), 4, (short) 1);
            long t = System.nanoTime();
            SeedResult seeded = sandbox.seed(SeedSpec.of(sageResource, ids).stampedFrom(Instant.now().minus(Duration.ofDays(2)), Duration.ofMillis(1)));
            System.out.printf(Locale.ROOT, "seeded %,d records (ids %d..%d) in %.1f s%n", seeded.created(), seeded.firstId(), seeded.lastId(),
                    (System.nanoTime() - t) / 1e9);
            long instanceId = BenchData.authorizedInstance(redis, keys, sandbox, endpoints, resource, """
                    {"url": "/hubs/finance/%s?where=date_time_updated>='${date:yyyy-MM-dd'T'HH:mm:ss}'", "idField": "id",
                     "detectDeletes": true, "detectDeletesEvery": 1}""".formatted(resource));
            PollTask task = PollTask.manual(instanceId, resource, Instant.now());
            RedisStores stores = RedisStores.wrap(redis, keys);
            KnownIds known = stores.knownIds(instanceId, resource);
            try (KafkaProducer<String, byte[]> producer = KafkaClients.producer(TestKafka.bootstrapServers(), "bench", EventPublisher.PRODUCER_SETTINGS)) {
                ResourcePollRunner runner = new ResourcePollRunner(WorkerConfig.defaults(), stores,
                        new SageSessions(stores, endpoints, Duration.ofSeconds(60), new SageRetry(3, Duration.ofSeconds(30),
                                SageRetry.Pause.THREAD_SLEEP), Clock.systemUTC(), new SimpleMeterRegistry()),
                        new EventPublisher(producer, topic), new SimpleMeterRegistry(), Clock.systemUTC());

                round("first reconciliation (baseline, nothing known)", sandbox, runner, task, redis, keys, instanceId, resource);
                long bytes = known.memoryBytes();
                System.out.printf(Locale.ROOT, "known ids in Redis: %,d bytes for %,d ids = %.3f bytes/id (%.2f bits)%n",
                        bytes, known.all().size(), bytes / (double) ids, bytes * 8.0 / ids);

                TreeSet<Long> gone = new TreeSet<>();
                Random random = new Random(14);
                while (gone.size() < deletes) {
                    gone.add(seeded.firstId() + random.nextInt(ids));
                }
                gone.forEach(id -> sandbox.delete(sageResource, id));
                long emitted = round("second reconciliation (" + deletes + " deleted)", sandbox, runner, task, redis, keys, instanceId,
                        resource);
                if (emitted != deletes) {
                    throw new IllegalStateException("reconciliation emitted " + emitted + " DELETED events, expected " + deletes);
                }
                bytes = known.memoryBytes();
                System.out.printf(Locale.ROOT, "known ids in Redis after: %,d bytes for %,d ids = %.3f bytes/id%n",
                        bytes, known.all().size(), bytes / (double) (ids - deletes));
                rawBaseline(sandbox, redis, keys, instanceId, sageResource, ids);
            }
        }
        System.exit(0);
    }

    /** One poll with its reconciliation; prints time, Sage requests and events; returns the DELETED events emitted. */
    private static long round(String name, Sandbox sandbox, ResourcePollRunner runner, PollTask task, JedisPooled redis, RedisKeys keys,
                              long instanceId, String resource) {
        sandbox.clearRequests();
        long t = System.nanoTime();
        runner.run(task);
        double seconds = (System.nanoTime() - t) / 1e9;
        List<SandboxRequest> requests = sandbox.requests();
        long idPages = requests.stream().filter(r -> r.query().contains("$select=id")).count();
        String error = redis.hget(keys.status(instanceId, resource), "lastError");
        String state = redis.hget(keys.status(instanceId, resource), "state");
        String lastDeleted = redis.hget(keys.knownIds(instanceId, resource, "meta"), "lastDeleted");
        long deleted = lastDeleted == null ? -1 : Long.parseLong(lastDeleted);
        System.out.printf(Locale.ROOT, "%s: poll + reconciliation %.2f s | Sage requests %d (%d pages of ids) | DELETED %d | state %s%s%n",
                name, seconds, requests.size(), idPages, deleted, state, error == null || error.isEmpty() ? "" : " | lastError " + error);
        return deleted;
    }

    /** The same pages of ids fetched over HTTP and parsed, nothing else: the floor a reconciliation cannot beat. */
    private static void rawBaseline(Sandbox sandbox, JedisPooled redis, RedisKeys keys, long instanceId, String sageResource, int ids)
            throws Exception {
        String token = new SageTokenStore(redis, keys).find(instanceId).orElseThrow().accessToken();
        HttpClient http = HttpClient.newHttpClient();
        long t = System.nanoTime();
        long last = -1;
        int read = 0;
        int requests = 0;
        while (true) {
            String url = sandbox.apiBaseUrl() + "/" + sageResource + "?$select=id&$orderby=id&$top=5000"
                    + (last < 0 ? "" : "&$filter=id%20gt%20" + last);
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(url))
                    .header("Authorization", "Bearer " + token).header("ocp-apim-subscription-key", "bench")
                    .header("X-Site", sandbox.sites().get(0).siteId()).header("X-Company", Integer.toString(sandbox.sites().get(0).companyId()))
                    .build(), HttpResponse.BodyHandlers.ofString());
            requests++;
            var page = Json.tree(response.body());
            read += page.size();
            if (page.size() < 5000) {
                break;
            }
            last = page.get(page.size() - 1).get("id").asLong();
        }
        System.out.printf(Locale.ROOT, "raw baseline: the same %d pages of ids fetched and parsed, %,d ids, in %.2f s%n",
                requests, read, (System.nanoTime() - t) / 1e9);
    }
}
