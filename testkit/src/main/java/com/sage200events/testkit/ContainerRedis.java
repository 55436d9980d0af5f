package com.sage200events.testkit;

import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * Redis from Testcontainers, the last resort. Kept in its own class so that Testcontainers (and its
 * Docker probing) is only loaded on machines that got this far down the list.
 */
final class ContainerRedis {

    private static final int REDIS_PORT = 6379;

    private ContainerRedis() {}

    static boolean dockerAvailable() {
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException | LinkageError probeFailed) {
            return false;
        }
    }

    /** Started container, stopped at JVM exit; Ryuk removes it even if the JVM dies abruptly. */
    static RedisEndpoint startUntilJvmExit() {
        GenericContainer<?> container = new GenericContainer<>(DockerImageName.parse("redis:7"))
                .withExposedPorts(REDIS_PORT);
        container.start();
        Runtime.getRuntime().addShutdownHook(new Thread(container::stop, "test-redis-container-shutdown"));
        return new RedisEndpoint(container.getHost(), container.getMappedPort(REDIS_PORT));
    }
}
