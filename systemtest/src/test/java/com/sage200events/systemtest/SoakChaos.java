package com.sage200events.systemtest;

import com.sage200events.testkit.LocalRedisServer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The soak's timeline of trouble, from the start of the load: every {@code killEvery} one service process picked at
 * random gets SIGKILL and is started again at once (no waiting for it to be ready: the next kill may find it still
 * starting, as a crash loop would); the broker gets SIGKILL and restarts once; Redis restarts once (SIGTERM, its
 * append-only file brings the state back); the outage receiver refuses connections for minutes; and, as an
 * orchestrator's restart policy would, a service process that exited on its own is started again. Each step is
 * logged with a {@code SOAK} line and kept for the report. A step that fails is recorded, never the end of the rest.
 */
final class SoakChaos implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(SoakChaos.class);

    private final SystemStack stack;
    private final LocalRedisServer redis;
    private final SoakReceivers receivers;
    private final List<String> services;
    private final Random random = new Random();
    private final List<String> steps = new CopyOnWriteArrayList<>();
    private final List<String> failures = new CopyOnWriteArrayList<>();
    private final ScheduledExecutorService kills = Executors.newSingleThreadScheduledExecutor(r -> new Thread(r, "soak-kills"));
    // Restarts of the broker and Redis block until they are back; they must not hold up the kills.
    private final ScheduledExecutorService restarts = Executors.newScheduledThreadPool(2, r -> new Thread(r, "soak-restarts"));
    // The restart policy outlives the chaos: a process that dies in the drain is started again too.
    private final ScheduledExecutorService supervisor = Executors.newSingleThreadScheduledExecutor(r -> new Thread(r, "soak-supervisor"));
    private Instant start;
    private volatile boolean outageOn;

    SoakChaos(SystemStack stack, LocalRedisServer redis, SoakReceivers receivers, List<String> services) {
        this.stack = stack;
        this.redis = redis;
        this.receivers = receivers;
        this.services = List.copyOf(services);
    }

    /** Starts the timeline now; it runs until {@link #stop()}. */
    void start(SoakConfig config) {
        start = Instant.now();
        long every = config.killEvery().toMillis();
        kills.scheduleAtFixedRate(() -> step(this::killOne), every, every, TimeUnit.MILLISECONDS);
        supervisor.scheduleWithFixedDelay(() -> step(this::restartExited), 5, 5, TimeUnit.SECONDS);
        restarts.schedule(() -> step(this::restartBroker), config.brokerRestartAt().toMillis(), TimeUnit.MILLISECONDS);
        restarts.schedule(() -> step(this::restartRedis), config.redisRestartAt().toMillis(), TimeUnit.MILLISECONDS);
        restarts.schedule(() -> step(this::startOutage), config.receiverOutageStart().toMillis(), TimeUnit.MILLISECONDS);
        restarts.schedule(() -> step(this::endOutage), config.receiverOutageStart().plus(config.receiverOutage()).toMillis(),
                TimeUnit.MILLISECONDS);
    }

    /**
     * Stops the timeline, waits for a restart in progress and ends the receiver outage if it is still on; the restart
     * policy goes on (until {@link #close()}), so the drain runs on a whole system.
     */
    void stop() throws InterruptedException {
        kills.shutdownNow();
        restarts.shutdownNow();
        kills.awaitTermination(60, TimeUnit.SECONDS);
        restarts.awaitTermination(SystemStack.READY_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        if (outageOn) {
            endOutage();
        }
        // The supervisor keeps running until close(), through the drain.
    }

    /** What happened, in order: {@code +90s SIGKILL worker-1 (pid …)} and so on. */
    List<String> steps() {
        return List.copyOf(steps);
    }

    List<String> failures() {
        return List.copyOf(failures);
    }

    long serviceKills() {
        return steps.stream().filter(s -> s.contains("SIGKILL") && !s.contains("broker")).count();
    }

    /** Service processes that ended without being killed (e.g. an OutOfMemoryError with ExitOnOutOfMemoryError). */
    long ownExits() {
        return steps.stream().filter(s -> s.contains("exited on its own")).count();
    }

    /**
     * What an orchestrator's restart policy does: a service process that exited is started again. Synchronized with
     * {@link #killOne()}, so it never races a kill's own restart.
     */
    private synchronized void restartExited() {
        for (String name : services) {
            ServiceProcess process = stack.process(name);
            if (!process.isAlive()) {
                int status = process.exitValue();
                stack.restart(name);
                record(name + " exited on its own (status " + status + ", pid " + process.pid() + "), started again as pid "
                        + stack.process(name).pid());
            }
        }
    }

    private synchronized void killOne() {
        String name = services.get(random.nextInt(services.size()));
        ServiceProcess victim = stack.process(name);
        long pid = victim.pid();
        boolean wasAlive = victim.isAlive();
        stack.kill(name);
        stack.restart(name);
        record("SIGKILL " + name + " (pid " + pid + (wasAlive ? "" : ", had already exited") + "), started again as pid "
                + stack.process(name).pid());
    }

    private void restartBroker() {
        long pid = stack.kafka().pid();
        Instant killed = Instant.now();
        stack.restartKafka();
        record("SIGKILL broker (pid " + pid + "), ready again after " + seconds(Duration.between(killed, Instant.now())));
    }

    private void restartRedis() throws InterruptedException {
        Instant stopped = Instant.now();
        redis.restart();
        record("Redis restarted (SIGTERM, AOF reloaded), answering again after " + seconds(Duration.between(stopped, Instant.now())));
    }

    private void startOutage() {
        outageOn = true;
        receivers.startOutage();
        record("receiver outage starts (connection refused)");
    }

    private synchronized void endOutage() throws InterruptedException {
        if (!outageOn) {
            return;
        }
        receivers.endOutage();
        outageOn = false;
        record("receiver outage ends");
    }

    private void record(String what) {
        String line = "+" + seconds(Duration.between(start, Instant.now())) + " " + what;
        steps.add(line);
        log.info("SOAK {}", line);
    }

    private void step(Step step) {
        try {
            step.run();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException | AssertionError e) {
            failures.add(e.toString());
            log.error("SOAK a chaos step failed", e);
        }
    }

    private static String seconds(Duration duration) {
        return duration.toSeconds() + "s";
    }

    @Override
    public void close() {
        kills.shutdownNow();
        restarts.shutdownNow();
        supervisor.shutdownNow();
    }

    @FunctionalInterface
    private interface Step {
        void run() throws InterruptedException;
    }

    static List<String> serviceNames(int schedulers, int workers, int dispatchers) {
        List<String> names = new ArrayList<>();
        for (int i = 1; i <= schedulers; i++) {
            names.add("scheduler-" + i);
        }
        for (int i = 1; i <= workers; i++) {
            names.add("worker-" + i);
        }
        for (int i = 1; i <= dispatchers; i++) {
            names.add("dispatcher-" + i);
        }
        return names;
    }
}
