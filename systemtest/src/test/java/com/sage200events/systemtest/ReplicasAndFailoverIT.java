package com.sage200events.systemtest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sage200events.common.config.Closeables;
import com.sage200events.common.kafka.Topics;
import com.sage200events.common.model.EventIds;
import com.sage200events.common.redis.RedisClients;
import com.sage200events.sandbox.Sandbox;
import com.sage200events.sandbox.SandboxConfig;
import com.sage200events.systemtest.Deliveries.Delivered;
import com.sage200events.systemtest.PollTaskTail.Task;
import com.sage200events.systemtest.SystemStack.Role;
import com.sage200events.testkit.JsonHttp;
import com.sage200events.testkit.TestRedis;
import com.sage200events.testkit.WebhookReceiver;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.JedisPooled;
import redis.clients.jedis.params.ScanParams;
import redis.clients.jedis.resps.ScanResult;

/**
 * Horizontal scale and failure, as separate processes: a KRaft broker, two schedulers, two workers and a
 * dispatcher, each its own JVM started from its main class and environment variables, against a real Redis. The
 * sandbox (as Sage) and the customer's endpoint run in this JVM. While customers change at a steady rate, one
 * scheduler and one worker are killed with SIGKILL and started again. Then: every change reached the endpoint, the
 * only repeats are the same event (same id), no schedule slot was published twice, and every process stops on
 * SIGTERM within a bound.
 *
 * <p>The refresh interval cannot be under a minute, so the run lasts a little over two slots (about two and a half
 * minutes); manual polls keep changes flowing in between.
 */
class ReplicasAndFailoverIT {

    private static final Logger log = LoggerFactory.getLogger(ReplicasAndFailoverIT.class);
    private static final String ACCOUNT = "User dev-user-secret, Organization dev-org-secret";
    private static final String HOOK_PATH = "/hooks/system-test";
    /** Resources whose events this test can predict: both poll Sage's customers (the manual's quirk). */
    private static final List<String> CUSTOMER_POLLERS = List.of("customers", "transactions");
    private static final Duration STOP_BOUND = Duration.ofSeconds(30);

    private final String run = UUID.randomUUID().toString().substring(0, 8);
    private final String keyPrefix = "st:" + run + ":";
    private final Path workDir = Path.of(System.getProperty("systemtest.workDir", "target/systemtest")).resolve(run);
    private final JsonHttp api = JsonHttp.withHeaders(Map.of("Authorization", ACCOUNT));
    private final List<AutoCloseable> resources = new ArrayList<>();
    private String redisUrl;

    @Test
    @Timeout(value = 6, unit = TimeUnit.MINUTES)
    void replicasShareTheWorkAndSurviveKillsWithoutLosingOrDoublingAChange() throws IOException {
        ServiceFleet fleet = closeLater(new ServiceFleet(Path.of(System.getProperty("systemtest.classpathFile",
                "target/service.classpath")), workDir.resolve("logs")));
        SystemStack stack = closeLater(new SystemStack(fleet));
        String bootstrap = stack.startKafka(workDir.resolve("kafka"));
        Sandbox sandbox = closeLater(Sandbox.start(SandboxConfig.defaults().withPort(0)));
        WebhookReceiver receiver = closeLater(WebhookReceiver.start());
        redisUrl = TestRedis.endpoint().uri();
        String topicPrefix = "st-" + run + ".";
        stack.shareEnv(Map.of(
                "KAFKA_BOOTSTRAP_SERVERS", bootstrap,
                "REDIS_URL", redisUrl,
                "REDIS_KEY_PREFIX", keyPrefix,
                "TOPIC_PREFIX", topicPrefix,
                "TOPIC_PARTITIONS", "4",
                "SAGE_ID_BASE_URL", sandbox.baseUrl(),
                "SAGE_API_BASE_URL", sandbox.apiBaseUrl(),
                // The callback is this JVM's receiver on loopback, which the production SSRF guard refuses.
                "DELIVERY_MODE", "dev"));
        stack.start("scheduler-a", Role.SCHEDULER, Map.of());
        stack.start("scheduler-b", Role.SCHEDULER, Map.of());
        // A short lease, so the resources a killed worker was polling are free again in seconds, not minutes.
        stack.start("worker-1", Role.WORKER, Map.of("POLL_LEASE_SECONDS", "5", "WORKER_CONCURRENCY", "2"));
        stack.start("worker-2", Role.WORKER, Map.of("POLL_LEASE_SECONDS", "5", "WORKER_CONCURRENCY", "2"));
        stack.start("dispatcher", Role.DISPATCHER, Map.of("DISPATCHER_CONCURRENCY", "2"));
        // The first slot comes up to a minute after the instance exists: create it as soon as one API is up, and let
        // the other processes finish starting meanwhile.
        stack.awaitReady("scheduler-a");
        ObjectNode instance = seedInstance(receiver.url(HOOK_PATH));
        Set<String> pollers = new HashSet<>();
        instance.get("configuration").get("event.poller.configuration").fieldNames().forEachRemaining(pollers::add);
        long instanceId = createAuthorizedInstance(stack.url("scheduler-a"), instance);
        PollTaskTail tail = closeLater(PollTaskTail.start(bootstrap, new Topics(topicPrefix).pollTasks()));
        CustomerWriter writer = closeLater(CustomerWriter.start(sandbox.baseUrl(), Duration.ofMillis(400)));
        ManualPolls polls = closeLater(ManualPolls.start(ACCOUNT, instanceId, CUSTOMER_POLLERS,
                () -> Stream.of("scheduler-a", "scheduler-b").filter(stack::isRunning).map(stack::url).toList(),
                Duration.ofSeconds(4)));
        for (String name : stack.names()) {
            stack.awaitReady(name);
            assertOpsEndpoints(stack, name);
        }
        log.info("all processes ready; logs in {}", fleet.logDir());

        // Killed only once the slot is out for every resource: a replica killed between claiming a slot and publishing
        // it loses that slot (the next one catches up), which this test does not mean to count as a missing slot.
        await("the first scheduled slot").atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500))
                .until(() -> resourcesScheduledSince(tail, Instant.EPOCH).containsAll(pollers));
        log.info("first slot published; killing scheduler-b and worker-1 with SIGKILL");
        stack.kill("scheduler-b");
        stack.kill("worker-1");
        stack.restart("scheduler-b");
        stack.restart("worker-1");
        stack.awaitReady("scheduler-b");
        stack.awaitReady("worker-1");
        Instant bothSchedulersUp = Instant.now();
        log.info("scheduler-b and worker-1 are back; waiting for a slot while both schedulers run");
        await("a slot published while both schedulers run").atMost(Duration.ofSeconds(100)).pollInterval(Duration.ofMillis(500))
                .until(() -> resourcesScheduledSince(tail, bothSchedulersUp).containsAll(pollers));
        assertThat(stack.isRunning("scheduler-a") && stack.isRunning("scheduler-b")).as("both schedulers alive").isTrue();

        writer.stop();
        Map<String, CustomerWriter.Write> finalStates = writer.latest();
        log.info("{} changes to {} customers written; waiting for their last states at the callback",
                writer.writes().size(), finalStates.size());
        assertThat(writer.failures()).as("writes the sandbox refused").isEmpty();
        assertThat(finalStates).as("customers changed").hasSizeGreaterThan(10);
        Set<String> expected = finalStates.values().stream()
                .flatMap(w -> CUSTOMER_POLLERS.stream().map(type -> EventIds.eventId(instanceId, type, w.id(), w.updated())))
                .collect(Collectors.toSet());
        await("every customer's last change delivered").atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofSeconds(1))
                .untilAsserted(() -> assertThat(Deliveries.eventIds(receiver, HOOK_PATH)).containsAll(expected));

        polls.close();
        tail.close();

        assertEveryDeliveryIsOneRealChange(receiver, writer.writes(), instanceId);
        assertNoSlotPublishedTwice(tail, instanceId, pollers);
        assertStopsOnSigterm(stack);
    }

    /** Readiness already answered 200; liveness and Prometheus metrics must answer too. */
    private static void assertOpsEndpoints(SystemStack stack, String name) {
        JsonNode health = stack.get(name, "/health").json();
        assertThat(health.path("status").asText()).as(name + " readiness").isEqualTo("UP");
        assertThat(health.path("checks").path("kafka").asBoolean()).as(name + " reaches Kafka").isTrue();
        assertThat(health.path("checks").path("redis").asBoolean()).as(name + " reaches Redis").isTrue();
        assertThat(stack.get(name, "/health?live").status()).as(name + " liveness").isEqualTo(200);
        JsonHttp.Response metrics = stack.get(name, "/metrics");
        assertThat(metrics.status()).as(name + " /metrics").isEqualTo(200);
        assertThat(metrics.header("Content-Type")).as(name + " /metrics content type").startsWith("text/plain");
    }

    /** The manual's example as shipped, with a one-minute refresh and our receiver as callback. */
    private static ObjectNode seedInstance(String callbackUrl) throws IOException {
        String seed = Files.readString(Path.of(System.getProperty("systemtest.seedInstance", "../examples/seed-instance.json")));
        ObjectNode body = (ObjectNode) new ObjectMapper().readTree(seed);
        ObjectNode configuration = (ObjectNode) body.get("configuration");
        configuration.put("event.notification.callback.url", callbackUrl);
        configuration.put("event.poller.refresh_interval", "1");
        return body;
    }

    /** Creates the instance through the API and completes Sage's authorization the way {@code curl -L} would. */
    private long createAuthorizedInstance(String schedulerUrl, ObjectNode body) {
        JsonHttp.Response created = api.post(schedulerUrl + "/instances", body.toString());
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        long id = created.json().get("id").asLong();
        JsonHttp.Response authorized = JsonHttp.follow(created.json().get("authorizationUrl").asText());
        assertThat(authorized.status()).as("authorization: " + authorized.body()).isEqualTo(200);
        assertThat(api.get(schedulerUrl + "/instances/" + id).json().path("status").asText()).isEqualTo("ACTIVE");
        return id;
    }

    /**
     * Each delivered event is the event of exactly one change we made (its id is the id that change must get), so a
     * change delivered twice arrives with the same id both times, and no change is reported under two ids.
     */
    private static void assertEveryDeliveryIsOneRealChange(WebhookReceiver receiver, List<CustomerWriter.Write> writes,
                                                           long instanceId) {
        Map<String, List<String>> changeById = new HashMap<>();
        for (CustomerWriter.Write write : writes) {
            for (String type : CUSTOMER_POLLERS) {
                changeById.put(EventIds.eventId(instanceId, type, write.id(), write.updated()), List.of(type, write.id()));
            }
        }
        List<Delivered> delivered = Deliveries.events(receiver, HOOK_PATH);
        assertThat(delivered).allSatisfy(event -> assertThat(changeById.get(event.eventId()))
                .as("the change behind " + event).isEqualTo(List.of(event.objectType(), event.objectId())));
        Map<String, Set<Delivered>> copiesById = delivered.stream()
                .collect(Collectors.groupingBy(Delivered::eventId, Collectors.toSet()));
        assertThat(copiesById).allSatisfy((id, copies) -> assertThat(copies).as("deliveries of " + id).hasSize(1));
        assertThat(Deliveries.batchSizes(receiver, HOOK_PATH)).allSatisfy(size -> assertThat(size).isBetween(1, 10));
        log.info("{} events delivered, {} distinct; {} repeats, each with its original id", delivered.size(),
                copiesById.size(), delivered.size() - copiesById.size());
    }

    /** Scheduler replicas claim each (instance, resource, slot) once; manual polls are not slots and do not count. */
    private static void assertNoSlotPublishedTwice(PollTaskTail tail, long instanceId, Set<String> pollers) {
        List<Task> scheduled = tail.tasks().stream()
                .filter(t -> t.instanceId() == instanceId && "SCHEDULED".equals(t.reason())).toList();
        Map<List<String>, Long> perSlot = scheduled.stream()
                .collect(Collectors.groupingBy(t -> List.of(t.resource(), t.slot()), Collectors.counting()));
        assertThat(perSlot).as("SCHEDULED poll tasks per (resource, slot) of instance " + instanceId)
                .allSatisfy((slot, count) -> assertThat(count).as("tasks for " + slot).isEqualTo(1L));
        Map<String, Long> slotsPerResource = perSlot.keySet().stream()
                .collect(Collectors.groupingBy(key -> key.get(0), Collectors.counting()));
        assertThat(slotsPerResource.keySet()).as("resources with slots").containsExactlyInAnyOrderElementsOf(pollers);
        assertThat(slotsPerResource).as("slots per resource")
                .allSatisfy((resource, slots) -> assertThat(slots).as(resource).isGreaterThanOrEqualTo(2L));
    }

    /** SIGTERM to every service at once, as an orchestrator stopping a deployment does; then to the broker. */
    private static void assertStopsOnSigterm(SystemStack stack) {
        List<String> names = stack.names();
        names.forEach(name -> stack.process(name).terminate());
        for (String name : names) {
            ServiceProcess process = stack.process(name);
            assertThat(process.awaitExit(STOP_BOUND)).as(name + " stopped within " + STOP_BOUND + " of SIGTERM").isTrue();
            assertThat(process.exitValue()).as(name + " exit status (128 + SIGTERM)").isEqualTo(143);
            assertThat(process.logText()).as(name + " ran its shutdown").contains(stack.role(name).stoppedLine);
        }
        ServiceProcess kafka = stack.kafka();
        kafka.terminate();
        assertThat(kafka.awaitExit(STOP_BOUND)).as("the broker stopped within " + STOP_BOUND + " of SIGTERM").isTrue();
        assertThat(kafka.logText()).contains("Kafka broker stopped");
    }

    /** The resources with a SCHEDULED task that this test read after {@code since}. */
    private static Set<String> resourcesScheduledSince(PollTaskTail tail, Instant since) {
        return tail.tasks().stream().filter(t -> "SCHEDULED".equals(t.reason()) && t.observedAt().isAfter(since))
                .map(Task::resource).collect(Collectors.toSet());
    }

    private <T extends AutoCloseable> T closeLater(T resource) {
        resources.add(resource);
        return resource;
    }

    /** Children first (the writer and pollers stop calling), processes last but one, then this run's Redis keys. */
    @AfterEach
    void cleanUp() {
        for (int i = resources.size() - 1; i >= 0; i--) {
            Closeables.safeClose(resources.get(i));
        }
        deleteQuietly(workDir.resolve("kafka"));
        if (redisUrl != null) {
            deleteKeys(redisUrl, keyPrefix);
        }
    }

    /** Our keys only, by prefix: the Redis is shared with other tests and people, so never a flush. */
    private static void deleteKeys(String redisUrl, String prefix) {
        try (JedisPooled redis = RedisClients.pooled(redisUrl)) {
            ScanParams match = new ScanParams().match(prefix + "*").count(1000);
            String cursor = ScanParams.SCAN_POINTER_START;
            do {
                ScanResult<String> page = redis.scan(cursor, match);
                if (!page.getResult().isEmpty()) {
                    redis.del(page.getResult().toArray(String[]::new));
                }
                cursor = page.getCursor();
            } while (!ScanParams.SCAN_POINTER_START.equals(cursor));
        }
    }

    private static void deleteQuietly(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(java.io.File::delete);
        } catch (IOException | RuntimeException e) {
            log.warn("could not delete {}: {}", root, e.toString());
        }
    }
}
