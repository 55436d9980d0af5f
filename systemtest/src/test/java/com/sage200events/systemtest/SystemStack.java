package com.sage200events.systemtest;

import static org.awaitility.Awaitility.await;

import com.sage200events.testkit.JsonHttp;
import com.sage200events.testkit.KafkaMain;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The services of one test run, each its own JVM started the way an operator would: a main class and environment
 * variables (README "Operations"). Knows each process's role and port so it can kill one and start it again
 * exactly as before.
 */
final class SystemStack implements AutoCloseable {

    /** A kind of process: its main class, the variable that sets its HTTP port, and the log line of a clean stop. */
    enum Role {
        SCHEDULER("com.sage200events.scheduler.SchedulerMain", "SCHEDULER_PORT", "scheduler stopped"),
        WORKER("com.sage200events.worker.WorkerMain", "WORKER_PORT", "worker stopped"),
        DISPATCHER("com.sage200events.dispatcher.DispatcherMain", "DISPATCHER_PORT", "dispatcher stopped");

        final String mainClass;
        final String portVariable;
        final String stoppedLine;

        Role(String mainClass, String portVariable, String stoppedLine) {
            this.mainClass = mainClass;
            this.portVariable = portVariable;
            this.stoppedLine = stoppedLine;
        }
    }

    static final Duration READY_TIMEOUT = Duration.ofSeconds(150);

    private final ServiceFleet fleet;
    private final Map<String, Role> roles = new LinkedHashMap<>();
    private final Map<String, Integer> ports = new HashMap<>();
    private final Map<String, Map<String, String>> envs = new HashMap<>();
    private final Map<String, ServiceProcess> running = new ConcurrentHashMap<>();
    private final JsonHttp http = JsonHttp.withHeaders(Map.of());
    private Map<String, String> sharedEnv = Map.of();
    private ServiceProcess kafka;
    private int kafkaPort;
    private Path kafkaDataDir;
    private Map<String, String> kafkaEnv = Map.of();

    SystemStack(ServiceFleet fleet) {
        this.fleet = fleet;
    }

    /** Starts the standalone broker ({@code KafkaMain}) and returns its bootstrap address once it says it is ready. */
    String startKafka(Path dataDir) {
        return startKafka(dataDir, Map.of());
    }

    /** {@link #startKafka(Path)} with environment variables for the broker's JVM (kept for its restarts). */
    String startKafka(Path dataDir, Map<String, String> env) {
        kafkaEnv = Map.copyOf(env);
        kafkaPort = FreePorts.next();
        kafkaDataDir = dataDir;
        launchKafka();
        return "127.0.0.1:" + kafkaPort;
    }

    /** SIGKILL to the broker, then the broker again on the same port and data; returns once it is ready. */
    void restartKafka() {
        kafka.kill();
        launchKafka();
    }

    private void launchKafka() {
        ServiceProcess process = fleet.start("kafka", KafkaMain.class.getName(), kafkaEnv,
                "--port", Integer.toString(kafkaPort), "--data-dir", kafkaDataDir.toString());
        kafka = process;
        await("Kafka broker ready").atMost(READY_TIMEOUT).pollInterval(Duration.ofMillis(250)).until(() -> {
            if (!process.isAlive()) {
                throw new AssertionError("the broker exited: " + process.logText());
            }
            return process.logText().contains(KafkaMain.READY_LINE);
        });
    }

    ServiceProcess kafka() {
        return kafka;
    }

    /** What every service gets: where Kafka, Redis and Sage are, and the run's prefixes. */
    void shareEnv(Map<String, String> env) {
        sharedEnv = Map.copyOf(env);
    }

    /** Starts a process of {@code role} named {@code name} on a fresh port, with the role's own variables added. */
    ServiceProcess start(String name, Role role, Map<String, String> roleEnv) {
        roles.put(name, role);
        int port = ports.computeIfAbsent(name, n -> FreePorts.next());
        Map<String, String> env = new HashMap<>(sharedEnv);
        env.putAll(roleEnv);
        env.put(role.portVariable, Integer.toString(port));
        if (role == Role.SCHEDULER) {
            env.put("PUBLIC_BASE_URL", url(name));
        }
        envs.put(name, Map.copyOf(env));
        return launch(name);
    }

    /** Starts {@code name} again with the same port and environment as the first time. */
    ServiceProcess restart(String name) {
        if (running.containsKey(name) && running.get(name).isAlive()) {
            throw new IllegalStateException(name + " is still running");
        }
        return launch(name);
    }

    private ServiceProcess launch(String name) {
        ServiceProcess process = fleet.start(name, roles.get(name).mainClass, envs.get(name));
        running.put(name, process);
        return process;
    }

    /** SIGKILL: no shutdown hook, no commit, no lease release; what a crash or an OOM kill looks like. */
    void kill(String name) {
        running.get(name).kill();
    }

    ServiceProcess process(String name) {
        return running.get(name);
    }

    Role role(String name) {
        return roles.get(name);
    }

    List<String> names() {
        return List.copyOf(roles.keySet());
    }

    String url(String name) {
        return "http://127.0.0.1:" + ports.get(name);
    }

    boolean isRunning(String name) {
        ServiceProcess process = running.get(name);
        return process != null && process.isAlive();
    }

    /** Waits until {@code /health} answers 200: the process reaches Kafka and Redis. Fails fast if it died. */
    void awaitReady(String name) {
        await(name + " ready").atMost(READY_TIMEOUT).pollInterval(Duration.ofMillis(500))
                // Connection refused until the port opens.
                .ignoreExceptionsInstanceOf(UncheckedIOException.class).until(() -> {
            ServiceProcess process = running.get(name);
            if (!process.isAlive()) {
                throw new AssertionError(name + " exited while starting, log " + process);
            }
            return http.get(url(name) + "/health").status() == 200;
        });
    }

    JsonHttp.Response get(String name, String path) {
        return http.get(url(name) + path);
    }

    @Override
    public void close() {
        fleet.close();
    }
}
