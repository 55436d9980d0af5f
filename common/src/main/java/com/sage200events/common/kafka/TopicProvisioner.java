package com.sage200events.common.kafka;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.InvalidConfigurationException;
import org.apache.kafka.common.errors.InvalidRequestException;
import org.apache.kafka.common.errors.PolicyViolationException;
import org.apache.kafka.common.errors.TopicExistsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates our topics at start-up through the Admin client, with the partitions, replication and configs we
 * need (brokers should not auto-create them: an auto-created topic gets the broker's defaults), brings an
 * existing topic up to what our records need, and refuses to start on an existing topic we cannot work with.
 *
 * <p>For a topic that already exists (one left by an older version, or made by an operator):
 * <ul>
 *   <li>{@code cleanup.policy} containing {@code compact}: start-up fails ({@link IncompatibleTopicException}).</li>
 *   <li>{@code max.message.bytes} below {@link TopicSpec#MAX_MESSAGE_BYTES} (e.g. the broker default of about 1 MB
 *       that topics created before {@link TopicSpec#configs()} kept): raised to it with {@code incrementalAlterConfigs}
 *       (SET) and an INFO line naming topic, old and new value, else the broker would refuse our large notifications
 *       at publish time. A value at or above ours is an operator's and is never lowered. If the broker refuses the
 *       change (no ALTER_CONFIGS permission, an alter-config policy), start-up fails with an
 *       {@link IncompatibleTopicException} naming the {@code kafka-configs.sh} command that makes the change.</li>
 *   <li>Fewer partitions than configured: an INFO line; it only limits how many consumers can share the topic.</li>
 *   <li>{@code retention.ms}: left as it is. The spec's retention is what we create a topic with; on an existing
 *       topic a shorter one (disk) or a longer one (replay, audit) is an operator's choice, and neither makes our
 *       records unpublishable the way a too small {@code max.message.bytes} does.</li>
 * </ul>
 */
public final class TopicProvisioner {

    private static final Logger log = LoggerFactory.getLogger(TopicProvisioner.class);

    private TopicProvisioner() {
    }

    /**
     * Creates the missing topics of {@code specs} and raises a too small {@code max.message.bytes} on the present ones.
     *
     * @throws IncompatibleTopicException for a present topic we cannot use, or whose record size limit we may not raise
     * @throws IllegalStateException when the broker cannot be asked (unreachable, timeout)
     */
    public static void ensure(String bootstrapServers, Collection<TopicSpec> specs) {
        try (Admin admin = KafkaClients.admin(bootstrapServers)) {
            var existing = admin.listTopics().names().get(30, TimeUnit.SECONDS);
            List<TopicSpec> missing = specs.stream().filter(s -> !existing.contains(s.name())).toList();
            List<TopicSpec> present = specs.stream().filter(s -> existing.contains(s.name())).toList();
            Map<String, Integer> tooSmall = checkCompatible(admin, present);
            raiseMaxMessageBytes(admin, bootstrapServers, tooSmall);
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

    /**
     * Fails on a present topic we cannot work with; returns those whose {@code max.message.bytes} is below
     * {@link TopicSpec#MAX_MESSAGE_BYTES}, as topic name to current value, in {@code present}'s order. Retention is
     * deliberately not compared: on an existing topic it is the operator's choice (see the class comment).
     */
    private static Map<String, Integer> checkCompatible(Admin admin, List<TopicSpec> present)
            throws ExecutionException, InterruptedException, TimeoutException {
        Map<String, Integer> tooSmall = new LinkedHashMap<>();
        if (present.isEmpty()) {
            return tooSmall;
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
            ConfigEntry maxMessageBytes = config.get(TopicConfig.MAX_MESSAGE_BYTES_CONFIG);
            if (maxMessageBytes != null && Integer.parseInt(maxMessageBytes.value()) < TopicSpec.MAX_MESSAGE_BYTES) {
                tooSmall.put(spec.name(), Integer.parseInt(maxMessageBytes.value()));
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
        return tooSmall;
    }

    /**
     * Sets {@code max.message.bytes} of each topic in {@code tooSmall} (name to current value) to
     * {@link TopicSpec#MAX_MESSAGE_BYTES}. Only this one key is sent (incremental SET), so the topic's other
     * overrides stay as they are; another replica raising the same topic at the same moment sets the same value.
     */
    private static void raiseMaxMessageBytes(Admin admin, String bootstrapServers, Map<String, Integer> tooSmall)
            throws ExecutionException, InterruptedException, TimeoutException {
        if (tooSmall.isEmpty()) {
            return;
        }
        AlterConfigOp set = new AlterConfigOp(
                new ConfigEntry(TopicConfig.MAX_MESSAGE_BYTES_CONFIG, Integer.toString(TopicSpec.MAX_MESSAGE_BYTES)), AlterConfigOp.OpType.SET);
        Map<ConfigResource, Collection<AlterConfigOp>> alters = new LinkedHashMap<>();
        tooSmall.keySet().forEach(topic -> alters.put(new ConfigResource(ConfigResource.Type.TOPIC, topic), List.of(set)));
        Map<ConfigResource, KafkaFuture<Void>> results = admin.incrementalAlterConfigs(alters).values();
        List<String> refused = new ArrayList<>();
        for (Map.Entry<String, Integer> entry : tooSmall.entrySet()) {
            String topic = entry.getKey();
            try {
                results.get(new ConfigResource(ConfigResource.Type.TOPIC, topic)).get(30, TimeUnit.SECONDS);
                log.info("raised max.message.bytes of topic {} from {} to {} so that our largest notifications fit", topic,
                        entry.getValue(), TopicSpec.MAX_MESSAGE_BYTES);
            } catch (ExecutionException e) {
                if (!isRefusal(e.getCause())) {
                    throw e;
                }
                refused.add(refusedRaise(topic, entry.getValue(), bootstrapServers, e.getCause()));
            }
        }
        if (!refused.isEmpty()) {
            throw new IncompatibleTopicException(String.join("; ", refused));
        }
    }

    /**
     * Whether the broker said no to the change itself, which retrying will not fix: no permission (ALTER_CONFIGS on
     * the topic or cluster), an {@code alter.config.policy.class.name} policy, or a value it will not take. Anything
     * else (timeouts, a broker going away) is a failure to ask, not a refusal.
     */
    static boolean isRefusal(Throwable cause) {
        return cause instanceof AuthorizationException || cause instanceof PolicyViolationException
                || cause instanceof InvalidConfigurationException || cause instanceof InvalidRequestException;
    }

    /** The part of an {@link IncompatibleTopicException} message for one topic whose raise was refused. */
    static String refusedRaise(String topic, int current, String bootstrapServers, Throwable cause) {
        return "topic " + topic + " has max.message.bytes=" + current + " but needs at least " + TopicSpec.MAX_MESSAGE_BYTES
                + " (our largest records), and raising it was refused (" + cause.getClass().getSimpleName() + ": "
                + cause.getMessage() + "); an operator can raise it with: kafka-configs.sh --bootstrap-server " + bootstrapServers
                + " --alter --entity-type topics --entity-name " + topic + " --add-config "
                + TopicConfig.MAX_MESSAGE_BYTES_CONFIG + "=" + TopicSpec.MAX_MESSAGE_BYTES
                + " (with --command-config giving an admin's credentials on a secured cluster)";
    }

    /** An existing topic we cannot work with; the service must not start. */
    public static final class IncompatibleTopicException extends IllegalStateException {
        public IncompatibleTopicException(String message) {
            super(message);
        }
    }
}
