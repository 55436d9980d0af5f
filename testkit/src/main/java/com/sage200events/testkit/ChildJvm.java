package com.sage200events.testkit;

import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

/**
 * A service's {@code main} started as a process of its own on this JVM's class path, for tests that kill it
 * with SIGKILL. Its output goes to a log file under {@code target/}, which the test names.
 */
public final class ChildJvm {

    private ChildJvm() {
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
