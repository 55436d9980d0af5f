package com.sage200events.common.kafka;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.TopicExistsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates our topics at start-up through the Admin client, with the partitions, replication and configs we
 * need (brokers should not auto-create them: an auto-created topic gets the broker's defaults), and refuses
 * to start on an existing topic we cannot work with.
 */
public final class TopicProvisioner {

    private static final Logger log = LoggerFactory.getLogger(TopicProvisioner.class);

    private TopicProvisioner() {
    }

    /** Creates the missing topics of {@code specs}; throws {@link IncompatibleTopicException} for unusable ones. */
    public static void ensure(String bootstrapServers, Collection<TopicSpec> specs) {
        try (Admin admin = KafkaClients.admin(bootstrapServers)) {
            var existing = admin.listTopics().names().get(30, TimeUnit.SECONDS);
            List<TopicSpec> missing = specs.stream().filter(s -> !existing.contains(s.name())).toList();
            List<TopicSpec> present = specs.stream().filter(s -> existing.contains(s.name())).toList();
            checkCompatible(admin, present);
            create(admin, missing);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot check or create Kafka topics " + specs.stream().map(TopicSpec::name).toList()
                    + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating Kafka topics", e);
        }
    }

    /** Creates {@code names} with default retention (7 days); for tests and tools. */
    public static void ensure(String bootstrapServers, Collection<String> names, int partitions, short replication) {
        ensure(bootstrapServers, names.stream().map(n -> new TopicSpec(n, partitions, replication, Topics.DEFAULT_RETENTION)).toList());
    }

    private static void create(Admin admin, List<TopicSpec> missing) throws ExecutionException, InterruptedException, TimeoutException {
        if (missing.isEmpty()) {
            return;
        }
        List<NewTopic> topics = missing.stream()
                .map(s -> new NewTopic(s.name(), s.partitions(), s.replicationFactor()).configs(s.configs())).toList();
        try {
            admin.createTopics(topics).all().get(30, TimeUnit.SECONDS);
            missing.forEach(s -> log.info("created topic {} ({} partitions, replication {}, {})", s.name(), s.partitions(),
                    s.replicationFactor(), s.configs()));
        } catch (ExecutionException e) {
            // Another replica starting at the same moment may have won the race; that is fine.
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw e;
            }
        }
    }

    private static void checkCompatible(Admin admin, List<TopicSpec> present) throws ExecutionException, InterruptedException, TimeoutException {
        if (present.isEmpty()) {
            return;
        }
        List<ConfigResource> resources = present.stream().map(s -> new ConfigResource(ConfigResource.Type.TOPIC, s.name())).toList();
        Map<ConfigResource, Config> configs = admin.describeConfigs(resources).all().get(30, TimeUnit.SECONDS);
        Map<String, TopicDescription> descriptions = admin.describeTopics(present.stream().map(TopicSpec::name).toList())
                .allTopicNames().get(30, TimeUnit.SECONDS);
        List<String> problems = new ArrayList<>();
        for (TopicSpec spec : present) {
            Config config = configs.get(new ConfigResource(ConfigResource.Type.TOPIC, spec.name()));
            String policy = config.get("cleanup.policy") == null ? "delete" : config.get("cleanup.policy").value();
            if (policy.contains("compact")) {
                problems.add("topic " + spec.name() + " has cleanup.policy=" + policy + " but must be delete: compaction keeps only"
                        + " the last record per key and would drop events");
            }
            int partitions = descriptions.get(spec.name()).partitions().size();
            if (partitions < spec.partitions()) {
                // Fewer partitions only limits parallelism; keys still keep each instance's records in order.
                log.info("topic {} has {} partitions ({} configured): fewer consumers can share it", spec.name(), partitions,
                        spec.partitions());
            }
        }
        if (!problems.isEmpty()) {
            throw new IncompatibleTopicException(String.join("; ", problems));
        }
    }

    /** An existing topic we cannot work with; the service must not start. */
    public static final class IncompatibleTopicException extends IllegalStateException {
        public IncompatibleTopicException(String message) {
            super(message);
        }
    }
}
