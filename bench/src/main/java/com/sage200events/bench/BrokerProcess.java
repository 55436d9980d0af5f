package com.sage200events.bench;

import com.sage200events.testkit.KafkaMain;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A KRaft broker in its own JVM ({@link KafkaMain}, port 0 = a free one), so a bench's figures and heap are
 * the measured service's, not the broker's. Started from this JVM's class path; stopped with SIGTERM.
 */
final class BrokerProcess implements AutoCloseable {

    private final Process process;
    private final Path dataDir;
    private final String bootstrapServers;

    private BrokerProcess(Process process, Path dataDir, String bootstrapServers) {
        this.process = process;
        this.dataDir = dataDir;
        this.bootstrapServers = bootstrapServers;
    }

    static BrokerProcess start() throws IOException {
        Path dataDir = Files.createTempDirectory("bench-kafka");
        Process process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx768m",
                "-cp", System.getProperty("java.class.path"), KafkaMain.class.getName(), "--port", "0", "--data-dir", dataDir.toString())
                .redirectErrorStream(true).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        String line;
        while ((line = out.readLine()) != null) {
            int at = line.indexOf(KafkaMain.READY_LINE);
            if (at >= 0) {
                String address = line.substring(at + KafkaMain.READY_LINE.length()).split(" ")[0];
                Thread drain = new Thread(() -> {
                    try {
                        out.lines().forEach(l -> { });
                    } catch (java.io.UncheckedIOException closed) {
                        // the broker is gone
                    }
                }, "broker-output");
                drain.setDaemon(true);
                drain.start();
                return new BrokerProcess(process, dataDir, address);
            }
        }
        throw new IOException("the broker process ended before it was ready (exit " + process.exitValue() + ")");
    }

    String bootstrapServers() {
        return bootstrapServers;
    }

    @Override
    public void close() throws IOException, InterruptedException {
        process.destroy();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        try (Stream<Path> files = Files.walk(dataDir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
