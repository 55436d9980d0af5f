package com.sage200events.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedKafkaIT {

    @Test
    void aRecordProducedToACreatedTopicIsConsumedBack() throws Exception {
        String topic = TestKafka.uniquePrefix() + "events";
        TestKafka.broker().createTopics(3, topic);

        KafkaRecords.send(TestKafka.bootstrapServers(), topic, "instance-1", "{\"n\":1}");

        ConsumerRecord<String, String> record =
                KafkaRecords.consume(TestKafka.bootstrapServers(), topic + "-group", topic, 1).get(0);
        assertThat(record.key()).isEqualTo("instance-1");
        assertThat(record.value()).isEqualTo("{\"n\":1}");
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, TestKafka.bootstrapServers()))) {
            assertThat(admin.describeTopics(Set.of(topic)).allTopicNames().get().get(topic).partitions()).hasSize(3);
        }
    }

    @Test
    void topicsAreNotCreatedImplicitly() {
        String missing = TestKafka.uniquePrefix() + "never-created";

        assertThatThrownBy(() -> {
            try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, TestKafka.bootstrapServers()))) {
                admin.describeTopics(Set.of(missing)).allTopicNames().get();
            }
        }).isInstanceOf(ExecutionException.class).hasCauseInstanceOf(UnknownTopicOrPartitionException.class);
    }

    @Test
    void creatingAnExistingTopicAgainIsHarmless() {
        String topic = TestKafka.uniquePrefix() + "twice";
        TestKafka.broker().createTopics(1, topic);

        assertThatCode(() -> TestKafka.broker().createTopics(1, topic)).doesNotThrowAnyException();
    }

    @Test
    void aPersistentDataDirKeepsRecordsAcrossBrokerInstances(@TempDir Path dataDir) throws Exception {
        String topic = "kept";
        try (EmbeddedKafka first = EmbeddedKafka.start(dataDir, 0)) {
            first.createTopics(1, topic);
            KafkaRecords.send(first.bootstrapServers(), topic, "k", "before");
        }
        assertThat(Files.exists(dataDir.resolve("kafka-logs/meta.properties"))).isTrue();

        try (EmbeddedKafka second = EmbeddedKafka.start(dataDir, 0)) {
            assertThat(KafkaRecords.consume(second.bootstrapServers(), "g", topic, 1).get(0).value()).isEqualTo("before");
        }
    }

    @Test
    void restartKeepsTheAddressAndTheData() throws Exception {
        try (EmbeddedKafka broker = EmbeddedKafka.start()) {
            String bootstrap = broker.bootstrapServers();
            broker.createTopics(1, "survives");
            KafkaRecords.send(bootstrap, "survives", "k", "v");

            broker.restart();

            assertThat(broker.bootstrapServers()).isEqualTo(bootstrap);
            assertThat(KafkaRecords.consume(bootstrap, "g", "survives", 1).get(0).value()).isEqualTo("v");
        }
    }

    @Test
    void closingATemporaryBrokerDeletesItsStorage() throws Exception {
        EmbeddedKafka broker = EmbeddedKafka.start();
        Path root;
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()))) {
            String logDir = admin.describeLogDirs(Set.of(KRaftNodeConfig.NODE_ID)).allDescriptions().get()
                    .get(KRaftNodeConfig.NODE_ID).keySet().iterator().next();
            root = Path.of(logDir).getParent();
        }
        assertThat(root).exists();

        broker.close();

        assertThat(root).doesNotExist();
    }
}
