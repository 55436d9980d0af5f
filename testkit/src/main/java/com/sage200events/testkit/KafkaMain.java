package com.sage200events.testkit;

import java.util.concurrent.CountDownLatch;

/**
 * A standalone single-node KRaft broker (broker and controller in one process) for the local multi-process
 * stack ({@code bin/stack}) and the system test: the {@link EmbeddedKafka} of the tests, as its own JVM.
 * Options: see {@link KafkaMainOptions}. The data dir survives restarts, so topics and committed offsets do too.
 *
 * <p>Prints {@code Kafka broker ready at host:port} on stdout once clients can connect; scripts wait for that
 * line. SIGTERM stops the broker cleanly (a controlled shutdown, so the next start needs no log recovery).
 */
public final class KafkaMain {

    /** What scripts and tests look for in the output, followed by {@code host:port}. */
    public static final String READY_LINE = "Kafka broker ready at ";

    private KafkaMain() {}

    public static void main(String[] args) throws InterruptedException {
        KafkaMainOptions options;
        try {
            options = KafkaMainOptions.parse(args, System.getenv());
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(64);
            return;
        }
        EmbeddedKafka kafka;
        try {
            kafka = EmbeddedKafka.start(options.dataDir(), options.port());
        } catch (RuntimeException e) {
            // Broker threads that did start are not daemons and would keep a failed JVM alive.
            e.printStackTrace();
            System.exit(1);
            return;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.out.println("Kafka broker stopping");
            kafka.close();
            System.out.println("Kafka broker stopped");
            stopped.countDown();
        }, "kafka-main-shutdown"));
        System.out.println(READY_LINE + kafka.bootstrapServers() + " (data in " + options.dataDir().toAbsolutePath() + ")");
        stopped.await();
    }
}
