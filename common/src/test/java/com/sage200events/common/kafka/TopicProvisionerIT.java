package com.sage200events.common.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sage200events.testkit.TestKafka;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.Test;

/**
 * Start-up against topics left by an older version: a {@code max.message.bytes} below what our records need is
 * raised to {@link TopicSpec#MAX_MESSAGE_BYTES}; one an operator set higher is kept.
 */
class TopicProvisionerIT {

    /** The broker default (1 MB + record overhead) that topics created before {@code TopicSpec.configs()} kept. */
    private static final String BROKER_DEFAULT_MAX_MESSAGE_BYTES = "1048588";
    private static final int TEN_MIB = 10 * 1024 * 1024;

    @Test
    void anExistingTopicWithTheBrokerDefaultRecordSizeIsRaisedToOurs() throws Exception {
        String topic = TestKafka.uniquePrefix() + "events";
        createWithMaxMessageBytes(topic, BROKER_DEFAULT_MAX_MESSAGE_BYTES);

        TopicProvisioner.ensure(TestKafka.bootstrapServers(), List.of(spec(topic)));

        await().atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> assertThat(maxMessageBytes(topic)).isEqualTo(Integer.toString(TopicSpec.MAX_MESSAGE_BYTES)));
        // The broker now takes a record the old limit refused: 2 MiB of incompressible bytes.
        byte[] value = new byte[2 * 1024 * 1024];
        ThreadLocalRandom.current().nextBytes(value);
        try (KafkaProducer<String, byte[]> producer = KafkaClients.producer(TestKafka.bootstrapServers(), topic + "-p", Map.of())) {
            producer.send(new ProducerRecord<>(topic, "instance-1", value)).get(30, TimeUnit.SECONDS);
        }
    }

    @Test
    void aTopicSetHigherByAnOperatorIsLeftAloneWhileALowerOneNextToItIsRaised() throws Exception {
        String prefix = TestKafka.uniquePrefix();
        String higher = prefix + "events";
        String lower = prefix + "tasks";
        createWithMaxMessageBytes(higher, Integer.toString(TEN_MIB));
        createWithMaxMessageBytes(lower, BROKER_DEFAULT_MAX_MESSAGE_BYTES);

        TopicProvisioner.ensure(TestKafka.bootstrapServers(), List.of(spec(higher), spec(lower)));

        // The lower topic is the sign that ensure() has acted; only then is "unchanged" on the higher one worth checking.
        await().atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> assertThat(maxMessageBytes(lower)).isEqualTo(Integer.toString(TopicSpec.MAX_MESSAGE_BYTES)));
        assertThat(maxMessageBytes(higher)).isEqualTo(Integer.toString(TEN_MIB));
    }

    private static TopicSpec spec(String topic) {
        return new TopicSpec(topic, 1, (short) 1, Duration.ofDays(1));
    }

    private static void createWithMaxMessageBytes(String topic, String maxMessageBytes) throws Exception {
        try (Admin admin = KafkaClients.admin(TestKafka.bootstrapServers())) {
            admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1).configs(Map.of("max.message.bytes", maxMessageBytes))))
                    .all().get(30, TimeUnit.SECONDS);
            // ensure() must find the topic existing, not race to create it.
            await().atMost(Duration.ofSeconds(10)).until(() -> admin.listTopics().names().get(10, TimeUnit.SECONDS).contains(topic));
        }
    }

    private static String maxMessageBytes(String topic) throws Exception {
        ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
        try (Admin admin = KafkaClients.admin(TestKafka.bootstrapServers())) {
            return admin.describeConfigs(List.of(resource)).all().get(10, TimeUnit.SECONDS).get(resource).get("max.message.bytes").value();
        }
    }
}
