package com.sage200events.testkit;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import kafka.tools.StorageTool;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.utils.Time;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real Apache Kafka broker running in this JVM: one KRaft node acting as both broker and controller.
 *
 * <p>With no data dir given, the broker lives in a temp dir deleted on {@link #close()}. With a data dir,
 * the storage is formatted only the first time, so a restarted dev stack finds its topics and offsets.
 * {@link #restart()} stops and starts the broker on the same ports and storage, for broker-outage tests.
 */
public final class EmbeddedKafka implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedKafka.class);
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(60);

    private final Path root;
    private final boolean deleteOnClose;
    private final KRaftNodeConfig nodeConfig;
    private KafkaRaftServer server; // guarded by this; null while stopped

    private EmbeddedKafka(Path root, boolean deleteOnClose, KRaftNodeConfig nodeConfig) {
        this.root = root;
        this.deleteOnClose = deleteOnClose;
        this.nodeConfig = nodeConfig;
    }

    /** A throwaway broker on free ports in a temp dir. */
    public static EmbeddedKafka start() {
        return builder().start();
    }

    /** A broker keeping its data in {@code dataDir} across restarts; {@code port} 0 picks a free one. */
    public static EmbeddedKafka start(Path dataDir, int port) {
        return builder().dataDir(dataDir).port(port).start();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The {@code host:port} to give clients as {@code bootstrap.servers}. */
    public String bootstrapServers() {
        return "127.0.0.1:" + nodeConfig.brokerPort();
    }

    /**
     * Creates the topics (replication factor 1) and returns once the broker serves them. A topic that
     * already exists is left as it is, so callers on a persistent data dir may call this on every start.
     */
    public void createTopics(int partitions, String... names) {
        List<NewTopic> topics = Arrays.stream(names).map(name -> new NewTopic(name, partitions, (short) 1)).toList();
        try (Admin admin = newAdmin()) {
            for (var entry : admin.createTopics(topics).values().entrySet()) {
                try {
                    entry.getValue().get();
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw new IllegalStateException("cannot create topic " + entry.getKey(), e.getCause());
                    }
                }
            }
            // The controller acknowledges creation once the record is committed; the broker half may
            // apply it a moment later, and until then clients see UNKNOWN_TOPIC_OR_PARTITION.
            TopicReadiness.await(admin, List.of(names), READY_TIMEOUT);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating topics", e);
        }
    }

    /** Stops and starts the broker on the same ports and storage; clients see an outage in between. */
    public synchronized void restart() {
        stop();
        launch();
    }

    /** Stops the broker cleanly, keeping its storage; {@link #restart()} brings it back. Idempotent. */
    public synchronized void stop() {
        if (server == null) {
            return;
        }
        KafkaRaftServer stopping = server;
        server = null;
        stopping.shutdown();
        stopping.awaitShutdown();
    }

    /** Stops the broker and, for a temp-dir broker, deletes its storage. Idempotent. */
    @Override
    public synchronized void close() {
        try {
            stop();
        } finally {
            if (deleteOnClose) {
                Directories.deleteQuietly(root);
            }
        }
    }

    private synchronized EmbeddedKafka launch() {
        long started = System.nanoTime();
        Properties props = nodeConfig.toProperties();
        formatOnce(props);
        KafkaRaftServer starting = new KafkaRaftServer(new KafkaConfig(props), Time.SYSTEM);
        try {
            starting.startup();
            awaitReady();
        } catch (RuntimeException e) {
            starting.shutdown();
            starting.awaitShutdown();
            throw e;
        }
        server = starting;
        log.info("Kafka broker ready at {} in {} ms (data in {})",
                bootstrapServers(), Duration.ofNanos(System.nanoTime() - started).toMillis(), root);
        return this;
    }

    /** {@code meta.properties} is what the broker itself checks to tell a formatted log dir. */
    private void formatOnce(Properties props) {
        if (Files.exists(nodeConfig.logDir().resolve("meta.properties"))) {
            return;
        }
        Path configFile = root.resolve("server.properties");
        try (OutputStream out = Files.newOutputStream(configFile)) {
            props.store(out, "written by EmbeddedKafka for kafka-storage format");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + configFile, e);
        }
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        String[] args = {"format", "--config", configFile.toString(), "--cluster-id", Uuid.randomUuid().toString()};
        int exitCode;
        try (PrintStream print = new PrintStream(output, true, StandardCharsets.UTF_8)) {
            // execute() rather than main(): main() calls Exit.exit, which would end the test JVM.
            exitCode = StorageTool.execute(args, print);
        }
        String text = output.toString(StandardCharsets.UTF_8).strip();
        if (exitCode != 0) {
            throw new IllegalStateException("kafka-storage format failed (" + exitCode + "): " + text);
        }
        log.debug("kafka-storage format: {}", text);
    }

    private void awaitReady() {
        try (Admin admin = newAdmin()) {
            var nodes = admin.describeCluster().nodes().get(READY_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            if (nodes.isEmpty()) {
                throw new IllegalStateException("Kafka broker started but reports no nodes");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the broker", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("Kafka broker did not become ready at " + bootstrapServers(), e);
        }
    }

    private Admin newAdmin() {
        return Admin.create(Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers(),
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) READY_TIMEOUT.toMillis()));
    }

    /** Options for an {@link EmbeddedKafka}; every one has a default fit for tests. */
    public static final class Builder {
        private Path dataDir;
        private int port;
        private int defaultPartitions = 1;

        private Builder() {}

        /** Persistent storage, formatted on first use only. Default: a temp dir deleted on close. */
        public Builder dataDir(Path dataDir) {
            this.dataDir = dataDir;
            return this;
        }

        /** The client port; 0 (the default) picks a free one. */
        public Builder port(int port) {
            if (port < 0 || port > 65_535) {
                throw new IllegalArgumentException("port must be 0..65535, was " + port);
            }
            this.port = port;
            return this;
        }

        /** {@code num.partitions}, used when a client creates a topic without saying how many. */
        public Builder defaultPartitions(int defaultPartitions) {
            if (defaultPartitions < 1) {
                throw new IllegalArgumentException("defaultPartitions must be at least 1, was " + defaultPartitions);
            }
            this.defaultPartitions = defaultPartitions;
            return this;
        }

        public EmbeddedKafka start() {
            boolean temporary = dataDir == null;
            Path root = temporary ? Directories.createTemp("embedded-kafka-") : dataDir;
            try {
                Files.createDirectories(root);
                var node = new KRaftNodeConfig(port == 0 ? FreePorts.next() : port, FreePorts.next(),
                        root.resolve("kafka-logs"), defaultPartitions);
                return new EmbeddedKafka(root, temporary, node).launch();
            } catch (IOException e) {
                if (temporary) {
                    Directories.deleteQuietly(root);
                }
                throw new UncheckedIOException("cannot create " + root, e);
            } catch (RuntimeException e) {
                if (temporary) {
                    Directories.deleteQuietly(root);
                }
                throw e;
            }
        }
    }
}
