package com.sage200events.systemtest;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sage200events.common.config.Closeables;
import com.sage200events.sandbox.ActivityConfig;
import com.sage200events.sandbox.Sandbox;
import com.sage200events.sandbox.SandboxChange;
import com.sage200events.sandbox.SandboxConfig;
import com.sage200events.systemtest.SoakReceivers.Behaviour;
import com.sage200events.systemtest.SystemStack.Role;
import com.sage200events.testkit.JsonHttp;
import com.sage200events.testkit.LocalRedisServer;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.awaitility.core.ConditionTimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Issue 16's soak, shared by {@code SoakIT} (2 minutes in CI) and {@code bin/soak} (10 minutes): two schedulers, two
 * workers and two dispatchers as separate JVMs, the broker ({@code KafkaMain}) in its own JVM, a {@code redis-server}
 * of the soak's own with AOF, and the sandbox (in this JVM, where its change log is read directly). The sandbox's
 * activity generator changes customers and products at {@link SoakConfig#changesPerMinute()}; every instance polls
 * one of them every minute and calls back one of {@link SoakReceivers}; {@link SoakChaos} kills and restarts
 * processes meanwhile. After the load, a drain waits until every change has arrived (or the drain timeout), then
 * {@link SoakReckoning} compares the change log with what the receivers accepted.
 */
final class Soak implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Soak.class);
    private static final String ACCOUNT = "User dev-user-secret, Organization dev-org-secret";

    /** What one run found; {@link SoakReport} turns it into the table. */
    record Outcome(SoakConfig config, Instant loadStarted, Duration loadRan, Duration drained, boolean drainTimedOut,
                   SoakReckoning.Result result, Map<Behaviour, SoakReckoning.Result> resultByBehaviour,
                   CallbackLedger.Stats stats, Map<Integer, Long> answers,
                   Map<String, Integer> instancesByResource, Map<Behaviour, Integer> instancesByBehaviour,
                   List<String> chaos, List<String> chaosFailures, long serviceKills, long ownExits, long activityErrors,
                   Path logs) {

        double changesPerMinute() {
            return result.changes() * 60.0 / Math.max(1, loadRan.toSeconds());
        }
    }

    private final SoakConfig config;
    private final String run = UUID.randomUUID().toString().substring(0, 8);
    private final Path workDir = Path.of(System.getProperty("systemtest.workDir", "target/systemtest")).resolve("soak-" + run);
    private final JsonHttp api = JsonHttp.withHeaders(Map.of("Authorization", ACCOUNT));
    private final List<AutoCloseable> resources = new ArrayList<>();
    private final Map<String, List<Long>> pollersByResource = new HashMap<>();
    private final Map<Behaviour, Integer> byBehaviour = new LinkedHashMap<>();
    private final Map<Behaviour, Map<String, List<Long>>> pollersByBehaviour = new EnumMap<>(Behaviour.class);

    Soak(SoakConfig config) {
        this.config = config;
    }

    Outcome run() throws IOException, InterruptedException {
        // Closed in reverse: the processes stop before their Redis does.
        LocalRedisServer redis = closeLater(LocalRedisServer.startWithAof());
        ServiceFleet fleet = closeLater(new ServiceFleet(Path.of(System.getProperty("systemtest.classpathFile",
                "target/service.classpath")), workDir.resolve("logs")));
        SystemStack stack = closeLater(new SystemStack(fleet));
        // Every child JVM logs group membership and rebalances too, and exits on an OutOfMemoryError as the image's
        // JVMs do (Dockerfile), to be started again like any dead process (JAVA_TOOL_OPTIONS reaches any JVM's flags).
        Map<String, String> logging = Map.of("JAVA_TOOL_OPTIONS",
                "-Dlogback.configurationFile=" + childLogging() + " -XX:+ExitOnOutOfMemoryError");
        String bootstrap = stack.startKafka(workDir.resolve("kafka"), logging);
        Sandbox sandbox = closeLater(Sandbox.start(SandboxConfig.defaults().withPort(0)));
        CallbackLedger ledger = new CallbackLedger();
        SoakReceivers receivers = closeLater(new SoakReceivers(ledger));
        stack.shareEnv(Map.ofEntries(Map.entry("JAVA_TOOL_OPTIONS", logging.get("JAVA_TOOL_OPTIONS")),
                Map.entry("KAFKA_BOOTSTRAP_SERVERS", bootstrap),
                Map.entry("REDIS_URL", redis.endpoint().uri()),
                Map.entry("REDIS_KEY_PREFIX", "soak:" + run + ":"),
                Map.entry("TOPIC_PREFIX", "soak-" + run + "."),
                Map.entry("TOPIC_PARTITIONS", "4"),
                Map.entry("SAGE_ID_BASE_URL", sandbox.baseUrl()),
                Map.entry("SAGE_API_BASE_URL", sandbox.apiBaseUrl()),
                // The receivers are on loopback, which the production SSRF guard refuses.
                Map.entry("DELIVERY_MODE", "dev"),
                Map.entry("DELIVERY_RETRY_SCHEDULE", SoakConfig.RETRY_SCHEDULE)));
        List<String> services = SoakChaos.serviceNames(2, 2, 2);
        for (String name : services) {
            Role role = name.startsWith("scheduler") ? Role.SCHEDULER : name.startsWith("worker") ? Role.WORKER : Role.DISPATCHER;
            // A short poll lease, so what a killed worker was polling is free again in seconds.
            stack.start(name, role, role == Role.WORKER ? Map.of("POLL_LEASE_SECONDS", "10", "WORKER_CONCURRENCY", "2")
                    : role == Role.DISPATCHER ? Map.of("DISPATCHER_CONCURRENCY", "2") : Map.of());
        }
        stack.awaitReady(services.get(0));
        createInstances(stack.url(services.get(0)), receivers);
        for (String name : services) {
            stack.awaitReady(name);
        }
        log.info("SOAK {} instances, all processes ready; logs in {}", config.instances(), fleet.logDir());

        long firstSeq = sandbox.lastChangeSeq();
        Instant loadStarted = Instant.now();
        sandbox.startActivity(ActivityConfig.defaults().withResources(SoakConfig.RESOURCES)
                .withRate(config.changesPerMinute() / 60.0).withSeed(loadStarted.toEpochMilli()));
        SoakChaos chaos = closeLater(new SoakChaos(stack, redis, receivers, services));
        chaos.start(config);
        await("the load").atMost(config.load().plusMinutes(1)).pollInterval(Duration.ofSeconds(1))
                .until(() -> Duration.between(loadStarted, Instant.now()).compareTo(config.load()) >= 0);
        sandbox.stopActivity();
        long lastSeq = sandbox.lastChangeSeq();
        Duration loadRan = Duration.between(loadStarted, Instant.now());
        long activityErrors = sandbox.activity().errors();
        chaos.stop();
        List<SandboxChange> changes = changes(sandbox, firstSeq, lastSeq);
        log.info("SOAK load over: {} changes in {} s; draining (at most {})", changes.size(), loadRan.toSeconds(),
                config.drainTimeout());

        Instant drainStarted = Instant.now();
        AtomicReference<SoakReckoning.Result> result = new AtomicReference<>();
        boolean timedOut = false;
        try {
            await("every change delivered").atMost(config.drainTimeout()).pollInterval(Duration.ofSeconds(5)).until(() -> {
                result.set(SoakReckoning.reckon(changes, pollersByResource, ledger));
                log.info("SOAK draining: {} of {} owed deliveries arrived, {} missing", result.get().delivered(),
                        result.get().owed(), result.get().lost());
                return result.get().lost() == 0;
            });
        } catch (ConditionTimeoutException e) {
            timedOut = true;
        }
        Duration drained = Duration.between(drainStarted, Instant.now());
        SoakReckoning.Result last = SoakReckoning.reckon(changes, pollersByResource, ledger);
        Map<String, Integer> byResource = new LinkedHashMap<>();
        pollersByResource.forEach((resource, ids) -> byResource.put(resource, ids.size()));
        Map<Behaviour, SoakReckoning.Result> byKind = new EnumMap<>(Behaviour.class);
        pollersByBehaviour.forEach((kind, pollers) -> byKind.put(kind, SoakReckoning.reckon(changes, pollers, ledger)));
        return new Outcome(config, loadStarted, loadRan, drained, timedOut, last, byKind, ledger.stats(), receivers.answers(),
                byResource, Map.copyOf(byBehaviour), chaos.steps(), chaos.failures(), chaos.serviceKills(), chaos.ownExits(), activityErrors,
                fleet.logDir());
    }

    /**
     * The instances: the manual's example with one poller (customers or products, alternately), a one-minute refresh
     * and a callback on one of the receivers (half answer 200, a fifth are flaky, a fifth slow, a tenth go down).
     */
    private void createInstances(String schedulerUrl, SoakReceivers receivers) throws IOException {
        String seed = Files.readString(Path.of(System.getProperty("systemtest.seedInstance", "../examples/seed-instance.json")));
        ObjectMapper json = new ObjectMapper();
        for (int i = 0; i < config.instances(); i++) {
            String resource = SoakConfig.RESOURCES.get(i % SoakConfig.RESOURCES.size());
            Behaviour behaviour = behaviourOf(i);
            ObjectNode body = (ObjectNode) json.readTree(seed);
            body.put("name", "soak-" + i);
            ObjectNode configuration = (ObjectNode) body.get("configuration");
            configuration.put("event.notification.callback.url", receivers.url(behaviour));
            configuration.put("event.poller.refresh_interval", "1");
            ObjectNode pollers = (ObjectNode) configuration.get("event.poller.configuration");
            pollers.retain(resource);
            JsonHttp.Response created = api.post(schedulerUrl + "/instances", body.toString());
            if (created.status() != 201) {
                throw new IllegalStateException("creating instance " + i + ": " + created.status() + " " + created.body());
            }
            JsonHttp.Response authorized = JsonHttp.follow(created.json().get("authorizationUrl").asText());
            if (authorized.status() != 200) {
                throw new IllegalStateException("authorizing instance " + i + ": " + authorized.status() + " " + authorized.body());
            }
            pollersByResource.computeIfAbsent(resource, r -> new ArrayList<>()).add(created.json().get("id").asLong());
            byBehaviour.merge(behaviour, 1, Integer::sum);
            pollersByBehaviour.computeIfAbsent(behaviour, b -> new HashMap<>()).computeIfAbsent(resource, r -> new ArrayList<>())
                    .add(created.json().get("id").asLong());
        }
    }

    /** The services' logging plus consumer-group INFO lines, from the test classpath as a file the children can read. */
    private static String childLogging() {
        try {
            return Path.of(Soak.class.getResource("/soak-children-logback.xml").toURI()).toString();
        } catch (java.net.URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Behaviour behaviourOf(int instance) {
        int slot = instance % 10;
        return slot < 5 ? Behaviour.OK : slot < 7 ? Behaviour.FLAKY : slot < 9 ? Behaviour.SLOW : Behaviour.OUTAGE;
    }

    /** The change log between two seqs, read page by page. */
    private static List<SandboxChange> changes(Sandbox sandbox, long afterSeq, long lastSeq) {
        List<SandboxChange> all = new ArrayList<>();
        long seq = afterSeq;
        while (seq < lastSeq) {
            List<SandboxChange> page = sandbox.changes(seq, 10_000);
            if (page.isEmpty()) {
                break;
            }
            for (SandboxChange change : page) {
                if (change.seq() <= lastSeq) {
                    all.add(change);
                }
            }
            seq = page.get(page.size() - 1).seq();
        }
        return all;
    }

    private <T extends AutoCloseable> T closeLater(T resource) {
        resources.add(resource);
        return resource;
    }

    /** Chaos first, then the receivers, the sandbox, the processes and Redis; the broker's data and Redis's dir go too. */
    @Override
    public void close() {
        for (int i = resources.size() - 1; i >= 0; i--) {
            Closeables.safeClose(resources.get(i));
        }
        deleteQuietly(workDir.resolve("kafka"));
    }

    private static void deleteQuietly(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
        } catch (IOException | RuntimeException e) {
            log.warn("could not delete {}: {}", root, e.toString());
        }
    }
}
