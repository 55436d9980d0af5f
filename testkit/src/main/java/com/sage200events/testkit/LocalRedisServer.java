package com.sage200events.testkit;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A throwaway {@code redis-server} child process on a free port, with persistence switched off. */
final class LocalRedisServer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(LocalRedisServer.class);
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(10);
    private static final int ATTEMPTS = 3;

    private final Process process;
    private final Path workDir;
    private final RedisEndpoint endpoint;

    private LocalRedisServer(Process process, Path workDir, RedisEndpoint endpoint) {
        this.process = process;
        this.workDir = workDir;
        this.endpoint = endpoint;
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
        IllegalStateException last = null;
        for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
            try {
                return startOnce(executable, FreePorts.next());
            } catch (IllegalStateException e) {
                last = e;
            }
        }
        throw last;
    }

    RedisEndpoint endpoint() {
        return endpoint;
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        } finally {
            Directories.deleteQuietly(workDir);
        }
    }

    private static LocalRedisServer startOnce(Path executable, int port) throws InterruptedException {
        Path workDir = Directories.createTemp("test-redis-");
        RedisEndpoint endpoint = new RedisEndpoint("127.0.0.1", port);
        Process process;
        try {
            // --save "" and --appendonly no: test data must never outlive the process or touch disk.
            process = new ProcessBuilder(executable.toString(),
                    "--port", String.valueOf(port), "--bind", "127.0.0.1",
                    "--save", "", "--appendonly", "no", "--daemonize", "no", "--dir", workDir.toString())
                    .redirectErrorStream(true)
                    .redirectOutput(workDir.resolve("redis.log").toFile())
                    .start();
        } catch (IOException e) {
            Directories.deleteQuietly(workDir);
            throw new IllegalStateException("cannot run " + executable, e);
        }
        LocalRedisServer server = new LocalRedisServer(process, workDir, endpoint);
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        while (!RedisProbe.answersPing(endpoint)) {
            if (!process.isAlive() || System.nanoTime() > deadline) {
                server.close();
                throw new IllegalStateException("redis-server did not come up on port " + port);
            }
            Thread.sleep(20);
        }
        log.info("Started {} for tests at {}", executable, endpoint);
        return server;
    }
}
