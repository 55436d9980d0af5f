package com.sage200events.testkit;

import java.time.Duration;
import java.util.Collection;
import java.util.Map;
import java.util.concurrent.ExecutionException;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.TopicDescription;

/** Waits until every partition of some topics has a leader, as seen by the broker's metadata cache. */
final class TopicReadiness {

    private static final long POLL_MILLIS = 20;

    private TopicReadiness() {}

    static void await(Admin admin, Collection<String> topics, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!allLed(admin, topics)) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("topics " + topics + " have no leader after " + timeout);
            }
            Thread.sleep(POLL_MILLIS);
        }
    }

    private static boolean allLed(Admin admin, Collection<String> topics) throws InterruptedException {
        try {
            Map<String, TopicDescription> descriptions = admin.describeTopics(topics).allTopicNames().get();
            return descriptions.values().stream()
                    .flatMap(d -> d.partitions().stream())
                    .allMatch(p -> p.leader() != null && !p.leader().isEmpty());
        } catch (ExecutionException notYetVisible) {
            return false;
        }
    }
}
