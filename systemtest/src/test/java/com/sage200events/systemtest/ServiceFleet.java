package com.sage200events.systemtest;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Starts the child JVMs of one test run and guarantees none outlives it: {@link #close()} kills what is still
 * running, and a JVM shutdown hook does the same if the test JVM itself is stopped before {@code close()} runs.
 *
 * <p>Each child gets only the environment the test names plus {@code PATH} and locale, so configuration by
 * environment variables is what is under test, not whatever the developer's shell happens to export.
 */
final class ServiceFleet implements AutoCloseable {

    private static final List<String> JVM_OPTIONS = List.of(
            // Small heaps and the serial collector: seven JVMs share two cores with other work.
            "-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Djava.net.preferIPv4Stack=true");
    private static final List<String> INHERITED = List.of("PATH", "LANG", "LC_ALL", "TZ", "TMPDIR");

    private final String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    private final String classpath;
    private final Path logDir;
    private final List<ServiceProcess> started = new CopyOnWriteArrayList<>();
    private final Map<String, Integer> starts = new HashMap<>();
    private final Thread reaper = new Thread(this::killAll, "systemtest-reaper");

    ServiceFleet(Path classpathFile, Path logDir) {
        try {
            this.classpath = Files.readString(classpathFile, StandardCharsets.UTF_8).strip();
            Files.createDirectories(logDir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + classpathFile + " (run through Maven: mvn verify -pl systemtest)", e);
        }
        this.logDir = logDir;
        Runtime.getRuntime().addShutdownHook(reaper);
    }

    /** Starts {@code mainClass} as {@code name}; a restart under the same name logs to {@code name.2.log}. */
    synchronized ServiceProcess start(String name, String mainClass, Map<String, String> env, String... args) {
        int count = starts.merge(name, 1, Integer::sum);
        Path log = logDir.resolve(count == 1 ? name + ".log" : name + "." + count + ".log");
        List<String> command = new ArrayList<>();
        command.add(java);
        command.addAll(JVM_OPTIONS);
        command.add("-cp");
        command.add(classpath);
        command.add(mainClass);
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command);
        Map<String, String> environment = builder.environment();
        environment.keySet().retainAll(INHERITED);
        environment.putAll(env);
        ServiceProcess process = ServiceProcess.start(name, builder, log);
        started.add(process);
        return process;
    }

    Path logDir() {
        return logDir;
    }

    @Override
    public void close() {
        killAll();
        try {
            Runtime.getRuntime().removeShutdownHook(reaper);
        } catch (IllegalStateException alreadyShuttingDown) {
            // the hook is running or has run; nothing is left to remove
        }
    }

    private void killAll() {
        for (ServiceProcess process : started) {
            if (process.isAlive()) {
                process.kill();
            }
        }
    }
}
