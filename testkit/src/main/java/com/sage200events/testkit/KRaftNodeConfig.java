package com.sage200events.testkit;

import java.nio.file.Path;
import java.util.Properties;

/**
 * Server properties for a single combined broker+controller node, sized for a laptop rather than a
 * cluster. Kafka's defaults assume three brokers and lots of memory; each override below says which
 * default would otherwise bite.
 */
record KRaftNodeConfig(int brokerPort, int controllerPort, Path logDir, int defaultPartitions) {

    static final int NODE_ID = 1;
    private static final String HOST = "127.0.0.1";

    Properties toProperties() {
        Properties p = new Properties();
        p.setProperty("process.roles", "broker,controller");
        p.setProperty("node.id", String.valueOf(NODE_ID));
        // A static voter set (rather than --standalone dynamic quorum) keeps the controller address out
        // of the persisted metadata, so a reused data dir may come back with a different controller port.
        p.setProperty("controller.quorum.voters", NODE_ID + "@" + HOST + ":" + controllerPort);
        p.setProperty("controller.listener.names", "CONTROLLER");
        p.setProperty("listeners", "PLAINTEXT://" + HOST + ":" + brokerPort + ",CONTROLLER://" + HOST + ":" + controllerPort);
        p.setProperty("advertised.listeners", "PLAINTEXT://" + HOST + ":" + brokerPort);
        p.setProperty("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        p.setProperty("inter.broker.listener.name", "PLAINTEXT");
        p.setProperty("log.dirs", logDir.toAbsolutePath().toString());

        // Internal topics default to replication factor 3 and 50 partitions: with one broker the former
        // fails their creation outright, the latter costs seconds and hundreds of files per test JVM.
        p.setProperty("offsets.topic.replication.factor", "1");
        p.setProperty("offsets.topic.num.partitions", "1");
        p.setProperty("transaction.state.log.replication.factor", "1");
        p.setProperty("transaction.state.log.min.isr", "1");
        p.setProperty("transaction.state.log.num.partitions", "1");
        p.setProperty("share.coordinator.state.topic.replication.factor", "1");
        p.setProperty("share.coordinator.state.topic.min.isr", "1");
        p.setProperty("share.coordinator.state.topic.num.partitions", "1");
        p.setProperty("default.replication.factor", "1");
        p.setProperty("min.insync.replicas", "1");
        p.setProperty("num.partitions", String.valueOf(defaultPartitions));
        // Topics are part of our contract (DESIGN §2): a typo in a topic name must fail, not create one.
        p.setProperty("auto.create.topics.enable", "false");

        // The first consumer group join otherwise waits 3 s for more members that never come.
        p.setProperty("group.initial.rebalance.delay.ms", "0");
        // The cleaner allocates its dedupe buffer eagerly on the heap: 128 MiB by default.
        p.setProperty("log.cleaner.dedupe.buffer.size", String.valueOf(2 * 1024 * 1024));
        p.setProperty("num.network.threads", "2");
        p.setProperty("num.io.threads", "2");
        p.setProperty("background.threads", "2");
        // With offsets.topic.num.partitions=1 only one coordinator thread can ever have work.
        p.setProperty("group.coordinator.threads", "1");
        p.setProperty("num.recovery.threads.per.data.dir", "1");
        return p;
    }
}
