package com.sage200events.testkit;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import org.opentest4j.TestAbortedException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A throwaway {@code redis-server} child process on a free port, in a temp dir deleted on {@link #close()}.
 * {@link TestRedis} starts one with persistence switched off; an outage test starts one with AOF
 * ({@link #startWithAof()}), so it can {@link #stop()} and {@link #restart()} it on the same port and data.
 */
public final class LocalRedisServer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(LocalRedisServer.class);
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(10);
    private static final int ATTEMPTS = 3;

    private final Path executable;
    private final Path workDir;
    private final RedisEndpoint endpoint;
    private final boolean aof;
    private Process process; // guarded by this; null while stopped

    private LocalRedisServer(Path executable, Path workDir, RedisEndpoint endpoint, boolean aof) {
        this.executable = executable;
        this.workDir = workDir;
        this.endpoint = endpoint;
        this.aof = aof;
    }

    /**
     * A server that writes every command to its append-only file before answering ({@code appendfsync always}),
     * as production runs Redis (README "Delivery"), so a stop and restart loses nothing.
     *
     * @throws TestAbortedException when no {@code redis-server} is on {@code PATH} outside CI (in CI, where
     *         {@code .ci/run} installs it, an {@link IllegalStateException}), so the test is skipped, not failed
     * @throws IllegalStateException when it does not come up
     */
    public static LocalRedisServer startWithAof() throws InterruptedException {
        Optional<Path> executable = findOnPath();
        if (executable.isEmpty()) {
            String missing = "no redis-server on PATH for a Redis of the test's own";
            throw System.getenv("CI") != null ? new IllegalStateException(missing) : new TestAbortedException(missing);
        }
        return start(executable.get(), true);
    }

    static Optional<Path> findOnPath() {
        String path = System.getenv("PATH");
        if (path == null) {
            return Optional.empty();
        }
        for (String dir : path.split(File.pathSeparator)) {
            Path candidate = Path.of(dir.isEmpty() ? "." : dir, "redis-server");
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    /** Retries on a new port because another process may grab the free port before redis binds it. */
    static LocalRedisServer start(Path executable) throws InterruptedException {
        return start(executable, false);
    }

    private static LocalRedisServer start(Path executable, boolean aof) throws InterruptedException {
        IllegalStateException last = null;
        for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
            try {
                return startOnce(executable, FreePorts.next(), aof);
            } catch (IllegalStateException e) {
                last = e;
            }
        }
        throw last;
    }

    public RedisEndpoint endpoint() {
        return endpoint;
    }

    /** Stops the server with SIGTERM (Redis flushes its AOF and exits), keeping its data dir. Idempotent. */
    public synchronized void stop() {
        if (process == null) {
            return;
        }
        Process stopping = process;
        process = null;
        stopping.destroy();
        try {
            if (!stopping.waitFor(5, TimeUnit.SECONDS)) {
                stopping.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            stopping.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    /** Starts the server again on the same port and data dir after {@link #stop()}; an AOF server reloads its data. */
    public synchronized void restart() throws InterruptedException {
        stop();
        launch();
    }

    @Override
    public void close() {
        try {
            stop();
        } finally {
            Directories.deleteQuietly(workDir);
        }
    }

    private static LocalRedisServer startOnce(Path executable, int port, boolean aof) throws InterruptedException {
        Path workDir = Directories.createTemp("test-redis-");
        LocalRedisServer server = new LocalRedisServer(executable, workDir, new RedisEndpoint("127.0.0.1", port), aof);
        try {
            server.launch();
        } catch (RuntimeException e) {
            server.close();
            throw e;
        }
        return server;
    }

    private synchronized void launch() throws InterruptedException {
        // Without AOF, --save "" and --appendonly no: test data must never outlive the process or touch disk.
        ProcessBuilder builder = new ProcessBuilder(executable.toString(),
                "--port", String.valueOf(endpoint.port()), "--bind", "127.0.0.1", "--save", "",
                "--appendonly", aof ? "yes" : "no", "--appendfsync", "always", "--daemonize", "no", "--dir", workDir.toString())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(workDir.resolve("redis.log").toFile()));
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new IllegalStateException("cannot run " + executable, e);
        }
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        while (!RedisProbe.answersPing(endpoint)) {
            if (!process.isAlive() || System.nanoTime() > deadline) {
                stop();
                throw new IllegalStateException("redis-server did not come up on port " + endpoint.port());
            }
            Thread.sleep(20);
        }
        log.info("Started {} for tests at {}{}", executable, endpoint, aof ? " (AOF)" : "");
    }
}
