package com.sage200events.scheduler;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sage200events.common.config.ServiceEnvironment;
import com.sage200events.common.json.Json;
import com.sage200events.common.kafka.KafkaClients;
import com.sage200events.common.model.PollTask;
import com.sage200events.common.redis.RedisClients;
import com.sage200events.common.sage.SageEndpoints;
import com.sage200events.sandbox.Sandbox;
import com.sage200events.sandbox.SandboxConfig;
import com.sage200events.testkit.JsonHttp;
import com.sage200events.testkit.TestKafka;
import com.sage200events.testkit.TestRedis;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import redis.clients.jedis.JedisPooled;

/**
 * A scheduler on the test JVM's broker and Redis with a unique key prefix, the sandbox as Sage ID, an admin
 * token, and the calls a tenant makes. {@link #replica()} starts another scheduler on the same prefix.
 */
final class SchedulerFixture implements AutoCloseable {

    static final String DEV_ACCOUNT = "User " + SchedulerConfig.DEV_USER_SECRET + ", Organization " + SchedulerConfig.DEV_ORGANIZATION_SECRET;

    final String prefix;
    final String adminToken = "admin-" + UUID.randomUUID();
    final Sandbox sandbox;
    final Scheduler scheduler;
    final JedisPooled redis;
    private final ServiceEnvironment env;
    private final SchedulerConfig config;
    private final List<Scheduler> replicas = new ArrayList<>();

    SchedulerFixture() {
        this.prefix = TestKafka.uniquePrefix();
        this.sandbox = Sandbox.start(SandboxConfig.defaults());
        this.env = new ServiceEnvironment(TestKafka.bootstrapServers(), TestRedis.endpoint().uri(), prefix, prefix,
                new SageEndpoints(sandbox.baseUrl(), sandbox.apiBaseUrl(), null), 1, (short) 1);
        this.config = SchedulerConfig.fromEnv(Map.of()).withPort(0, null).withAdminToken(adminToken);
        this.scheduler = startScheduler();
        this.redis = RedisClients.pooled(TestRedis.endpoint().uri());
    }

    /** Another scheduler replica on the same Redis prefix and topics. */
    Scheduler replica() {
        Scheduler replica = startScheduler();
        replicas.add(replica);
        return replica;
    }

    private Scheduler startScheduler() {
        return Scheduler.start(env, config, new PrometheusMeterRegistry(PrometheusConfig.DEFAULT), Clock.systemUTC());
    }

    String url(String path) {
        return scheduler.url() + path;
    }

    String pollTasksTopic() {
        return env.topics().pollTasks();
    }

    /** The fixture's {@code sage.events} topic, where the worker would publish notifications. */
    String eventsTopic() {
        return env.topics().events();
    }

    JsonHttp admin() {
        return JsonHttp.withHeaders(Map.of("Authorization", "Bearer " + adminToken));
    }

    /** A new organization with one user, created through the admin API. */
    Tenant newTenant(String name) {
        JsonHttp.Response organization = admin().post(url("/organizations"), Json.toString(Map.of("name", name)));
        require(organization, 201);
        String id = organization.json().get("id").asText();
        JsonHttp.Response user = admin().post(url("/organizations/" + id + "/users"), Json.toString(Map.of("email", name + "@example.com")));
        require(user, 201);
        return new Tenant(id, user.json().get("secret").asText(), organization.json().get("secret").asText());
    }

    /** The account of the environment's dev secrets: the "default" organization. */
    static Tenant devTenant() {
        return new Tenant("default", SchedulerConfig.DEV_USER_SECRET, SchedulerConfig.DEV_ORGANIZATION_SECRET);
    }

    /** Creates an instance; returns the create response's JSON (id, token, …). */
    JsonNode create(Tenant tenant, ObjectNode body) {
        JsonHttp.Response created = tenant.api().post(url("/instances"), body.toString());
        require(created, 201);
        return created.json();
    }

    /** Every poll task published so far on this fixture's topic, read from the beginning. */
    List<PollTask> pollTasks() {
        try (KafkaConsumer<String, byte[]> consumer = KafkaClients.consumer(env.kafkaBootstrapServers(), prefix + "probe",
                prefix + "probe", Map.of())) {
            List<TopicPartition> partitions = consumer.partitionsFor(pollTasksTopic()).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            List<PollTask> tasks = new ArrayList<>();
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("could not read " + pollTasksTopic() + " to its end");
                }
                consumer.poll(Duration.ofMillis(200)).forEach(r -> tasks.add(Json.fromBytes(r.value(), PollTask.class)));
            }
            return tasks;
        }
    }

    /** An authorization code from the sandbox's Sage ID, as its authorize page would redirect with. */
    String sageCode(String clientId, String redirectUri) {
        String authorize = sandbox.authorizeUrl() + "?response_type=code&client_id=" + encode(clientId)
                + "&redirect_uri=" + encode(redirectUri) + "&scope=" + encode("openid offline_access") + "&state=s";
        JsonHttp.Response redirect = JsonHttp.withHeaders(Map.of()).get(authorize);
        require(redirect, 302);
        String query = URI.create(redirect.header("Location")).getQuery();
        for (String pair : query.split("&")) {
            if (pair.startsWith("code=")) {
                return pair.substring(5);
            }
        }
        throw new AssertionError("no code in " + query);
    }

    /** The seed document's "Example JSON with Polling", as shipped in examples/. */
    static ObjectNode seed() {
        return (ObjectNode) Json.tree(seedText());
    }

    /** The same, as its text. */
    static String seedText() {
        try {
            return Files.readString(Path.of("..", "examples", "seed-instance.json"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static ObjectNode configuration(ObjectNode body) {
        return (ObjectNode) body.get("configuration");
    }

    static void require(JsonHttp.Response response, int status) {
        if (response.status() != status) {
            throw new AssertionError("expected " + status + " but got " + response.status() + ": " + response.body());
        }
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        replicas.forEach(Scheduler::close);
        scheduler.close();
        sandbox.close();
        redis.close();
    }

    /** One organization's credentials and the calls it makes. */
    record Tenant(String organization, String userSecret, String organizationSecret) {

        String accountHeader() {
            return "User " + userSecret + ", Organization " + organizationSecret;
        }

        JsonHttp api() {
            return JsonHttp.withHeaders(Map.of("Authorization", accountHeader()));
        }

        JsonHttp element(String token) {
            return JsonHttp.withHeaders(Map.of("Authorization", "User " + userSecret + ", Element " + token));
        }

        @Override
        public String toString() {
            return "Tenant[" + organization + "]";
        }
    }
}
