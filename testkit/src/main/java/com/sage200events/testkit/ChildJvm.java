package com.sage200events.testkit;

import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A service's {@code main} started as a process of its own on this JVM's class path, for tests that kill it
 * with SIGKILL. Its output goes to a log file under {@code target/}, which the test names.
 */
public final class ChildJvm {

    private ChildJvm() {
    }

    /**
     * What every service reads to find this test's broker, Redis and names (README "Configuration").
     *
     * @param prefix the test's topic and Redis key prefix
     * @param partitions {@code TOPIC_PARTITIONS} for the topics the service creates
     */
    public static Map<String, String> serviceEnv(String kafkaBootstrapServers, String redisUrl, String prefix, int partitions) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("KAFKA_BOOTSTRAP_SERVERS", kafkaBootstrapServers);
        env.put("REDIS_URL", redisUrl);
        env.put("TOPIC_PREFIX", prefix);
        env.put("REDIS_KEY_PREFIX", prefix);
        env.put("TOPIC_PARTITIONS", Integer.toString(partitions));
        return env;
    }

    /**
     * Starts {@code main} with a 256 MiB heap and {@code env} added to this process's environment.
     *
     * @param logName the log file's name under {@code target/}
     */
    public static Process start(Class<?> main, Map<String, String> env, String logName) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-cp", System.getProperty("java.class.path"), main.getName());
        builder.environment().putAll(env);
        File log = Path.of("target", logName).toFile();
        return builder.redirectErrorStream(true).redirectOutput(log).start();
    }
}
