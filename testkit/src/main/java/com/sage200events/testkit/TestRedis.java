package com.sage200events.testkit;

import java.nio.file.Path;
import java.util.Optional;

import org.opentest4j.TestAbortedException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Redis a test JVM uses, resolved once in the order DESIGN §2 fixes:
 * {@code REDIS_URL}; else {@code localhost:6379} if it answers PING; else a {@code redis-server} from
 * {@code PATH} on a free port; else Testcontainers {@code redis:7} if Docker is available; else the calling
 * test is skipped (aborted), not failed, since the machine simply cannot run it.
 *
 * <p>Tests share the Redis but never a key: each prefixes its keys with {@link #uniquePrefix()} and never
 * flushes data it does not own.
 */
public final class TestRedis {

    private static final Logger log = LoggerFactory.getLogger(TestRedis.class);
    static final RedisEndpoint DEFAULT_LOCAL = new RedisEndpoint("localhost", 6379);

    private static RedisEndpoint resolved; // guarded by TestRedis.class
    private static String unavailable;     // guarded by TestRedis.class; remembered so each test skips fast

    private TestRedis() {}

    /** @throws TestAbortedException when no Redis can be found or started on this machine */
    public static synchronized RedisEndpoint endpoint() {
        if (resolved == null && unavailable == null) {
            resolve(System.getenv("REDIS_URL")).ifPresentOrElse(
                    endpoint -> resolved = endpoint,
                    () -> unavailable = "No Redis for tests: REDIS_URL is unset, nothing answers PING at "
                            + DEFAULT_LOCAL + ", no redis-server is on PATH and no Docker engine is available");
        }
        if (resolved == null) {
            throw new TestAbortedException(unavailable);
        }
        return resolved;
    }

    /** A fresh key prefix such as {@code t:1a2b3c4d:7:}. */
    public static String uniquePrefix() {
        return UniquePrefixes.next(":");
    }

    static Optional<RedisEndpoint> resolve(String redisUrl) {
        if (redisUrl != null && !redisUrl.isBlank()) {
            RedisEndpoint fromEnv = RedisEndpoint.parse(redisUrl);
            log.info("Tests use Redis from REDIS_URL at {}:{}", fromEnv.host(), fromEnv.port());
            return Optional.of(fromEnv);
        }
        if (RedisProbe.answersPing(DEFAULT_LOCAL)) {
            log.info("Tests use the Redis already running at {}", DEFAULT_LOCAL);
            return Optional.of(DEFAULT_LOCAL);
        }
        Optional<Path> executable = LocalRedisServer.findOnPath();
        if (executable.isPresent()) {
            return Optional.of(startLocal(executable.get()));
        }
        if (ContainerRedis.dockerAvailable()) {
            RedisEndpoint endpoint = ContainerRedis.startUntilJvmExit();
            log.info("Tests use Redis in a Testcontainers container at {}", endpoint);
            return Optional.of(endpoint);
        }
        return Optional.empty();
    }

    private static RedisEndpoint startLocal(Path executable) {
        try {
            LocalRedisServer server = LocalRedisServer.start(executable);
            Runtime.getRuntime().addShutdownHook(new Thread(server::close, "test-redis-shutdown"));
            return server.endpoint();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while starting redis-server", e);
        }
    }
}
